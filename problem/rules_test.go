package problem

import (
	"errors"
	"testing"
	"time"

	"postcrm"
)

var (
	office   = Unit{Level: LevelOffice, City: "石家庄市", OfficeCode: "13000001"}
	province = postcrm.Scope{Role: postcrm.RoleProvinceAdmin}
	city     = postcrm.Scope{Role: postcrm.RoleCityManager, City: "石家庄市"}
	other    = postcrm.Scope{Role: postcrm.RoleCityManager, City: "唐山市"}
	manager  = postcrm.Scope{Role: postcrm.RoleOfficeManager, City: "石家庄市", OfficeCode: "13000001"}
	courier  = postcrm.Scope{Role: postcrm.RoleCourier, City: "石家庄市", OfficeCode: "13000001", StaffID: "K001"}
)

func code(err error) string {
	if es := postcrm.Errors(err); len(es) > 0 {
		return es[0].Code
	}
	if err != nil {
		return err.Error()
	}
	return ""
}

// TestStateMachine takes every transition from every state as the
// owner, the office manager, the city manager, another city's manager
// and the province: what the table allows moves the state; the rest is
// refused with its code, closing without evidence among them.
func TestStateMachine(t *testing.T) {
	done := []Measure{{ID: 1, State: MeasureDone}}
	open := []Measure{{ID: 1, State: MeasureOpen}}
	watch := Watch{Figure: FigWarnings, Direction: AtMost, Target: 5}
	tests := []struct {
		name     string
		state    State
		measures []Measure
		watch    Watch
		step     Step
		sc       postcrm.Scope
		user     string
		want     State  // after, when allowed
		code     string // the refusal's code
	}{
		{"owner claims", Raised, nil, Watch{}, Step{Action: ActClaim}, courier, "K001", Claimed, ""},
		{"manager claims for the owner", Raised, nil, Watch{}, Step{Action: ActClaim}, manager, "O001", Claimed, ""},
		{"another courier may not claim", Raised, nil, Watch{}, Step{Action: ActClaim}, courier, "K002", "", CodeNotYours},
		{"another city may not claim", Raised, nil, Watch{}, Step{Action: ActClaim}, other, "C002", "", CodeNotYours},
		{"claim twice", Claimed, nil, Watch{}, Step{Action: ActClaim}, courier, "K001", "", CodeWrongState},
		{"start without measures", Claimed, nil, Watch{}, Step{Action: ActStart}, courier, "K001", "", CodeNoMeasures},
		{"start with a measure", Claimed, open, Watch{}, Step{Action: ActStart}, courier, "K001", Fixing, ""},
		{"start from raised", Raised, open, Watch{}, Step{Action: ActStart}, courier, "K001", "", CodeWrongState},
		{"submit with a measure open", Fixing, open, Watch{}, Step{Action: ActSubmit, Note: "做了"}, courier, "K001", "", CodeMeasuresOpen},
		{"submit without evidence", Fixing, done, Watch{}, Step{Action: ActSubmit}, courier, "K001", "", CodeEvidenceMissing},
		{"submit with evidence", Fixing, done, Watch{}, Step{Action: ActSubmit, Note: "已培训 12 人"}, courier, "K001", Verifying, ""},
		{"close without evidence", Verifying, done, Watch{}, Step{Action: ActClose}, manager, "O001", "", CodeEvidenceMissing},
		{"close with blank evidence", Verifying, done, Watch{}, Step{Action: ActClose, Note: "  "}, city, "C001", "", CodeEvidenceMissing},
		{"close with evidence", Verifying, done, Watch{}, Step{Action: ActClose, Note: "抽查 5 户"}, manager, "O001", Closed, ""},
		{"the owner may not close", Verifying, done, Watch{}, Step{Action: ActClose, Note: "好了"}, courier, "K001", "", CodeNotYours},
		{"a managing owner may not verify their own", Verifying, done, Watch{}, Step{Action: ActClose, Note: "好了"}, manager, "K001", "", CodeOwnVerify},
		{"another city may not close", Verifying, done, Watch{}, Step{Action: ActClose, Note: "好了"}, other, "C002", "", CodeNotYours},
		{"close from fixing", Fixing, done, Watch{}, Step{Action: ActClose, Note: "好了"}, province, "P001", "", CodeWrongState},
		{"close closed", Closed, done, Watch{}, Step{Action: ActClose, Note: "好了"}, province, "P001", "", CodeWrongState},
		{"target met", Verifying, done, watch, Step{Action: ActClose, Note: "12 月预警 4 个", Latest: Point{Month: 202612, Value: 4, OK: true}}, city, "C001", Closed, ""},
		{"target met exactly", Verifying, done, watch, Step{Action: ActClose, Note: "预警 5 个", Latest: Point{Month: 202612, Value: 5, OK: true}}, city, "C001", Closed, ""},
		{"target missed", Verifying, done, watch, Step{Action: ActClose, Note: "预警 6 个", Latest: Point{Month: 202612, Value: 6, OK: true}}, city, "C001", "", CodeTargetNotMet},
		{"no figure yet", Verifying, done, watch, Step{Action: ActClose, Note: "还没数"}, city, "C001", "", CodeNoFigure},
		{"target missed, overridden", Verifying, done, watch, Step{Action: ActClose, Note: "预警 6 个", Override: "其中 2 个是撤并网点的客户", Latest: Point{Month: 202612, Value: 6, OK: true}}, city, "C001", Closed, ""},
		{"override still needs evidence", Verifying, done, watch, Step{Action: ActClose, Override: "特批"}, city, "C001", "", CodeEvidenceMissing},
		{"return without a reason", Verifying, done, Watch{}, Step{Action: ActReturn}, manager, "O001", "", CodeNoteMissing},
		{"return", Verifying, done, Watch{}, Step{Action: ActReturn, Note: "回访率还没上来"}, manager, "O001", Fixing, ""},
		{"unknown action", Raised, nil, Watch{}, Step{Action: "reopen"}, province, "P001", "", CodeWrongState},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Problem{ID: 7, Unit: office, Owner: "K001", State: tt.state, Measures: tt.measures, Watch: tt.watch}
			got, err := p.Apply(tt.step, tt.sc, tt.user)
			if code(err) != tt.code {
				t.Fatalf("refusal %q, want %q", code(err), tt.code)
			}
			if tt.code != "" {
				if got.State != tt.state {
					t.Errorf("a refused step moved the state to %s", got.State)
				}
				var de *postcrm.Error
				if !errors.As(err, &de) || de.Message == "" || (!errors.Is(err, postcrm.ErrNotAllowed) && !errors.Is(err, postcrm.ErrInvalid)) {
					t.Errorf("refusal %v is not a coded domain error with a Chinese message", err)
				}
				return
			}
			if got.State != tt.want {
				t.Errorf("state %s, want %s", got.State, tt.want)
			}
			if tt.step.Action == ActClose && tt.step.Override != "" && got.Override != tt.step.Override {
				t.Errorf("override %q not kept", got.Override)
			}
		})
	}
}

// TestTransitionTableIsTheMachine checks that every state but the last
// can be left, and each line's action names one line per state.
func TestTransitionTableIsTheMachine(t *testing.T) {
	seen := map[Action]map[State]bool{}
	leaves := map[State]bool{}
	for _, tr := range Transitions {
		if seen[tr.Action] == nil {
			seen[tr.Action] = map[State]bool{}
		}
		if seen[tr.Action][tr.From] {
			t.Errorf("%s from %s twice", tr.Action, tr.From)
		}
		seen[tr.Action][tr.From] = true
		leaves[tr.From] = true
	}
	for _, s := range States {
		if leaves[s] == (s == Closed) {
			t.Errorf("state %s: leavable %v", s, leaves[s])
		}
	}
}

func TestValidate(t *testing.T) {
	today := postcrm.NewDate(2026, 12, 7)
	staff := postcrm.Staff{ID: "K001", Name: "赵淑珍", Role: postcrm.RoleCourier, OfficeCode: "13000001", City: "石家庄市"}
	good := Problem{Title: "退件无人跟", Source: FromPDCA, Unit: office, Owner: "K001", DueOn: today.AddDays(30)}
	tests := []struct {
		name  string
		p     func(p Problem) Problem
		sc    postcrm.Scope
		codes []string
	}{
		{"good", func(p Problem) Problem { return p }, manager, nil},
		{"city raises for its office", func(p Problem) Problem { return p }, city, nil},
		{"courier may not raise", func(p Problem) Problem { return p }, courier, []string{CodeRaiseByCourier}},
		{"other city", func(p Problem) Problem { return p }, other, []string{CodeUnitOutside}},
		{"everything missing", func(Problem) Problem { return Problem{} }, province,
			[]string{CodeTitleMissing, CodeSourceUnknown, CodeUnitMissing, CodeOwnerMissing, CodeDueMissing}},
		{"due past", func(p Problem) Problem { p.DueOn = today.AddDays(-1); return p }, manager, []string{CodeDuePast}},
		{"owner of another office", func(p Problem) Problem { p.Owner = "X"; return p }, manager, []string{CodeOwnerOutside}},
		{"unknown figure", func(p Problem) Problem { p.Watch = Watch{Figure: "nps", Direction: AtLeast}; return p }, manager, []string{CodeFigureUnknown}},
		{"rate over 100%", func(p Problem) Problem {
			p.Watch = Watch{Figure: FigRecoveryRate, Direction: AtLeast, Target: 60}
			return p
		}, manager, []string{CodeTargetBad}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := tt.p(good)
			owner := staff
			if p.Owner != "K001" {
				owner = postcrm.Staff{ID: p.Owner}
			}
			var got []string
			for _, e := range postcrm.Errors(p.Validate(tt.sc, owner, today)) {
				got = append(got, e.Code)
			}
			if len(got) != len(tt.codes) {
				t.Fatalf("codes %v, want %v", got, tt.codes)
			}
			for i := range got {
				if got[i] != tt.codes[i] {
					t.Errorf("codes %v, want %v", got, tt.codes)
				}
			}
		})
	}
}

// TestRemindersOncePerInterval moves a fake clock over an overdue
// problem and measure: the event IDs change once a week, from the day
// after the due date; nothing before it, nothing for a closed problem.
func TestRemindersOncePerInterval(t *testing.T) {
	due := postcrm.NewDate(2026, 12, 1)
	p := Problem{ID: 3, Title: "退件无人跟", Owner: "K001", DueOn: due, State: Fixing,
		Measures: []Measure{{ID: 9, Owner: "K002", Text: "排班", DueOn: due, State: MeasureOpen}, {ID: 10, Owner: "K002", DueOn: due, State: MeasureDone}}}
	ids := map[string]bool{}
	clock := due.Time().Add(10 * time.Hour)
	for day := 0; day <= 21; day++ {
		for _, n := range Reminders([]Problem{p}, postcrm.DateOf(clock)) {
			ids[n.EventID] = true
		}
		clock = clock.Add(24 * time.Hour)
	}
	want := []string{"problem-overdue:3:0", "problem-overdue:3:1", "problem-overdue:3:2", "measure-overdue:9:0", "measure-overdue:9:1", "measure-overdue:9:2"}
	if len(ids) != len(want) {
		t.Errorf("event IDs %v, want %v", ids, want)
	}
	for _, id := range want {
		if !ids[id] {
			t.Errorf("no %s in %v", id, ids)
		}
	}
	if got := Reminders([]Problem{p}, due); len(got) != 0 {
		t.Errorf("on the due date: %v", got)
	}
	p.State = Closed
	if got := Reminders([]Problem{p}, due.AddDays(3)); len(got) != 0 {
		t.Errorf("closed: %v", got)
	}
}
