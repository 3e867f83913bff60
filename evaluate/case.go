package evaluate

import (
	"fmt"

	"postcrm"
	"postcrm/analysis"
	"postcrm/demo"
)

// DetectableItems is the items a month (30 days) before a change that make
// it detectable, and the items a churn must silence in the month to be
// material (see the package comment).
const DetectableItems = 10

// Thresholds of the definitions in the package comment.
const (
	preChangeDays    = 90
	minPreChangeDays = 30 // fewer days of history before a change: not detectable
	CreditMonths     = 3
	offSeasonShare   = 0.5
	terminationLag   = 60 // days from a churn to its contract being marked 解约, in the generator
)

// Case is one month's ground truth, prepared for scoring warnings.
type Case struct {
	Month     postcrm.Month
	OffSeason bool // the seasonal customers' off-season
	facts     map[string]facts
}

// facts is what scoring needs to know about one customer.
type facts struct {
	judged   bool
	seasonal bool
	changed  bool // a change in effect by the end of the month
	credited bool // …recent enough for a warning on it to be correct
	target   bool // due this month and detectable
	material bool // …and big enough for the configuration to warn about
	change   string
}

// NewCase prepares the truth of month for the customers in
// histories (ending with the month), judged as skips says (one per
// history); cfg is the configuration the warnings were made with.
func NewCase(month postcrm.Month, hs []analysis.CustomerHistory, skips []analysis.Skip, truth []demo.TruthCustomer, cfg analysis.Config) (*Case, error) {
	if len(skips) != len(hs) {
		return nil, fmt.Errorf("evaluate %d: %d assessments for %d histories", month, len(skips), len(hs))
	}
	byCode := make(map[string]*demo.TruthCustomer, len(truth))
	for i := range truth {
		byCode[truth[i].Code] = &truth[i]
	}
	kinds := make([]*demo.TruthCustomer, len(hs))
	for i := range hs {
		tc, ok := byCode[hs[i].Customer.Code]
		if !ok {
			return nil, fmt.Errorf("evaluate %d: customer %s is not in the truth", month, hs[i].Customer.Code)
		}
		kinds[i] = tc
	}
	first, last := month.First(), month.Last()
	creditFrom := postcrm.NewDate(first.Year(), first.Month()-CreditMonths, 1)
	peers := newPeerSeries(hs, kinds, first, last)
	c := &Case{Month: month, facts: make(map[string]facts, len(hs))}
	var seasonal []*analysis.CustomerHistory
	for i := range hs {
		h, tc := &hs[i], kinds[i]
		f := facts{judged: skips[i] == analysis.Judged, seasonal: tc.Kind == "seasonal", change: tc.Change}
		if tc.Change != "none" && tc.ChangeDate <= last {
			f.changed = true
			f.credited = tc.ChangeDate >= creditFrom
			if DueMonth(tc.ChangeDate) == month {
				f.target, f.material = peers.detectable(h, tc, cfg.MinRevenueAtRiskFen)
			}
		}
		if f.seasonal {
			seasonal = append(seasonal, h)
		}
		c.facts[h.Customer.Code] = f
	}
	c.OffSeason = offSeason(seasonal, month)
	return c, nil
}

// DueMonth is the first month in which a change dated d is in
// effect for at least two thirds of the days.
func DueMonth(d postcrm.Date) postcrm.Month {
	last := d.YearMonth().Last()
	if days := last.Day() - d.Day() + 1; 3*days >= 2*last.Day() {
		return d.YearMonth()
	}
	return d.YearMonth().Next()
}

// offSeason reports whether the seasonal customers together shipped less
// than offSeasonShare of their average month of the year before month.
func offSeason(hs []*analysis.CustomerHistory, month postcrm.Month) bool {
	first, last := month.First(), month.Last()
	yearBefore := postcrm.NewDate(first.Year()-1, first.Month(), 1)
	var inMonth, before float64
	for _, h := range hs {
		if h.First != 0 {
			inMonth += float64(sumItems(h, first, last.AddDays(1)))
			before += float64(sumItems(h, yearBefore, first))
		}
	}
	months := min(12, monthsCovered(hs, yearBefore, first))
	return months > 0 && inMonth < offSeasonShare*before/float64(months)
}

// monthsCovered counts the whole months between from and to that the
// earliest of the histories covers.
func monthsCovered(hs []*analysis.CustomerHistory, from, to postcrm.Date) int {
	start := to
	for _, h := range hs {
		if h.First != 0 && h.First < start {
			start = h.First
		}
	}
	start = max(start, from)
	return (to.Year()-start.Year())*12 + int(to.Month()) - int(start.Month())
}

// StatusAsOf restores, in place, the contract status a back-test of month
// should see: the generator marks a churner's contract 解约 some two months
// after it stopped shipping, and its export shows the status at the end of
// the data, so a churner terminated later than the month was still active
// then.
func StatusAsOf(hs []analysis.CustomerHistory, truth []demo.TruthCustomer, month postcrm.Month) {
	last := month.Last()
	byCode := make(map[string]*demo.TruthCustomer, len(truth))
	for i := range truth {
		byCode[truth[i].Code] = &truth[i]
	}
	for i := range hs {
		c := &hs[i].Customer
		tc, ok := byCode[c.Code]
		if ok && c.Status == postcrm.StatusTerminated && tc.Change == "churn" && tc.ChangeDate.AddDays(terminationLag) > last {
			c.Status = postcrm.StatusActive
		}
	}
}
