package followup

import (
	"testing"

	"postcrm"
)

// TestOnTime: a warning counts as followed up on time when a contact
// reached the customer by the due date; an unreachable attempt does not
// count, and contacts recorded out of date order count by their date.
func TestOnTime(t *testing.T) {
	due := postcrm.NewDate(2026, 6, 9)
	contacts := []postcrm.Contact{
		{WarningID: 1, On: postcrm.NewDate(2026, 6, 3), Outcome: postcrm.OutcomeUnreachable},
		{WarningID: 1, On: postcrm.NewDate(2026, 6, 9), Outcome: postcrm.OutcomeLost},
		{WarningID: 2, On: postcrm.NewDate(2026, 6, 4), Outcome: postcrm.OutcomeUnreachable},
		{WarningID: 2, On: postcrm.NewDate(2026, 6, 10), Outcome: postcrm.OutcomeRecovered},
		{WarningID: 3, On: postcrm.NewDate(2026, 6, 12), Outcome: postcrm.OutcomePartly},
		{WarningID: 3, On: postcrm.NewDate(2026, 6, 5), Outcome: postcrm.OutcomeWrongWarning},
	}
	first := FirstReached(contacts)
	for _, c := range []struct {
		d    postcrm.Dispatch
		want bool
	}{
		{postcrm.Dispatch{WarningID: 1, DueOn: due}, true},
		{postcrm.Dispatch{WarningID: 2, DueOn: due}, false},
		{postcrm.Dispatch{WarningID: 3, DueOn: due}, true},
		{postcrm.Dispatch{WarningID: 4, DueOn: due}, false},
	} {
		if got := OnTime(c.d, first); got != c.want {
			t.Errorf("warning %d: on time %v, want %v (first reached %v)", c.d.WarningID, got, c.want, first[c.d.WarningID])
		}
	}
	if len(first) != 3 || first[2] != postcrm.NewDate(2026, 6, 10) {
		t.Errorf("first reached %v", first)
	}
}
