package report_test

import (
	"context"
	"testing"

	"postcrm/problem"
	"postcrm/report"
)

// TestWatchedFiguresAreTheBulletins: on a real store, a problem's
// watched figures of a month equal the bulletin's for the same scope
// and month, in the province, a city and an office.
func TestWatchedFiguresAreTheBulletins(t *testing.T) {
	p, src := openProvince(t)
	const month = 202606
	lib := report.NewLibrary(src)
	scopes := []report.Scope{{}, {Level: report.ScopeCity, Code: p.Offices[0].City}, {Level: report.ScopeOffice, Code: p.Offices[0].Code}}
	nonzero := 0
	for _, sc := range scopes {
		v, err := lib.In(sc).Watched(context.Background(), report.Request{Month: month})
		if err != nil {
			t.Fatal(err)
		}
		r := build(t, src, "bulletin", report.Request{Month: month, Scope: sc})
		tb := r.Tables[0]
		total := tb.Rows[len(tb.Rows)-1]
		for fig, key := range map[problem.Figure]string{problem.FigWarnings: "warnings", problem.FigWalkinRevenue: "walkin_cash_revenue", problem.FigMembers: "echannel_members"} {
			want := float64(cell(t, tb, total, key).(int64))
			if fig == problem.FigWalkinRevenue {
				want /= 100
			}
			if v[fig] != want {
				t.Errorf("%+v %s: watched %v, bulletin %v", sc, fig, v[fig], want)
			}
			if want != 0 {
				nonzero++
			}
		}
	}
	if nonzero < 4 {
		t.Errorf("only %d of the compared figures are not zero: the comparison says little", nonzero)
	}
}
