package followup

import (
	"testing"

	"postcrm"
)

func TestDueAndEscalation(t *testing.T) {
	set := postcrm.DefaultFollowupSettings() // due 7 days, escalated 3 and 7 days after
	on := postcrm.NewDate(2026, 1, 28)
	due := DueDate(on, set)
	if due != postcrm.NewDate(2026, 2, 4) {
		t.Fatalf("due %s", due)
	}
	d := postcrm.Dispatch{DueOn: due, Status: postcrm.StatusOpen}
	for _, c := range []struct {
		today   postcrm.Date
		overdue bool
		level   int
	}{
		{postcrm.NewDate(2026, 2, 4), false, postcrm.EscalationNone},
		{postcrm.NewDate(2026, 2, 5), true, postcrm.EscalationNone},
		{postcrm.NewDate(2026, 2, 7), true, postcrm.EscalationOffice},
		{postcrm.NewDate(2026, 2, 10), true, postcrm.EscalationOffice},
		{postcrm.NewDate(2026, 2, 11), true, postcrm.EscalationCity},
	} {
		if got := Overdue(d, c.today); got != c.overdue {
			t.Errorf("%s: overdue %v", c.today, got)
		}
		if got := Escalation(d, c.today, set); got != c.level {
			t.Errorf("%s: escalation %d, want %d", c.today, got, c.level)
		}
	}
	late := postcrm.NewDate(2026, 3, 1)
	touched := d
	touched.Status, touched.Contacts = postcrm.StatusInProgress, 1
	closed := d
	closed.Status = postcrm.StatusClosed
	held := postcrm.Dispatch{HeldOut: true, Status: postcrm.StatusHeldOut}
	for name, x := range map[string]postcrm.Dispatch{"touched": touched, "closed": closed, "held out": held} {
		if Escalation(x, late, set) != postcrm.EscalationNone {
			t.Errorf("%s warning escalated", name)
		}
	}
	if Overdue(closed, late) || Overdue(held, late) || !Overdue(touched, late) {
		t.Error("only open or in-progress dispatched warnings are overdue")
	}
}

func TestPlanEscalates(t *testing.T) {
	set := postcrm.DefaultFollowupSettings()
	set.HoldoutShare = 0
	ws := []postcrm.Warning{{ID: 1, Month: 202601, CustomerCode: "C1"}, {ID: 2, Month: 202601, CustomerCode: "C2"}}
	due := postcrm.NewDate(2026, 2, 8)
	existing := []postcrm.Dispatch{
		{WarningID: 1, Month: 202601, CustomerCode: "C1", DueOn: due, Status: postcrm.StatusOpen},
		{WarningID: 2, Month: 202601, CustomerCode: "C2", DueOn: due, Status: postcrm.StatusOpen, Escalation: postcrm.EscalationCity},
	}
	p, err := Plan(202601, ws, existing, nil, nil, set, due.AddDays(3))
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Escalate) != 1 || p.Escalate[1] != postcrm.EscalationOffice {
		t.Errorf("escalations %v: want warning 1 to the office, warning 2 kept at the city", p.Escalate)
	}
}
