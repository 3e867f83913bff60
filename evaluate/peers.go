package evaluate

import (
	"postcrm"
	"postcrm/analysis"
	"postcrm/demo"
)

// peerSeries holds, per kind of customer, the daily items and postage of
// the customers of that kind without a change by the end of the month:
// how the month would have gone for a changed customer, had it not
// changed, is its own pre-change volume moved as its unchanged peers'
// moved. This is the truth's answer, independent of the analysis' model.
type peerSeries struct {
	from, first, last postcrm.Date
	items, fen        map[string][]float64
}

// peerLookback reaches back before the month far enough to hold any
// pre-change window of a change due in it.
const peerLookback = 150

func newPeerSeries(hs []analysis.CustomerHistory, kinds []*demo.TruthCustomer, first, last postcrm.Date) *peerSeries {
	p := &peerSeries{from: first.AddDays(-peerLookback), first: first, last: last,
		items: map[string][]float64{}, fen: map[string][]float64{}}
	n := postcrm.DaysBetween(p.from, last) + 1
	for i := range hs {
		h, tc := &hs[i], kinds[i]
		if h.First == 0 || h.First > p.from || (tc.Change != "none" && tc.ChangeDate <= last) {
			continue
		}
		items, fen := p.items[tc.Kind], p.fen[tc.Kind]
		if items == nil {
			items, fen = make([]float64, n), make([]float64, n)
			p.items[tc.Kind], p.fen[tc.Kind] = items, fen
		}
		off := postcrm.DaysBetween(h.First, p.from)
		for d := range n {
			items[d] += float64(h.Items[off+d])
			fen[d] += float64(h.Fen[off+d])
		}
	}
	return p
}

// detectable reports whether a changed customer shipped enough before
// its change to be a target, and whether the change is material in the
// month: a decline losing at least minFen, a churn silencing at least
// DetectableItems that would have come in the month.
func (p *peerSeries) detectable(h *analysis.CustomerHistory, tc *demo.TruthCustomer, minFen int64) (target, material bool) {
	if h.First == 0 {
		return false, false
	}
	to := postcrm.DaysBetween(h.First, tc.ChangeDate) // exclusive
	from := max(0, to-preChangeDays)
	if to-from < minPreChangeDays {
		return false, false
	}
	var items, fen float64
	for i := from; i < to; i++ {
		items += float64(h.Items[i])
		fen += float64(h.Fen[i])
	}
	if items*30/float64(to-from) < DetectableItems {
		return false, false
	}
	// The same days in the peers' series, and the changed days of the month.
	wFrom, wTo := h.First.AddDays(from), h.First.AddDays(to-1)
	cFrom := max(p.first, tc.ChangeDate)
	// Under an acceptance-policy adjustment the customer could only
	// lose what its offices still accepted: the refused share is gone
	// from its expectation whatever it does.
	open := meanOpen(h, cFrom, p.last)
	itemsRatio := p.ratio(p.items[tc.Kind], wFrom, wTo, cFrom, p.last)
	if tc.Change == "churn" {
		return true, items*itemsRatio*open >= DetectableItems
	}
	fenRatio := p.ratio(p.fen[tc.Kind], wFrom, wTo, cFrom, p.last)
	return true, fen*fenRatio*open*(1-tc.Factor) >= float64(minFen)
}

// meanOpen is the mean share of the customer's items its offices
// accepted over from..to (1 without adjustments).
func meanOpen(h *analysis.CustomerHistory, from, to postcrm.Date) float64 {
	if h.Open == nil || to < from {
		return 1
	}
	var sum float64
	n := 0
	for d := from; d <= to; d = d.AddDays(1) {
		if j := postcrm.DaysBetween(h.First, d); j >= 0 && j < len(h.Open) {
			sum += float64(h.Open[j])
			n++
		}
	}
	if n == 0 {
		return 1
	}
	return sum / float64(n)
}

// ratio is the series' sum over b..b2 divided by its sum over a..a2.
func (p *peerSeries) ratio(series []float64, a, a2, b, b2 postcrm.Date) float64 {
	sum := func(from, to postcrm.Date) float64 {
		s := 0.0
		for d := max(0, postcrm.DaysBetween(p.from, from)); d <= postcrm.DaysBetween(p.from, to); d++ {
			s += series[d]
		}
		return s
	}
	if series == nil {
		return 0
	}
	if base := sum(a, a2); base > 0 {
		return sum(b, b2) / base
	}
	return 0
}
