package followup

import (
	"postcrm"
)

// Later is what the analysis of a later month makes of a customer.
type Later struct {
	Expected    float64
	Actual      int64
	ExpectedFen int64
	ActualFen   int64
}

// GroupOf classifies a dispatch by the contacts recorded on it: held
// out, contacted (someone reached the customer), or dispatched but not
// contacted.
func GroupOf(d postcrm.Dispatch, contacts []postcrm.Contact) Group {
	if d.HeldOut {
		return HeldOut
	}
	for _, c := range contacts {
		if c.Outcome.Reached() {
			return Contacted
		}
	}
	return NotContacted
}

// lastReason is the reason given at the latest contact that gave one.
func lastReason(contacts []postcrm.Contact) string {
	reason := ""
	for _, c := range contacts {
		if c.Reason != "" {
			reason = c.Reason
		}
	}
	return reason
}

// Cases builds the measured cases of a month's dispatched or held-out
// contract warnings (decline and churn, the kinds with an expectation to
// recover to). later holds the later month's figures by customer code; a
// customer missing from it is counted as unmeasured. Withdrawn dispatches
// are left out: the analysis no longer stands behind them.
func Cases(ws []postcrm.Warning, ds []postcrm.Dispatch, contacts []postcrm.Contact, cityOf map[string]string, later map[string]Later) []Case {
	byWarning := make(map[int64][]postcrm.Contact)
	for _, c := range contacts {
		byWarning[c.WarningID] = append(byWarning[c.WarningID], c)
	}
	warning := make(map[int64]postcrm.Warning, len(ws))
	for _, w := range ws {
		warning[w.ID] = w
	}
	var out []Case
	for _, d := range ds {
		w, ok := warning[d.WarningID]
		if !ok || d.Withdrawn || !Measured(w.Kind) {
			continue
		}
		cs := byWarning[d.WarningID]
		c := Case{
			WarningID: d.WarningID, Kind: w.Kind, OfficeCode: w.OfficeCode, City: cityOf[w.OfficeCode],
			Group: GroupOf(d, cs),
		}
		if c.Group == Contacted {
			c.Reason = lastReason(cs)
		}
		if w.ExpectedItems > 0 {
			c.WarnedShare = float64(w.ActualItems) / w.ExpectedItems
		}
		if l, ok := later[w.CustomerCode]; ok {
			c.Measurable = true
			c.Expected, c.Actual, c.ExpectedFen, c.ActualFen = l.Expected, l.Actual, l.ExpectedFen, l.ActualFen
		}
		out = append(out, c)
	}
	return out
}
