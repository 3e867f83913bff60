package analysis

import (
	"math"
	"slices"

	"postcrm"
)

// Slow start (新签客户起量慢). A customer signed within the last
// NewCustomerMonths is not judged against its own short history; instead
// its items over the last 30 days (or since signing, when sooner) are
// compared with what the customers signed earlier in the history shipped
// over the same days of their own first months: the peers in its 行业 when
// there are at least minSlowStartPeers of them, all of them otherwise.
// Each peer's count is moved by the province's volume in the customer's
// days against the peer's (a customer signed before the Spring Festival
// is not held to what peers shipped in an autumn). It is slow when it
// ships less than SlowStartShare of the peers' median.
const (
	slowStartWindow    = 30
	minSlowStartPeers  = 10
	minSlowStartSample = 5
)

func (a *analysis) slowStarts() []postcrm.Warning {
	t := a.t
	var refs []int
	for i := range a.hs {
		c := a.hs[i].Customer.ContractDate
		if c.Valid() && dayNumber(c) >= t.first && a.hs[i].First != 0 {
			refs = append(refs, i)
		}
	}
	index := a.provinceIndex()
	volume := func(from, to int) float64 { return index[to+1] - index[max(0, from)] }
	var out []postcrm.Warning
	var counts, postage []float64
	for i := range a.hs {
		h := &a.hs[i]
		if a.out[i].Skip != SkipNew || !h.Customer.ContractDate.Valid() {
			continue
		}
		sign := dayNumber(h.Customer.ContractDate) - t.first
		age := t.end - sign + 1
		if age < a.cfg.SlowStartMinDays {
			continue
		}
		window := min(slowStartWindow, age)
		own := volume(t.end-window+1, t.end)
		counts, postage = counts[:0], postage[:0]
		peers := func(sameIndustry bool) {
			for _, j := range refs {
				rj := &a.hs[j]
				if sameIndustry && rj.Customer.Industry != h.Customer.Industry {
					continue
				}
				end := dayNumber(rj.Customer.ContractDate) - t.first + age - 1
				if end >= t.mStart {
					continue // not yet as old as this customer before the month
				}
				n, fen := a.windowSum(j, end-window+1, end)
				if v := volume(end-window+1, end); v > 0 {
					counts = append(counts, n*own/v)
				}
				if n > 0 {
					postage = append(postage, fen/n)
				}
			}
		}
		if h.Customer.Industry != "" {
			peers(true)
		}
		if len(counts) < minSlowStartPeers {
			counts, postage = counts[:0], postage[:0]
			peers(false)
		}
		if len(counts) < minSlowStartSample {
			continue
		}
		typical := median(counts)
		actual, fen := a.windowSum(i, t.end-window+1, t.end)
		if actual >= a.cfg.SlowStartShare*typical {
			continue
		}
		perItem := median(postage)
		if actual >= minSlowStartSample {
			perItem = fen / actual
		}
		expFen := int64(math.Round(typical * perItem))
		w := postcrm.Warning{
			Month:            a.month,
			Kind:             postcrm.WarnSlowStart,
			CustomerCode:     h.Customer.Code,
			OfficeCode:       h.Customer.OfficeCode,
			OwnerStaffID:     h.Customer.OwnerStaffID,
			ExpectedItems:    math.Round(typical*10) / 10,
			ActualItems:      int64(actual),
			ExpectedFen:      expFen,
			ActualFen:        int64(fen),
			RevenueAtRiskFen: max(0, expFen-int64(fen)),
			Reason:           slowStartReason(age, window, int64(actual), typical),
		}
		w.Score = float64(w.RevenueAtRiskFen) / 100
		a.out[i].Warning = postcrm.WarnSlowStart
		out = append(out, w)
	}
	return out
}

// provinceIndex returns the running total of the judged customers' items
// over the span's days: entry j is the total before day j.
func (a *analysis) provinceIndex() []float64 {
	daily := make([]float64, a.t.end+2)
	for i := range a.hs {
		if a.out[i].Skip != Judged {
			continue
		}
		d := a.days(i)
		for j := d.from(); j <= a.t.end; j++ {
			daily[j+1] += float64(d.items(j))
		}
	}
	for j := 1; j < len(daily); j++ {
		daily[j] += daily[j-1]
	}
	return daily
}

// windowSum sums customer i's items and postage over table days from..to.
func (a *analysis) windowSum(i, from, to int) (items, fen float64) {
	if a.hs[i].First == 0 {
		return 0, 0 // nothing known: nothing shipped
	}
	d := a.days(i)
	for j := max(from, d.from()); j <= to; j++ {
		items += float64(d.items(j))
		fen += float64(d.fen(j))
	}
	return items, fen
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}
