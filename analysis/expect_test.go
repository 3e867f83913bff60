package analysis

import (
	"reflect"
	"testing"

	"postcrm"
	"postcrm/calendar"
)

// Expect works out the same assessments as Analyze, with no verdicts.
func TestExpectAgreesWithAnalyze(t *testing.T) {
	month := postcrm.Month(202606)
	p := newProvince(month, 8)
	cs := append(p.mixed(150),
		synthCustomer{code: "DOWN", kind: shop, rate: 30, shape: 5, fen: 700, change: from(date(2026, 6, 1), 0.3)},
		synthCustomer{code: "GONE", kind: shop, rate: 20, shape: 5, fen: 700, office: "13999901", change: from(date(2026, 5, 20), 0)},
		synthCustomer{code: "NEW", kind: shop, rate: 10, shape: 5, fen: 600, signed: date(2026, 5, 2)})
	hs := p.histories(cs)
	susp := []postcrm.Suspension{{OfficeCode: "13999901", From: date(2026, 6, 1), To: date(2026, 6, 5), Reason: "汛期道路中断"}}
	res := analyze(t, month, hs, susp)
	if len(res.Warnings) == 0 {
		t.Fatal("no warnings: the comparison does not show that Expect leaves the verdicts out")
	}
	got, err := Expect(month, hs, calendar.Default(), susp, DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	want := res.Assessments
	for i := range want {
		want[i].Warning = ""
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Expect differs from Analyze's assessments")
	}
}
