package storetest

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"postcrm"
	"postcrm/problem"
	"postcrm/sqlstore"
)

// problemScope is a user's scope as the web passes it to the problem
// store: with their own staff ID, so that owners see theirs.
func problemScope(t *testing.T, s *sqlstore.Store, name string) postcrm.Scope {
	sc := scopeOf(t, s, name)
	sc.StaffID = name
	return sc
}

func problemIDs(ps []problem.Problem) []int64 {
	var ids []int64
	for _, p := range ps {
		ids = append(ids, p.ID)
	}
	slices.Sort(ids)
	return ids
}

func refusal(err error) string {
	if es := postcrm.Errors(err); len(es) > 0 {
		return es[0].Code
	}
	if err != nil {
		return err.Error()
	}
	return ""
}

// testProblems raises problems for an office, a city and the province,
// checks who sees which (managers over the unit and those above, owners
// and measure owners theirs), and takes one through every state with
// its history and audit; closing without evidence is refused.
func testProblems(t *testing.T, st *sqlstore.Store) {
	ctx := context.Background()
	s := st
	applyScoped(t, s, followupUsers...)
	due := postcrm.DateOf(time.Now()).AddDays(30)
	city, prov, mgr := problemScope(t, s, "C0101"), problemScope(t, s, "P0001"), problemScope(t, s, "S1002")
	a := func(u string) postcrm.Actor { return postcrm.Actor{User: u, Addr: "10.0.0.1"} }
	officeUnit := problem.Unit{Level: problem.LevelOffice, OfficeCode: "13010001"}

	// Refusals: a courier raises nothing; a manager only for their unit;
	// the owner must work there.
	if _, err := s.RaiseProblem(ctx, problemScope(t, s, "S1001"), problem.Problem{Title: "x", Source: problem.FromVisit, Unit: officeUnit, Owner: "S1001", DueOn: due}, a("S1001")); refusal(err) != problem.CodeRaiseByCourier {
		t.Errorf("courier raises: %v", err)
	}
	_, err := s.RaiseProblem(ctx, mgr, problem.Problem{Title: "x", Source: problem.FromVisit, Unit: officeUnit, Owner: "S1003", DueOn: due}, a("S1002"))
	if refusal(err) != problem.CodeOwnerOutside {
		t.Errorf("owner of another office: %v", err)
	}

	p1 := must[problem.Problem](t)(s.RaiseProblem(ctx, mgr, problem.Problem{Title: "长安营业部退件无人跟", Description: "退件平均 5 天才处理",
		Source: problem.FromPDCA, SourceRef: "act_note:1", Unit: officeUnit, Owner: "S1001", DueOn: due,
		Watch: problem.Watch{Figure: problem.FigWarnings, Direction: problem.AtMost, Target: 1}}, a("S1002")))
	p2 := must[problem.Problem](t)(s.RaiseProblem(ctx, city, problem.Problem{Title: "石家庄散户收入下滑", Source: problem.FromReport,
		Unit: problem.Unit{Level: problem.LevelCity, City: "石家庄市"}, Owner: "C0101", DueOn: due}, a("C0101")))
	p3 := must[problem.Problem](t)(s.RaiseProblem(ctx, prov, problem.Problem{Title: "全省数据质量", Source: problem.FromComplaint,
		Unit: problem.Unit{Level: problem.LevelProvince}, Owner: "P0001", DueOn: due}, a("P0001")))
	p4 := must[problem.Problem](t)(s.RaiseProblem(ctx, prov, problem.Problem{Title: "唐山网点投诉", Source: problem.FromComplaint,
		Unit: problem.Unit{Level: problem.LevelOffice, OfficeCode: "13020001"}, Owner: "S2001", DueOn: due}, a("P0001")))
	if p1.Unit.City != "石家庄市" || p1.State != problem.Raised {
		t.Errorf("raised: %+v", p1)
	}
	// S1003 owns a measure of the city's problem: they see it.
	must[problem.Measure](t)(s.AddMeasure(ctx, city, p2.ID, problem.Measure{Text: "桥西营业部排查散户流失", Owner: "S1003", DueOn: due}, a("C0101")))

	sees := map[string][]int64{
		"P0001": {p1.ID, p2.ID, p3.ID, p4.ID},
		"C0101": {p1.ID, p2.ID},
		"S1002": {p1.ID},
		"S1001": {p1.ID},
		"S1003": {p2.ID},
		"S2001": {p4.ID},
	}
	for name, want := range sees {
		sc := problemScope(t, s, name)
		got := problemIDs(must[[]problem.Problem](t)(s.ScopedProblems(ctx, sc, problem.Query{})))
		if !slices.Equal(got, want) {
			t.Errorf("%s sees %v, want %v", name, got, want)
		}
		for _, p := range []problem.Problem{p1, p2, p3, p4} {
			_, err := s.ScopedProblem(ctx, sc, p.ID)
			if slices.Contains(want, p.ID) != (err == nil) || (err != nil && !errors.Is(err, postcrm.ErrNotFound)) {
				t.Errorf("%s reads problem %d: %v", name, p.ID, err)
			}
		}
	}
	if got := problemIDs(must[[]problem.Problem](t)(s.ScopedProblems(ctx, prov, problem.Query{UnitKey: "city:石家庄市"}))); !slices.Equal(got, []int64{p2.ID}) {
		t.Errorf("unit filter: %v", got)
	}
	if got := problemIDs(must[[]problem.Problem](t)(s.ScopedProblems(ctx, prov, problem.Query{InvolvesMe: "S1003"}))); !slices.Equal(got, []int64{p2.ID}) {
		t.Errorf("measure owner's work list: %v", got)
	}
	staff := must[[]postcrm.Staff](t)(s.UnitStaff(ctx, mgr, p1.Unit))
	if len(staff) != 2 {
		t.Errorf("office staff: %v", staff)
	}
	if _, err := s.UnitStaff(ctx, mgr, p2.Unit); !errors.Is(err, postcrm.ErrNotFound) {
		t.Errorf("office manager reads the city's staff: %v", err)
	}

	// p1 through its states.
	courier := problemScope(t, s, "S1001")
	if _, err := s.StepProblem(ctx, courier, p1.ID, problem.Step{Action: problem.ActStart}, a("S1001")); refusal(err) != problem.CodeWrongState {
		t.Errorf("start before claim: %v", err)
	}
	must[problem.Problem](t)(s.StepProblem(ctx, courier, p1.ID, problem.Step{Action: problem.ActClaim}, a("S1001")))
	if _, err := s.StepProblem(ctx, courier, p1.ID, problem.Step{Action: problem.ActStart}, a("S1001")); refusal(err) != problem.CodeNoMeasures {
		t.Errorf("start without measures: %v", err)
	}
	m := must[problem.Measure](t)(s.AddMeasure(ctx, courier, p1.ID, problem.Measure{Text: "每天下班前清退件", Owner: "S1001", DueOn: due}, a("S1001")))
	if _, err := s.AddMeasure(ctx, courier, p1.ID, problem.Measure{Text: "x", Owner: "S2001", DueOn: due}, a("S1001")); refusal(err) != problem.CodeMeasureOutside {
		t.Errorf("measure owner of another city: %v", err)
	}
	must[problem.Problem](t)(s.StepProblem(ctx, courier, p1.ID, problem.Step{Action: problem.ActStart}, a("S1001")))
	if _, err := s.StepProblem(ctx, courier, p1.ID, problem.Step{Action: problem.ActSubmit, Note: "做完了"}, a("S1001")); refusal(err) != problem.CodeMeasuresOpen {
		t.Errorf("submit with an open measure: %v", err)
	}
	if err := s.SetMeasure(ctx, problemScope(t, s, "S2001"), p1.ID, m.ID, problem.MeasureDone, a("S2001")); !errors.Is(err, postcrm.ErrNotFound) {
		t.Errorf("another city's courier sets the measure: %v", err)
	}
	if err := s.SetMeasure(ctx, courier, p1.ID, m.ID, problem.MeasureDone, a("S1001")); err != nil {
		t.Fatal(err)
	}
	must[problem.Problem](t)(s.StepProblem(ctx, courier, p1.ID, problem.Step{Action: problem.ActSubmit, Note: "两周退件当天清"}, a("S1001")))
	if _, err := s.StepProblem(ctx, mgr, p1.ID, problem.Step{Action: problem.ActClose}, a("S1002")); refusal(err) != problem.CodeEvidenceMissing {
		t.Errorf("close without evidence: %v", err)
	}
	if _, err := s.StepProblem(ctx, mgr, p1.ID, problem.Step{Action: problem.ActClose, Note: "抽查", Latest: problem.Point{Month: 202405, Value: 3, OK: true}}, a("S1002")); refusal(err) != problem.CodeTargetNotMet {
		t.Errorf("close with the target missed: %v", err)
	}
	if _, err := s.StepProblem(ctx, courier, p1.ID, problem.Step{Action: problem.ActClose, Note: "抽查", Override: "我说行"}, a("S1001")); refusal(err) != problem.CodeNotYours {
		t.Errorf("the owner closes: %v", err)
	}
	closed := must[problem.Problem](t)(s.StepProblem(ctx, mgr, p1.ID, problem.Step{Action: problem.ActClose, Note: "抽查 5 天退件",
		Override: "剩下的预警是撤并网点的客户", Latest: problem.Point{Month: 202405, Value: 3, OK: true}}, a("S1002")))
	if closed.State != problem.Closed {
		t.Errorf("closed: %+v", closed)
	}
	got := must[problem.Problem](t)(s.ScopedProblem(ctx, courier, p1.ID))
	if got.State != problem.Closed || got.ClosedAt.IsZero() || got.Evidence != "两周退件当天清" || got.Override != "剩下的预警是撤并网点的客户" ||
		got.OwnerName != "张伟" || got.UnitName != "石家庄长安营业部" || got.Watch.Target != 1 || got.Watch.Figure != problem.FigWarnings ||
		got.Description != "退件平均 5 天才处理" || got.SourceRef != "act_note:1" || len(got.Measures) != 1 || got.Measures[0].State != problem.MeasureDone {
		t.Errorf("read back: %+v", got)
	}
	var actions []string
	for _, e := range got.History {
		actions = append(actions, string(e.Action)+":"+string(e.To))
	}
	want := "raise:raised claim:claimed measure:claimed start:fixing measure:fixing submit:verifying close:closed"
	if strings.Join(actions, " ") != want {
		t.Errorf("history %v, want %s", actions, want)
	}
	if last := got.History[len(got.History)-1]; last.By != "S1002" || !strings.Contains(last.Note, "撤并网点") {
		t.Errorf("closing line: %+v", last)
	}
	entries, _, err := s.AuditLog(ctx, postcrm.AuditQuery{User: "S1002"})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if e.Target == "problem:"+strconv.FormatInt(p1.ID, 10) {
			n++
		}
	}
	if n != 2 { // raised and closed
		t.Errorf("audit entries of S1002 on problem %d: %d", p1.ID, n)
	}
	if _, err := s.StepProblem(ctx, mgr, p1.ID, problem.Step{Action: problem.ActReturn, Note: "再看"}, a("S1002")); refusal(err) != problem.CodeWrongState {
		t.Errorf("return a closed problem: %v", err)
	}
	if got := problemIDs(must[[]problem.Problem](t)(s.ScopedProblems(ctx, prov, problem.Query{Open: true}))); slices.Contains(got, p1.ID) {
		t.Errorf("open list has the closed one: %v", got)
	}
	raised := must[[]problem.Problem](t)(s.ProblemsRaisedBy(ctx, postcrm.DateOf(time.Now())))
	if len(raised) != 4 {
		t.Errorf("raised by today: %d", len(raised))
	}
	if raised := must[[]problem.Problem](t)(s.ProblemsRaisedBy(ctx, postcrm.DateOf(time.Now()).AddDays(-1))); len(raised) != 0 {
		t.Errorf("raised by yesterday: %d", len(raised))
	}
}

// testProblemReminders runs problem.Remind over a fake clock: an
// overdue problem and measure remind their owners once per week, in the
// outbox with the recipients' facts; one not yet due reminds nobody.
func testProblemReminders(t *testing.T, st *sqlstore.Store) {
	ctx := context.Background()
	s := st
	applyScoped(t, s, followupUsers...)
	mgr := problemScope(t, s, "S1002")
	a := postcrm.Actor{User: "S1002"}
	today := postcrm.DateOf(time.Now())
	p := must[problem.Problem](t)(s.RaiseProblem(ctx, mgr, problem.Problem{Title: "退件无人跟", Source: problem.FromVisit,
		Unit: problem.Unit{Level: problem.LevelOffice, OfficeCode: "13010001"}, Owner: "S1001", DueOn: today}, a))
	must[problem.Measure](t)(s.AddMeasure(ctx, mgr, p.ID, problem.Measure{Text: "排班表", Owner: "S1002", DueOn: today}, a))
	must[problem.Problem](t)(s.RaiseProblem(ctx, mgr, problem.Problem{Title: "还没到期的", Source: problem.FromVisit,
		Unit: problem.Unit{Level: problem.LevelOffice, OfficeCode: "13010001"}, Owner: "S1001", DueOn: today.AddDays(30)}, a))

	clock := today.Time().Add(9 * time.Hour)
	added := func(days int) int {
		t.Helper()
		n, err := problem.Remind(ctx, s, clock.Add(time.Duration(days)*24*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	for _, step := range []struct{ day, want int }{{0, 0}, {1, 2}, {1, 0}, {3, 0}, {7, 0}, {8, 2}, {8, 0}, {14, 0}, {15, 2}} {
		if got := added(step.day); got != step.want {
			t.Errorf("day %d: %d reminders added, want %d", step.day, got, step.want)
		}
	}
	ns := must[[]postcrm.Notice](t)(s.Notices(ctx, postcrm.NoticeQuery{}))
	var lines []string
	for _, n := range ns {
		if n.WarningID == p.ID {
			lines = append(lines, noticeLine(n))
		}
	}
	slices.Sort(lines)
	wantFirst := "measure-overdue:1:0 measure_overdue→S1002(王芳) 13010001/石家庄长安营业部/石家庄市  \"排班表\" \"退件无人跟\" 1 due " + today.String()
	if len(lines) != 6 || !slices.Contains(lines, wantFirst) {
		t.Errorf("reminders of problem %d:\n%s\nwant among them\n%s", p.ID, strings.Join(lines, "\n"), wantFirst)
	}
}
