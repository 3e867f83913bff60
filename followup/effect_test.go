package followup

import (
	"testing"

	"postcrm"
)

func TestMeasureByHand(t *testing.T) {
	c := func(g Group, office string, expected float64, actual int64, expFen, actFen int64, share float64) Case {
		return Case{Group: g, OfficeCode: office, Kind: postcrm.WarnDecline, Expected: expected, Actual: actual,
			ExpectedFen: expFen, ActualFen: actFen, WarnedShare: share, Measurable: true}
	}
	cases := []Case{
		// contacted: 3 of 4 back to 80%: 80/100 exactly counts
		c(Contacted, "A", 100, 80, 10000, 8000, 0.5), // recovered 8000-5000
		c(Contacted, "A", 10, 9, 1000, 900, 0.2),     // recovered 900-200
		c(Contacted, "B", 50, 45, 5000, 4500, 0.6),   // recovered 4500-3000
		c(Contacted, "B", 100, 79, 10000, 7900, 0.5), // not recovered, 7900-5000
		c(NotContacted, "A", 20, 3, 2000, 300, 0.4),  // below its share: 0
		c(HeldOut, "A", 100, 90, 10000, 9000, 0.5),   // recovered, 4000
		c(HeldOut, "B", 100, 10, 10000, 1000, 0.5),   // 0
		c(HeldOut, "B", 40, 0, 4000, 0, 0.0),         // 0
		c(HeldOut, "B", 40, 0, 4000, 0, 0.0),         // 0
		{Group: HeldOut, OfficeCode: "B", Measurable: false},
	}
	e := Measure("", cases)
	want := [groups]GroupStats{
		{N: 4, Recovered: 3, Rate: 0.75, RecoveredFen: 3000 + 700 + 1500 + 2900},
		{N: 1, Recovered: 0, Rate: 0, RecoveredFen: 0},
		{N: 4, Recovered: 1, Rate: 0.25, RecoveredFen: 4000},
	}
	if e.Groups != want {
		t.Errorf("groups: got %+v\nwant %+v", e.Groups, want)
	}
	if !near(e.Uplift.Low, -0.13549, 5e-5) || !near(e.Uplift.High, 0.78906, 5e-5) {
		t.Errorf("uplift %+v, want the hand-computed 3/4 − 1/4 interval", e.Uplift)
	}
	r := NewReport(202601, 1, cases)
	if r.Unmeasured != 1 || len(r.ByOffice) != 2 || r.ByOffice[0].Key != "A" || r.ByOffice[0].Groups[Contacted].N != 2 ||
		r.ByOffice[1].Groups[HeldOut].N != 3 || r.ByOffice[1].Groups[HeldOut].Recovered != 0 {
		t.Errorf("by office: %+v (unmeasured %d)", r.ByOffice, r.Unmeasured)
	}
	if len(r.ByReason) != 0 {
		t.Errorf("no reasons were given, got %+v", r.ByReason)
	}
}

func TestGroupOfAndCases(t *testing.T) {
	ws := []postcrm.Warning{
		{ID: 1, Kind: postcrm.WarnDecline, CustomerCode: "C1", OfficeCode: "O1", ExpectedItems: 100, ActualItems: 40},
		{ID: 2, Kind: postcrm.WarnChurn, CustomerCode: "C2", OfficeCode: "O1", ExpectedItems: 50},
		{ID: 3, Kind: postcrm.WarnDecline, CustomerCode: "C3", OfficeCode: "O2", ExpectedItems: 10, ActualItems: 5},
		{ID: 4, Kind: postcrm.WarnWalkinChurn, SenderPhone: "13800000000", OfficeCode: "O2"},
		{ID: 5, Kind: postcrm.WarnDecline, CustomerCode: "C5", OfficeCode: "O2", ExpectedItems: 10, ActualItems: 5},
	}
	ds := []postcrm.Dispatch{
		{WarningID: 1, Status: postcrm.StatusClosed},
		{WarningID: 2, Status: postcrm.StatusInProgress},
		{WarningID: 3, HeldOut: true, Status: postcrm.StatusHeldOut},
		{WarningID: 4, Status: postcrm.StatusOpen},
		{WarningID: 5, Status: postcrm.StatusOpen, Withdrawn: true},
		{WarningID: 6, Status: postcrm.StatusOpen}, // its warning is gone
	}
	contacts := []postcrm.Contact{
		{WarningID: 1, Outcome: postcrm.OutcomeUnreachable},
		{WarningID: 1, Outcome: postcrm.OutcomeRecovered, Reason: "price"},
		{WarningID: 1, Outcome: postcrm.OutcomeRecovered, Reason: "service"},
		{WarningID: 2, Outcome: postcrm.OutcomeUnreachable},
	}
	later := map[string]Later{"C1": {Expected: 100, Actual: 90}, "C3": {Expected: 10, Actual: 2}}
	cs := Cases(ws, ds, contacts, map[string]string{"O1": "石家庄市", "O2": "保定市"}, later)
	if len(cs) != 3 {
		t.Fatalf("want the 3 contract warnings not withdrawn, got %+v", cs)
	}
	if cs[0].Group != Contacted || cs[0].Reason != "service" || !cs[0].Recovered() || cs[0].WarnedShare != 0.4 || cs[0].City != "石家庄市" {
		t.Errorf("contacted case: %+v", cs[0])
	}
	if cs[1].Group != NotContacted || cs[1].Reason != "" || cs[1].Measurable {
		t.Errorf("unreachable only is not contacted, and C2 has no later figures: %+v", cs[1])
	}
	if cs[2].Group != HeldOut || cs[2].Recovered() {
		t.Errorf("held-out case: %+v", cs[2])
	}
}
