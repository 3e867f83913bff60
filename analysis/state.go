package analysis

import (
	"postcrm"
	"postcrm/calendar"
)

// analysis is the working state of one month's run.
type analysis struct {
	month     postcrm.Month
	cfg       Config
	t         *dayTable
	hs        []CustomerHistory
	suspended map[string][]bool // office → served-or-not per day of the span
	out       []Assessment

	fitEnd  []int     // per history: table index after the last day its model is fitted on
	shipped []int     // per history: table index of its first item before the month, -1 for none
	own     []factors // per history: own factors from the first pass
	items   []float64 // per history: items before the month
	priors  []factors // per peer group
	m       []measures
	shift   []float64 // per peer group: its movement this month beyond its factors
	invK    float64   // the province's typical day dispersion 1/k
	ft      *fitter   // shrinks towards the peer group
	rawFit  *fitter   // barely shrinks: the customer's own factors for grouping
	folded  folded    // the judged customers' cell sums
	scratch *cellSums
	dayY    []float64 // scratch for one customer's days
	dayMu   []float64

	recentDays int // StandingsAt: the trailing days judged for a slowdown; 0 otherwise
}

func newAnalysis(month postcrm.Month, window int, last postcrm.Date, hs []CustomerHistory, cal *calendar.Calendar, first postcrm.Date, susp []postcrm.Suspension, cfg Config) *analysis {
	t := newDayTable(cal, first, month, window, last)
	a := &analysis{
		month: month, cfg: cfg, t: t, hs: hs,
		suspended: suspensionMasks(t, susp),
		out:       make([]Assessment, len(hs)),
		fitEnd:    make([]int, len(hs)),
		shipped:   make([]int, len(hs)),
		own:       make([]factors, len(hs)),
		items:     make([]float64, len(hs)),
		m:         make([]measures, len(hs)),
		ft:        newFitter(t.cells, cfg.PriorItems, priorDays),
		rawFit:    newFitter(t.cells, rawPriorItems, rawPriorDays),
		scratch:   newCellSums(len(t.cells)),
	}
	return a
}

// The first pass fits each customer's own factors for grouping, barely
// shrunk: a group's factors are medians over its members, robust to their
// noise, while any pull towards the flat profile would bias them (a farm
// shipper's silent spring would come out half as silent as it is).
const rawPriorItems, rawPriorDays = 0.5, 0.1

// suspensionMasks marks each suspended office's no-service days.
func suspensionMasks(t *dayTable, susp []postcrm.Suspension) map[string][]bool {
	masks := map[string][]bool{}
	for _, s := range susp {
		from := max(0, dayNumber(s.From)-t.first)
		to := min(t.end, dayNumber(s.To)-t.first)
		if from > to {
			continue
		}
		m := masks[s.OfficeCode]
		if m == nil {
			m = make([]bool, t.end+1)
			masks[s.OfficeCode] = m
		}
		for i := from; i <= to; i++ {
			m[i] = true
		}
	}
	return masks
}

// days is one customer's history placed on the span: day index i of the
// table is Items[i-off]; served reports whether its office took items.
type days struct {
	h    *CustomerHistory
	off  int
	mask []bool
}

func (a *analysis) days(i int) days {
	h := &a.hs[i]
	return days{h: h, off: dayNumber(h.First) - a.t.first, mask: a.suspended[h.Customer.OfficeCode]}
}

// from is the first table index with data.
func (d days) from() int { return max(0, d.off) }

func (d days) items(i int) int32 { return d.h.Items[i-d.off] }
func (d days) fen(i int) int64   { return d.h.Fen[i-d.off] }

// open is the share of the customer's usual items its office accepted on
// day i: 0 on a suspension's day, what the adjustments left on a day
// they refused part of, 1 otherwise.
func (d days) open(i int) float64 {
	if d.mask != nil && d.mask[i] {
		return 0
	}
	if d.h.Open == nil || i < d.off {
		return 1
	}
	return float64(d.h.Open[i-d.off])
}

// served reports whether day i was fully open: only such days teach the
// customer's normal; a day an adjustment refused part of would teach a
// normal too low.
func (d days) served(i int) bool { return d.open(i) == 1 }

// classify decides who is judged: not terminated, not new, and with
// enough shipping before the month.
func (a *analysis) classify() {
	newSince := a.month.Add(1 - a.cfg.NewCustomerMonths).First()
	for i := range a.hs {
		h := &a.hs[i]
		o := &a.out[i]
		o.Code, o.Group, o.PLow, o.PSilence = h.Customer.Code, -1, 1, 1
		d := a.days(i)
		first := a.firstItem(i)
		a.shipped[i] = first
		switch {
		case h.Customer.Status == postcrm.StatusTerminated:
			o.Skip = SkipTerminated
		case h.Customer.ContractDate >= newSince:
			o.Skip = SkipNew
		case first < 0:
			o.Skip = SkipNoHistory
		case a.t.mStart-first < a.cfg.MinHistoryDays:
			o.Skip = SkipShortHistory
		}
		if o.Skip == Judged {
			a.setFitEnd(i)
		}
		if h.First != 0 {
			for j := max(a.t.mStart, d.from()); j <= a.t.end; j++ {
				if d.open(j) > 0 {
					o.ActualItems += int64(d.items(j))
					o.ActualFen += d.fen(j)
				}
			}
		}
	}
}

// firstItem returns the table index of customer i's first item before the
// month, or -1.
func (a *analysis) firstItem(i int) int {
	if a.hs[i].First == 0 {
		return -1
	}
	d := a.days(i)
	for j := d.from(); j < a.t.mStart; j++ {
		if d.items(j) > 0 {
			return j
		}
	}
	return -1
}

// trailingSilence: a customer silent for this many days before the month
// is fitted on its shipping before the silence. The silence is what the
// month's verdict is about; fitted, it would pass for a quiet season (and
// a group of churners for a kind of customer).
const trailingSilence = 28

// setFitEnd decides the days customer i's model is fitted on.
func (a *analysis) setFitEnd(i int) {
	d := a.days(i)
	end := a.t.mStart
	for j := a.t.mStart - 1; j >= d.from(); j-- {
		if d.items(j) > 0 {
			if a.t.mStart-1-j >= trailingSilence {
				end = j + 1
			}
			break
		}
	}
	a.fitEnd[i] = end
}

// foldHistory puts the days customer i's model is fitted on onto the
// cells.
func (a *analysis) foldHistory(i int) *cellSums {
	s := a.scratch
	s.reset()
	d := a.days(i)
	for j := d.from(); j < a.fitEnd[i]; j++ {
		if d.served(j) {
			s.add(int(a.t.cellOf[j]), float64(d.items(j)))
		}
	}
	return s
}

// folded keeps the judged customers' cell sums, compactly, between the
// passes that need them: folding walks all of a customer's days, reading
// the sums back only its few hundred cells.
type folded struct {
	start []int32 // customer i's cells are start[i]..start[i+1]
	cell  []uint16
	days  []uint8 // a cell is at most a month's days
	items []float32
}

// reserve sizes f for customers customers and at most cells sums.
func (f *folded) reserve(customers, cells int) {
	f.start = make([]int32, 0, customers+1)
	f.cell, f.days, f.items = make([]uint16, 0, cells), make([]uint8, 0, cells), make([]float32, 0, cells)
}

// keep appends customer i's sums; customers must come in order.
func (f *folded) keep(i int, s *cellSums) {
	for len(f.start) <= i {
		f.start = append(f.start, int32(len(f.cell)))
	}
	for _, c := range s.used {
		f.cell = append(f.cell, uint16(c))
		f.days = append(f.days, uint8(s.days[c]))
		f.items = append(f.items, float32(s.items[c]))
	}
	f.start = append(f.start, int32(len(f.cell)))
}

// sums returns customer i's kept sums.
func (a *analysis) sums(i int) *cellSums {
	s := a.scratch
	s.reset()
	f := &a.folded
	for k := f.start[i]; k < f.start[i+1]; k++ {
		c := int(f.cell[k])
		s.used = append(s.used, c)
		s.days[c], s.items[c] = float64(f.days[k]), float64(f.items[k])
	}
	return s
}
