package followup

import (
	"math"
	"testing"

	"postcrm"
)

var testStaff = []postcrm.Staff{
	{ID: "M2", Role: postcrm.RoleOfficeManager, OfficeCode: "O1"},
	{ID: "M1", Role: postcrm.RoleOfficeManager, OfficeCode: "O1"},
	{ID: "K1", Role: postcrm.RoleCourier, OfficeCode: "O1"},
	{ID: "K2", Role: postcrm.RoleCourier, OfficeCode: "O2"},
}

func TestAssignee(t *testing.T) {
	staff := map[string]postcrm.Staff{}
	for _, s := range testStaff {
		staff[s.ID] = s
	}
	managers := OfficeManagers(testStaff)
	for _, c := range []struct {
		w    postcrm.Warning
		want string
	}{
		{postcrm.Warning{OwnerStaffID: "K1", OfficeCode: "O1"}, "K1"},         // the owner
		{postcrm.Warning{OwnerStaffID: "K2", OfficeCode: "O1"}, "K2"},         // the owner, even of another office
		{postcrm.Warning{OwnerStaffID: "", OfficeCode: "O1"}, "M1"},           // unowned: the office manager (lowest ID)
		{postcrm.Warning{OwnerStaffID: "GONE", OfficeCode: "O1"}, "M1"},       // owner has left
		{postcrm.Warning{SenderPhone: "13800000000", OfficeCode: "O1"}, "M1"}, // walk-in
		{postcrm.Warning{OfficeCode: "O2"}, ""},                               // no manager: the pool
	} {
		if got := Assignee(c.w, staff, managers); got != c.want {
			t.Errorf("%+v: assigned to %q, want %q", c.w, got, c.want)
		}
	}
}

func TestPlan(t *testing.T) {
	set := postcrm.DefaultFollowupSettings()
	set.HoldoutShare = 0
	today := postcrm.NewDate(2026, 6, 2)
	ws := []postcrm.Warning{
		{ID: 10, Month: 202605, Kind: postcrm.WarnDecline, CustomerCode: "C1", OfficeCode: "O1", OwnerStaffID: "K1"},
		{ID: 11, Month: 202605, Kind: postcrm.WarnChurn, CustomerCode: "C2", OfficeCode: "O1"},
	}
	p, err := Plan(202605, ws, nil, nil, testStaff, set, today)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.New) != 2 || p.New[0].AssignedTo != "K1" || p.New[1].AssignedTo != "M1" ||
		p.New[0].DueOn != postcrm.NewDate(2026, 6, 9) || p.New[0].Status != postcrm.StatusOpen || p.New[0].HeldOut {
		t.Fatalf("first run: %+v", p.New)
	}
	// A re-run drops C2 and raises C1 again under the same ID, C3 new, and
	// later C2 again under a new ID.
	existing := p.New
	ws2 := []postcrm.Warning{ws[0], {ID: 12, Month: 202605, Kind: postcrm.WarnDecline, CustomerCode: "C3", OfficeCode: "O1"}}
	p2, err := Plan(202605, ws2, existing, nil, testStaff, set, today)
	if err != nil {
		t.Fatal(err)
	}
	if len(p2.New) != 1 || p2.New[0].WarningID != 12 || len(p2.Withdraw) != 1 || p2.Withdraw[0] != 11 || len(p2.Reattach) != 0 {
		t.Fatalf("re-run: %+v", p2)
	}
	existing[1].Withdrawn = true
	ws3 := append(ws2, postcrm.Warning{ID: 13, Month: 202605, Kind: postcrm.WarnChurn, CustomerCode: "C2", OfficeCode: "O1"})
	p3, err := Plan(202605, ws3, append(existing, p2.New...), nil, testStaff, set, today)
	if err != nil {
		t.Fatal(err)
	}
	if len(p3.New) != 0 || p3.Reattach[11] != 13 || len(p3.Withdraw) != 0 {
		t.Fatalf("warned again: %+v", p3)
	}
	// Weeks later C1 is overdue, and a re-run drops it: it is withdrawn,
	// not escalated as well.
	late := today.AddDays(set.EscalateCityDays + 30)
	p4, err := Plan(202605, ws3[1:], append(existing, p2.New...), nil, testStaff, set, late)
	if err != nil {
		t.Fatal(err)
	}
	if len(p4.Withdraw) != 1 || p4.Withdraw[0] != 10 || p4.Escalate[10] != 0 || p4.Escalate[12] == 0 {
		t.Fatalf("overdue and dropped: %+v", p4)
	}
	if _, err := Plan(202606, ws, existing, nil, testStaff, set, today); err == nil {
		t.Error("dispatches of another month must be refused")
	}
}

func TestPlanHoldsOut(t *testing.T) {
	set := postcrm.DefaultFollowupSettings()
	set.HoldoutShare = 0.5
	ws := manyStrata(202605, 40)
	p, err := Plan(202605, ws, nil, nil, testStaff, set, postcrm.NewDate(2026, 6, 1))
	if err != nil {
		t.Fatal(err)
	}
	held := 0
	for _, d := range p.New {
		if d.HeldOut {
			held++
			if d.AssignedTo != "" || d.DueOn != 0 || d.Status != postcrm.StatusHeldOut {
				t.Errorf("held-out warning dispatched: %+v", d)
			}
		}
	}
	if held != 20 {
		t.Errorf("%d of 40 held out at share 0.5", held)
	}
}

func TestSettingsValidated(t *testing.T) {
	for _, s := range []postcrm.FollowupSettings{
		{HoldoutShare: -0.1, DueDays: 7, EscalateOfficeDays: 3, EscalateCityDays: 7},
		{HoldoutShare: 0.6, DueDays: 7, EscalateOfficeDays: 3, EscalateCityDays: 7},
		{HoldoutShare: 0.1, DueDays: 0, EscalateOfficeDays: 3, EscalateCityDays: 7},
		{HoldoutShare: 0.1, DueDays: 7, EscalateOfficeDays: 7, EscalateCityDays: 7},
	} {
		if ValidSettings(s) == nil {
			t.Errorf("%+v accepted", s)
		}
	}
	if err := ValidSettings(postcrm.DefaultFollowupSettings()); err != nil {
		t.Error(err)
	}
}

// A customer held out or dispatched in one of the StickyMonths before
// stays so when warned again; the others are sampled.
func TestPlanKeepsGroupsAcrossMonths(t *testing.T) {
	set := postcrm.DefaultFollowupSettings()
	set.HoldoutShare = 0.5
	ws := manyStrata(202606, 40)
	prior := []postcrm.Dispatch{
		{Month: 202605, CustomerCode: ws[0].CustomerCode, HeldOut: true},
		{Month: 202604, CustomerCode: ws[1].CustomerCode, HeldOut: false},
		{Month: 202605, CustomerCode: ws[2].CustomerCode, HeldOut: true, Withdrawn: true},
		{Month: 202605, CustomerCode: ws[5].CustomerCode, Kind: ws[5].Kind, HeldOut: true}, // a walk-in warning: not measured
	}
	prior[0].Kind, prior[1].Kind, prior[2].Kind = ws[0].Kind, ws[1].Kind, ws[2].Kind
	for _, share := range []float64{0, 0.5} {
		set.HoldoutShare = share
		p, err := Plan(202606, ws, nil, prior, testStaff, set, postcrm.NewDate(2026, 7, 1))
		if err != nil {
			t.Fatal(err)
		}
		if !p.New[0].HeldOut || p.New[1].HeldOut {
			t.Errorf("share %v: held out before %v, dispatched before %v", share, p.New[0].HeldOut, p.New[1].HeldOut)
		}
		if share == 0 && p.New[5].HeldOut {
			t.Errorf("a walk-in warning kept its control group: %+v", p.New[5])
		}
		held := 0
		for _, d := range p.New[2:] {
			if d.HeldOut {
				held++
			}
		}
		if want := share * 38; math.Abs(float64(held)-want) >= 1 {
			t.Errorf("share %v: %d of the 38 new ones held out, want %v", share, held, want)
		}
	}
}
