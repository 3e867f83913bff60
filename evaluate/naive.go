package evaluate

import (
	"postcrm"
	"postcrm/analysis"
)

// The spreadsheet rule: a customer whose items fell by NaiveDrop or more
// against last month is warned, provided last month had at least
// NaiveMinItems (without that floor every customer going from 2 items to 1
// would be warned, and the comparison would be unfair to the rule).
const (
	NaiveDrop     = 0.30
	NaiveMinItems = 10
)

// NaiveWarnings applies the month-on-month rule to histories ending with
// month.
func NaiveWarnings(month postcrm.Month, hs []analysis.CustomerHistory) []postcrm.Warning {
	first := month.First()
	prev := postcrm.NewDate(first.Year(), first.Month()-1, 1)
	var ws []postcrm.Warning
	for i := range hs {
		h := &hs[i]
		if h.First == 0 {
			continue
		}
		before := sumItems(h, prev, first)
		now := sumItems(h, first, first.AddDays(31))
		if before >= NaiveMinItems && float64(now) <= (1-NaiveDrop)*float64(before) {
			ws = append(ws, postcrm.Warning{
				Month: month, Kind: postcrm.WarnDecline, CustomerCode: h.Customer.Code,
				OfficeCode: h.Customer.OfficeCode, OwnerStaffID: h.Customer.OwnerStaffID,
				ExpectedItems: float64(before), ActualItems: now,
			})
		}
	}
	return ws
}

// sumItems sums h's items on the days from from up to (not including) to.
func sumItems(h *analysis.CustomerHistory, from, to postcrm.Date) int64 {
	lo := max(0, postcrm.DaysBetween(h.First, from))
	hi := max(0, min(len(h.Items), postcrm.DaysBetween(h.First, to)))
	var n int64
	for _, x := range h.Items[min(lo, hi):hi] {
		n += int64(x)
	}
	return n
}
