package report

import (
	"strings"
	"testing"
	"time"

	"postcrm"
	"postcrm/problem"
)

// TestRecoveryCountsAsTheBulletin checks that the watched recovery
// rate's numerator is the bulletin's 上月预警本月恢复 in every scope, and
// its denominator the measurable dispatched warnings (fxFollowup: at 长安
// 1 of 2, at 路南 1 of 1; 桥西's held-out and unmeasurable ones count
// nowhere).
func TestRecoveryCountsAsTheBulletin(t *testing.T) {
	o := fxOrg()
	in := fxBulletin()
	in.followup = fxFollowup()
	for _, tt := range []struct {
		sc            Scope
		recovered, of int
	}{
		{Scope{}, 2, 3},
		{Scope{Level: ScopeCity, Code: "石家庄市"}, 1, 2},
		{Scope{Level: ScopeOffice, Code: offB}, 0, 0},
		{Scope{Level: ScopeOffice, Code: offC}, 1, 1},
	} {
		tb := table(t, bulletin(o, tt.sc, in), "通报表")
		total := tb.Rows[len(tb.Rows)-1]
		recovered, of := in.followup.recovery(func(office string) bool { return o.in(tt.sc, office) })
		if got := total.Cells[colIndex(t, tb, "recovered_last_month")].(int64); int64(recovered) != got || recovered != tt.recovered || of != tt.of {
			t.Errorf("%+v: recovered %d of %d, bulletin %d; want %d of %d", tt.sc, recovered, of, got, tt.recovered, tt.of)
		}
	}
}

// TestProblemParagraph counts raised, closed, open and overdue problems
// by the month's end within the scope.
func TestProblemParagraph(t *testing.T) {
	at := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 10, 0, 0, 0, postcrm.ChinaTime) }
	off := problem.Unit{Level: problem.LevelOffice, City: "石家庄市", OfficeCode: offA}
	tangshan := problem.Unit{Level: problem.LevelCity, City: "唐山市"}
	ps := []problem.Problem{
		{Title: "退件无人跟", Unit: off, RaisedAt: at(2026, 6, 3), DueOn: postcrm.NewDate(2026, 6, 20)},                                    // raised, overdue
		{Title: "散户流失", Unit: off, RaisedAt: at(2026, 5, 3), DueOn: postcrm.NewDate(2026, 6, 10), ClosedAt: at(2026, 6, 9)},           // closed in June
		{Title: "数据质量", Unit: tangshan, RaisedAt: at(2026, 6, 1), DueOn: postcrm.NewDate(2026, 7, 31)},                                // raised, open
		{Title: "七月才销号", Unit: off, RaisedAt: at(2026, 4, 1), DueOn: postcrm.NewDate(2026, 5, 1), ClosedAt: at(2026, 7, 2)},           // overdue at June's end
		{Title: "全省", Unit: problem.Unit{Level: problem.LevelProvince}, RaisedAt: at(2026, 6, 2), DueOn: postcrm.NewDate(2026, 9, 1)}, // province only
	}
	for _, tt := range []struct {
		sc   Scope
		want string
	}{
		{Scope{}, "全省本月新提出问题 3 个，销号 1 个；月末在办 4 个，其中逾期未销号 2 个：“七月才销号”（2026-05-01 到期）、“退件无人跟”（2026-06-20 到期）。"},
		{Scope{Level: ScopeCity, Code: "唐山市"}, "全市本月新提出问题 1 个，销号 0 个；月末在办 1 个，其中逾期未销号 0 个。"},
		{Scope{Level: ScopeOffice, Code: offB}, ""},
	} {
		got := problemParagraph(tt.sc, 202606, ps)
		if !strings.HasSuffix(got, tt.want) || (tt.want == "") != (got == "") {
			t.Errorf("%+v:\n%s\nwant it to end\n%s", tt.sc, got, tt.want)
		}
	}
}
