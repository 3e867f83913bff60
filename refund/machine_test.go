package refund

import (
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"postcrm"
	"postcrm/calendar"
)

// t0 is a Monday morning, a workday.
var t0 = time.Date(2026, 3, 2, 10, 0, 0, 0, postcrm.ChinaTime)

// facts is a case's world: two known waybills of 12.00 and 8.50 yuan
// at office 13010001, its manager M1 and M2, city manager C1.
func facts(exists bool) postcrm.RefundFacts {
	return postcrm.RefundFacts{
		Exists: exists,
		Waybills: map[string]postcrm.RefundWaybill{
			"W1": {No: "W1", OfficeCode: "13010001", City: "石家庄市", CustomerCode: "KH1", CustomerName: "华药电商", PostageFen: 1200},
			"W2": {No: "W2", OfficeCode: "13010001", City: "石家庄市", CustomerCode: "KH1", CustomerName: "华药电商", PostageFen: 850},
		},
		Settings: DefaultSettings(),
		Reasons: map[postcrm.RefundReasonKind][]string{
			postcrm.RefundReasonOpen:   {"收件人拒收", "地址错误", "无法投递", "客户取消", "其他"},
			postcrm.RefundReasonReject: {"未见退回扫描", "其他"},
		},
		OfficeManagers: []string{"M1", "M2"},
		CityManagers:   []string{"C1"},
	}
}

// caseIn is a case standing in state s, opened by M1 on W1 and W2 with
// 10.00 yuan approved once it is past 审批.
func caseIn(s postcrm.RefundState) postcrm.RefundCase {
	c := postcrm.RefundCase{No: "TF1", OfficeCode: "13010001", City: "石家庄市", CustomerCode: "KH1", Waybills: []string{"W1", "W2"},
		PostageFen: 2050, Reason: "收件人拒收", State: s, OpenedBy: "M1", OpenedAt: t0, Owner: "M1", StepSince: t0}
	if s == postcrm.RefundPay || s == postcrm.RefundPaid || s == postcrm.RefundClosed {
		c.AmountFen, c.ApprovedBy = 1000, "M2"
	}
	return c
}

// validInput is an input for action a that every rule but the state
// machine's and the role's accepts, by M2 (not the opener).
func validInput(a postcrm.RefundAction, role postcrm.Role) Input {
	in := Input{Action: a, User: "M2", Role: role, At: t0.Add(time.Hour)}
	switch a {
	case postcrm.RefundOpen:
		in.Waybills, in.Reason = []string{"W1", "W2"}, "收件人拒收"
	case postcrm.RefundApproved:
		in.AmountFen = 1000
	case postcrm.RefundReject:
		in.Reason = "未见退回扫描"
	case postcrm.RefundSendBack:
		in.Comment = "退回扫描时间对不上"
	case postcrm.RefundPayOK, postcrm.RefundPayFail:
		in.PayKey = "PAY-1"
	}
	return in
}

func hasHan(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) }) >= 0
}

func code(err error) string {
	if es := postcrm.Errors(err); len(es) > 0 {
		return es[0].Code
	}
	return ""
}

// TestEveryStateAction tries every action in every state: the moves of
// the table succeed, land in their state and make their event; every
// other pair is refused as illegal, in Chinese, and a legal move by a
// role not allowed it is refused for the role.
func TestEveryStateAction(t *testing.T) {
	cal := calendar.Default()
	legal := 0
	for _, s := range States {
		for _, a := range Actions {
			m, ok := Lookup(s, a)
			role := postcrm.RoleOfficeManager
			if ok {
				role = m.Who[0]
			}
			c := caseIn(s)
			if s == postcrm.RefundNew {
				c = postcrm.RefundCase{No: "TF1"}
			}
			o, err := Decide(c, facts(s != postcrm.RefundNew), validInput(a, role), cal)
			if !ok {
				if code(err) != CodeIllegal || !errors.Is(err, postcrm.ErrNotAllowed) || !hasHan(err.Error()) {
					t.Errorf("%s × %s: got %v (code %q), want refused as illegal in Chinese", s, a, err, code(err))
				}
				continue
			}
			legal++
			if err != nil {
				t.Errorf("%s × %s: legal move refused: %v", s, a, err)
				continue
			}
			if o.Case.State != m.To || o.Event.Action != a || o.Event.From != s || o.Event.To != m.To || o.Event.Actor != "M2" {
				t.Errorf("%s × %s: case %s, event %+v; want state %s and the event recorded", s, a, o.Case.State, o.Event, m.To)
			}
			for _, r := range []postcrm.Role{postcrm.RoleCourier, postcrm.RoleOfficeManager, postcrm.RoleCityManager, postcrm.RoleProvinceAdmin} {
				if slices.Contains(m.Who, r) {
					continue
				}
				_, err := Decide(c, facts(s != postcrm.RefundNew), validInput(a, r), cal)
				if code(err) != CodeRole || !hasHan(err.Error()) {
					t.Errorf("%s × %s by %s: got %v, want refused for the role", s, a, r, err)
				}
			}
		}
	}
	if legal != len(Table) {
		t.Errorf("%d legal pairs tried, the table has %d", legal, len(Table))
	}
}

func TestAmounts(t *testing.T) {
	cal := calendar.Default()
	c := caseIn(postcrm.RefundApprove)
	for _, tc := range []struct {
		fen, earlier int64
		want         string
	}{
		{2050, 0, ""},
		{2051, 0, CodeAmountTooHigh},
		{0, 0, CodeAmountNotPositve},
		{-100, 0, CodeAmountNotPositve},
		{1050, 1000, ""},
		{1051, 1000, CodeAmountTooHigh},
	} {
		f := facts(true)
		f.EarlierFen = tc.earlier
		in := validInput(postcrm.RefundApproved, postcrm.RoleOfficeManager)
		in.AmountFen = tc.fen
		o, err := Decide(c, f, in, cal)
		if code(err) != tc.want {
			t.Errorf("approve %d fen with %d refunded before: %v, want %q", tc.fen, tc.earlier, err, tc.want)
		}
		if err == nil && (o.Case.AmountFen != tc.fen || o.Event.AmountFen != tc.fen) {
			t.Errorf("approve %d fen: case has %d, event %d", tc.fen, o.Case.AmountFen, o.Event.AmountFen)
		}
	}
	// A waybill postcrm does not know is refused on opening, and so is
	// one whose postage is all refunded.
	in := validInput(postcrm.RefundOpen, postcrm.RoleOfficeManager)
	in.Waybills = []string{"W1", "W9"}
	if _, err := Decide(postcrm.RefundCase{No: "TF2"}, facts(false), in, cal); code(err) != CodeUnknownWaybill || !strings.Contains(err.Error(), "W9") {
		t.Errorf("open on an unknown waybill: %v", err)
	}
	f := facts(false)
	f.EarlierFen = 2050
	if _, err := Decide(postcrm.RefundCase{No: "TF2"}, f, validInput(postcrm.RefundOpen, postcrm.RoleOfficeManager), cal); code(err) != CodeNothingLeft {
		t.Errorf("open on refunded waybills: %v", err)
	}
	in = validInput(postcrm.RefundOpen, postcrm.RoleOfficeManager)
	in.Reason = "天气不好"
	if _, err := Decide(postcrm.RefundCase{No: "TF2"}, facts(false), in, cal); code(err) != CodeReasonUnknown {
		t.Errorf("open with a reason not on the list: %v", err)
	}
}

// TestMakerChecker: whoever opened a case takes none of 审批's
// decisions, and may still verify or reject at 核实.
func TestMakerChecker(t *testing.T) {
	for _, a := range []postcrm.RefundAction{postcrm.RefundApproved, postcrm.RefundReject, postcrm.RefundSendBack} {
		in := validInput(a, postcrm.RoleOfficeManager)
		in.User = "M1" // opened it
		_, err := Decide(caseIn(postcrm.RefundApprove), facts(true), in, calendar.Default())
		if code(err) != CodeMakerChecker || !errors.Is(err, postcrm.ErrNotAllowed) || !hasHan(err.Error()) {
			t.Errorf("the opener's %s at 审批: %v", a, err)
		}
	}
	for _, a := range []postcrm.RefundAction{postcrm.RefundVerified, postcrm.RefundReject} {
		in := validInput(a, postcrm.RoleOfficeManager)
		in.User = "M1"
		if _, err := Decide(caseIn(postcrm.RefundVerify), facts(true), in, calendar.Default()); err != nil {
			t.Errorf("the opener's %s at 核实: %v", a, err)
		}
	}
}

// TestIdempotentPay: the same result under the same key is one payment
// (no event), another result under it is refused, and a repeat after
// the case moved on is still the same payment.
func TestIdempotentPay(t *testing.T) {
	cal := calendar.Default()
	c := caseIn(postcrm.RefundPay)
	f := facts(true)
	in := validInput(postcrm.RefundPayOK, postcrm.RoleOfficeManager)
	o, err := Decide(c, f, in, cal)
	if err != nil || o.Event.Action != postcrm.RefundPayOK || o.Case.PaidFen != 1000 {
		t.Fatalf("first payment: %+v, %v", o, err)
	}
	f.History = append(f.History, o.Event)
	again, err := Decide(o.Case, f, in, cal)
	if err != nil || again.Event.Action != "" || again.Case.State != postcrm.RefundPaid {
		t.Errorf("the same payment again: %+v, %v; want no event", again, err)
	}
	fail := validInput(postcrm.RefundPayFail, postcrm.RoleOfficeManager)
	if _, err := Decide(o.Case, f, fail, cal); code(err) != CodePayKeyConflict {
		t.Errorf("a failure under a paid key: %v", err)
	}
	in.AmountFen = 999
	if _, err := Decide(c, facts(true), in, cal); code(err) != CodePayAmount {
		t.Errorf("paying other than approved: %v", err)
	}
}

// TestSendBackRearms: a send-back starts 核实 afresh, due from the
// send-back, its reminders cleared.
func TestSendBackRearms(t *testing.T) {
	cal := calendar.Default()
	c := caseIn(postcrm.RefundApprove)
	c.DueAt, c.Level = t0.Add(2*time.Hour), 2
	in := validInput(postcrm.RefundSendBack, postcrm.RoleOfficeManager)
	in.At = time.Date(2026, 3, 4, 15, 0, 0, 0, postcrm.ChinaTime) // Wednesday 15:00
	f := facts(true)
	f.History = []postcrm.RefundEvent{{Action: postcrm.RefundVerified, Actor: "M1"}}
	o, err := Decide(c, f, in, cal)
	if err != nil {
		t.Fatal(err)
	}
	want := time.Date(2026, 3, 5, 15, 0, 0, 0, postcrm.ChinaTime) // 8 working hours: 2 that day, 6 the next
	if o.Case.State != postcrm.RefundVerify || !o.Case.DueAt.Equal(want) || o.Case.Level != 0 || !o.Case.StepSince.Equal(in.At) || o.Case.Owner != "M1" {
		t.Errorf("after send-back: state %s due %v level %d since %v owner %s; want verify due %v level 0, back to its verifier",
			o.Case.State, o.Case.DueAt, o.Case.Level, o.Case.StepSince, o.Case.Owner, want)
	}
	in.Comment = ""
	if _, err := Decide(c, f, in, cal); code(err) != CodeCommentMissing {
		t.Errorf("send-back without a word: %v", err)
	}
}

func TestWorkingHours(t *testing.T) {
	cal := calendar.Default()
	for _, tc := range []struct {
		from time.Time
		due  postcrm.RefundDue
		want time.Time
	}{
		// Friday 16:00 + 8 working hours: 1 on Friday, 7 on Monday.
		{time.Date(2026, 3, 6, 16, 0, 0, 0, postcrm.ChinaTime), postcrm.RefundDue{Hours: 8, Working: true}, time.Date(2026, 3, 9, 16, 0, 0, 0, postcrm.ChinaTime)},
		// Friday 16:00 + 8 calendar hours.
		{time.Date(2026, 3, 6, 16, 0, 0, 0, postcrm.ChinaTime), postcrm.RefundDue{Hours: 8}, time.Date(2026, 3, 7, 0, 0, 0, 0, postcrm.ChinaTime)},
		// Opened at night: the clock starts at 09:00.
		{time.Date(2026, 3, 3, 22, 0, 0, 0, postcrm.ChinaTime), postcrm.RefundDue{Hours: 4, Working: true}, time.Date(2026, 3, 4, 13, 0, 0, 0, postcrm.ChinaTime)},
		// 劳动节 2026: 1–5 May off; Thursday 30 April 16:00 + 2 working hours lands on 6 May 10:00.
		{time.Date(2026, 4, 30, 16, 0, 0, 0, postcrm.ChinaTime), postcrm.RefundDue{Hours: 2, Working: true}, time.Date(2026, 5, 6, 10, 0, 0, 0, postcrm.ChinaTime)},
	} {
		if got := Add(cal, tc.from, tc.due); !got.Equal(tc.want) {
			t.Errorf("%v + %+v = %v, want %v", tc.from, tc.due, got, tc.want)
		}
	}
}

// TestDiagramInDocs keeps the docs' state diagram the table's: it fails
// when docs/refunds.md differs from Diagram(). POSTCRM_WRITE_DIAGRAM=1
// rewrites it.
func TestDiagramInDocs(t *testing.T) {
	const path = "../docs/refunds.md"
	const begin, end = "<!-- diagram: generated from refund.Table by TestDiagramInDocs -->\n", "<!-- end of diagram -->"
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	i, j := strings.Index(doc, begin), strings.Index(doc, end)
	if i < 0 || j < i {
		t.Fatalf("%s has no diagram markers", path)
	}
	got := doc[i+len(begin) : j]
	if want := Diagram(); got != want {
		if os.Getenv("POSTCRM_WRITE_DIAGRAM") == "1" {
			if err := os.WriteFile(path, []byte(doc[:i+len(begin)]+want+doc[j:]), 0o644); err != nil {
				t.Fatal(err)
			}
			return
		}
		t.Errorf("the diagram in %s is not the table's; run POSTCRM_WRITE_DIAGRAM=1 go test ./refund -run TestDiagramInDocs\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}
