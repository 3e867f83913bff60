package alert

import (
	"slices"
	"testing"

	"postcrm"
	"postcrm/analysis"
	"postcrm/policy"
)

// Under an adjustment refusing 上海 from 6-8, a customer sending 80% of
// its items there, whose items to 上海 stop (it ships the other fifth as
// before), is not alerted: each day's expectation is lowered by its usual
// share of what the adjustment refuses. A customer with the same mix that
// stops altogether is, and one whose other items fall to a fifth is
// alerted as a slowdown (the days partly refused are judged at what they
// leave, not skipped). Without the reduction the first is alerted as a
// slowdown (else the test shows nothing).
func TestAdjustmentLowersTheDay(t *testing.T) {
	refusal := day(2026, 6, 8)
	cs := append(province(),
		synth{code: "REFUSED", office: "13000002", rate: 20, week: office5, slowFrom: refusal, slowFactor: 0.2},
		synth{code: "STOPPED", office: "13000001", rate: 20, week: office5, stop: refusal},
		synth{code: "FELL", office: "13000001", rate: 100, week: office5, slowFrom: refusal, slowFactor: 0.2 * 0.2})
	mix := policy.Mix{}
	for _, c := range cs {
		shanghai := int64(0)
		if c.code == "REFUSED" || c.code == "STOPPED" || c.code == "FELL" {
			shanghai = 80
		}
		mix.Add(postcrm.MixRow{CustomerCode: c.code, Month: 202605, Dim: postcrm.MixDest, Value: "上海", Items: shanghai})
		mix.Add(postcrm.MixRow{CustomerCode: c.code, Month: 202605, Dim: postcrm.MixDest, Value: "河北", Items: 100 - shanghai})
	}
	adjs := []postcrm.Adjustment{{ID: "TZ1", Scope: postcrm.ScopeProvince, Kind: postcrm.AdjustDestination,
		Provinces: []string{"上海"}, From: refusal, Status: postcrm.AdjustApproved}}
	offices := []postcrm.Office{{Code: "13000001", City: "石家庄市"}, {Code: "13000002", City: "唐山市"}}
	reduce := func(hs []analysis.CustomerHistory, month postcrm.Month) error {
		policy.Reduce(hs, adjs, offices, mix, month)
		return nil
	}
	from, to := day(2026, 6, 1), day(2026, 6, 30)
	sweepAdj := func(reduce func([]analysis.CustomerHistory, postcrm.Month) error) map[string][]postcrm.Alert {
		hs := histories(cs, to, 1, nil)
		customers := make([]postcrm.Customer, len(hs))
		for i := range hs {
			customers[i] = hs[i].Customer
		}
		days, err := sweep(inputs{customers: customers, histories: hs, cal: cal}, from, to, postcrm.DefaultAlertSettings(), reduce)
		if err != nil {
			t.Fatal(err)
		}
		return raisedOn(days)
	}
	raised := sweepAdj(reduce)
	fewFalse(t, raised, 200, "under the refusal")
	if a := raised["REFUSED"]; len(a) != 0 {
		t.Errorf("items to 上海 refused from 6-8, the rest shipped as before: alerts %+v, want none", a)
	}
	if a := raised["STOPPED"]; len(a) != 1 || a[0].Kind != postcrm.WarnSilent || a[0].RaisedOn > day(2026, 6, 12) {
		t.Errorf("stopped altogether on 6-8 under the refusal: alerts %+v, want one silence by 6-12", a)
	}
	if a := raised["FELL"]; !slices.ContainsFunc(a, func(a postcrm.Alert) bool { return a.Kind == postcrm.WarnSlowdown }) {
		t.Errorf("down to a fifth of what the refusal leaves: alerts %+v, want a slowdown", a)
	}
	if a := sweepAdj(nil)["REFUSED"]; len(a) != 1 || a[0].Kind != postcrm.WarnSlowdown {
		t.Errorf("the refusal ignored: alerts %+v, want a slowdown", a)
	}
}
