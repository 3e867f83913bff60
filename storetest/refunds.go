package storetest

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"postcrm"
	"postcrm/calendar"
	"postcrm/refund"
	"postcrm/sqlstore"
)

// refundWaybills are the waybills the refund tests open cases on: two
// of KH0001 (office 13010001, owned by courier S1001), one of KH0003
// (唐山, 13020001) and one walk-in's at 13010001.
var refundWaybills = []postcrm.Waybill{
	{No: "RW0001", AcceptedAt: time.Date(2026, 2, 20, 10, 0, 0, 0, postcrm.ChinaTime), OfficeCode: "13010001", CourierStaffID: "S1001",
		CustomerCode: "KH0001", Product: "标准快递", WeightG: 800, PostageFen: 1200, Payment: postcrm.PaymentMonthly, Channel: postcrm.ChannelPickup, DestProvince: "广东"},
	{No: "RW0002", AcceptedAt: time.Date(2026, 2, 21, 10, 0, 0, 0, postcrm.ChinaTime), OfficeCode: "13010001", CourierStaffID: "S1001",
		CustomerCode: "KH0001", Product: "标准快递", WeightG: 500, PostageFen: 850, Payment: postcrm.PaymentMonthly, Channel: postcrm.ChannelPickup, DestProvince: "浙江"},
	{No: "RW0003", AcceptedAt: time.Date(2026, 2, 21, 11, 0, 0, 0, postcrm.ChinaTime), OfficeCode: "13020001", CourierStaffID: "S2001",
		CustomerCode: "KH0003", Product: "标准快递", WeightG: 500, PostageFen: 1000, Payment: postcrm.PaymentCash, Channel: postcrm.ChannelCounter, DestProvince: "北京"},
	{No: "RW0004", AcceptedAt: time.Date(2026, 2, 22, 11, 0, 0, 0, postcrm.ChinaTime), OfficeCode: "13010001", SenderPhone: "13712345678",
		Product: "标准快递", WeightG: 300, PostageFen: 600, Payment: postcrm.PaymentCash, Channel: postcrm.ChannelCounter, DestProvince: "天津"},
}

var (
	refundManager = postcrm.Scope{Role: postcrm.RoleOfficeManager, City: "石家庄市", OfficeCode: "13010001", StaffID: "S1002"}
	refundCity    = postcrm.Scope{Role: postcrm.RoleCityManager, City: "石家庄市", StaffID: "C0101"}
	refundTS      = postcrm.Scope{Role: postcrm.RoleCityManager, City: "唐山市", StaffID: "C0201"}
	refundOther   = postcrm.Scope{Role: postcrm.RoleOfficeManager, City: "石家庄市", OfficeCode: "13010002", StaffID: "S9999"}
	refundCourier = postcrm.Scope{Role: postcrm.RoleCourier, City: "石家庄市", OfficeCode: "13010001", StaffID: "S1001"}
	refundLiNa    = postcrm.Scope{Role: postcrm.RoleCourier, City: "石家庄市", OfficeCode: "13010002", StaffID: "S1003"}
	refundProv    = postcrm.Scope{Role: postcrm.RoleProvinceAdmin}
)

func refundStore(t *testing.T, s *sqlstore.Store) {
	t.Helper()
	applyFixtures(t, s)
	apply(t, s, postcrm.Batch{Kind: postcrm.KindWaybills, Waybills: refundWaybills})
}

func refundDo(t *testing.T, s *sqlstore.Store, sc postcrm.Scope, no string, in refund.Input) (postcrm.RefundCase, error) {
	t.Helper()
	in.User, in.Role = sc.StaffID, sc.Role
	return refund.Do(context.Background(), s, sc, postcrm.Actor{User: sc.StaffID, Addr: "test"}, no, in)
}

// testRefundFlow walks a case from its opening to its closing through
// the store: each action is in the history and the audit log, the
// amount and the maker-checker are judged on what the store reads, a
// payment repeated under its key is one payment.
func testRefundFlow(t *testing.T, s *sqlstore.Store) {
	ctx := context.Background()
	refundStore(t, s)
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, postcrm.ChinaTime)
	c, err := refundDo(t, s, refundManager, "", refund.Input{Action: postcrm.RefundOpen, At: at, Waybills: []string{"RW0001", "RW0002"}, Reason: "收件人拒收"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(c.No, "TF") || c.CustomerCode != "KH0001" || c.CustomerName != "河北华药电商有限公司" || c.PostageFen != 2050 ||
		c.State != postcrm.RefundVerify || c.Owner != "S1002" || c.DueAt.IsZero() {
		t.Fatalf("opened %+v", c)
	}
	if _, err := refundDo(t, s, refundManager, "", refund.Input{Action: postcrm.RefundOpen, At: at, Waybills: []string{"RW0003"}, Reason: "其他"}); !errors.Is(err, postcrm.ErrInvalid) {
		t.Errorf("opening on another office's waybill: %v, want it unknown", err)
	}
	steps := []struct {
		sc postcrm.Scope
		in refund.Input
	}{
		{refundManager, refund.Input{Action: postcrm.RefundVerified}},
		{refundCity, refund.Input{Action: postcrm.RefundApproved, AmountFen: 2050}},
		{refundManager, refund.Input{Action: postcrm.RefundPayFail, PayKey: "K1", Comment: "账户名不符"}},
		{refundManager, refund.Input{Action: postcrm.RefundPayOK, PayKey: "K2"}},
		{refundManager, refund.Input{Action: postcrm.RefundPayOK, PayKey: "K2"}}, // the same payment again
		{refundManager, refund.Input{Action: postcrm.RefundClose}},
	}
	// The opener may not approve it.
	if _, err := refundDo(t, s, refundManager, c.No, refund.Input{Action: postcrm.RefundVerified, At: at}); err != nil {
		t.Fatal(err)
	}
	if _, err := refundDo(t, s, refundManager, c.No, refund.Input{Action: postcrm.RefundApproved, At: at, AmountFen: 100}); !errors.Is(err, postcrm.ErrNotAllowed) {
		t.Errorf("the opener approving: %v", err)
	}
	if _, err := refundDo(t, s, refundCity, c.No, refund.Input{Action: postcrm.RefundApproved, At: at, AmountFen: 2051}); !errors.Is(err, postcrm.ErrInvalid) {
		t.Errorf("approving above the postage: %v", err)
	}
	for i, st := range steps[1:] {
		st.in.At = at.Add(time.Duration(i+1) * time.Hour)
		if c, err = refundDo(t, s, st.sc, c.No, st.in); err != nil {
			t.Fatalf("%s: %v", st.in.Action, err)
		}
	}
	got, hist, err := s.RefundCase(ctx, refundManager, c.No)
	if err != nil {
		t.Fatal(err)
	}
	if got.State != postcrm.RefundClosed || got.PaidFen != 2050 || got.AmountFen != 2050 || got.ApprovedBy != "C0101" ||
		!slices.Equal(got.Waybills, []string{"RW0001", "RW0002"}) || got.ClosedAt.IsZero() {
		t.Errorf("closed case %+v", got)
	}
	var acts []string
	for i, e := range hist {
		acts = append(acts, string(e.Action))
		if e.Seq != i+1 || e.At.IsZero() || e.Actor == "" {
			t.Errorf("event %d: %+v", i, e)
		}
		if e.Actor == "S1002" && e.ActorName != "王芳" {
			t.Errorf("event %d: actor's name %q, want 王芳", i, e.ActorName)
		}
	}
	if want := "open verify approve pay_fail pay_ok close"; strings.Join(acts, " ") != want {
		t.Errorf("history %q, want %q", strings.Join(acts, " "), want)
	}
	log, _, err := s.AuditLog(ctx, postcrm.AuditQuery{Action: postcrm.AuditDataChange})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range log {
		if e.Target == "refund:"+c.No {
			n++
		}
	}
	if n != len(hist) {
		t.Errorf("%d audit entries for %d events", n, len(hist))
	}
	// The postage is all refunded now: a second case on the same waybill is refused.
	if _, err := refundDo(t, s, refundManager, "", refund.Input{Action: postcrm.RefundOpen, At: at, Waybills: []string{"RW0002"}, Reason: "其他"}); !errors.Is(err, postcrm.ErrInvalid) {
		t.Errorf("opening on refunded waybills: %v", err)
	}
	// A number given twice (the import's) is refused by the store.
	if _, err := refundDo(t, s, refundTS, c.No, refund.Input{Action: postcrm.RefundOpen, At: at, Waybills: []string{"RW0003"}, Reason: "其他"}); !errors.Is(err, postcrm.ErrConflict) {
		t.Errorf("a case number taken: %v", err)
	}
}

// testRefundScope: an office sees its cases and not another's, a
// courier those of the customers they own, a city its offices', the
// province all; by waybill and by owner too.
func testRefundScope(t *testing.T, s *sqlstore.Store) {
	ctx := context.Background()
	refundStore(t, s)
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, postcrm.ChinaTime)
	mustOpen := func(sc postcrm.Scope, wb string) string {
		c, err := refundDo(t, s, sc, "", refund.Input{Action: postcrm.RefundOpen, At: at, Waybills: []string{wb}, Reason: "地址错误"})
		if err != nil {
			t.Fatalf("open on %s: %v", wb, err)
		}
		return c.No
	}
	a := mustOpen(refundManager, "RW0001")
	walkin := mustOpen(refundManager, "RW0004")
	ts := mustOpen(refundProv, "RW0003")
	for _, tc := range []struct {
		name string
		sc   postcrm.Scope
		want []string
	}{
		{"office", refundManager, []string{a, walkin}},
		{"other office", refundOther, nil},
		{"courier", refundCourier, []string{a}},
		{"other courier", refundLiNa, nil},
		{"city", refundCity, []string{a, walkin}},
		{"other city", refundTS, []string{ts}},
		{"province", refundProv, []string{a, walkin, ts}},
	} {
		cs, err := s.RefundCases(ctx, tc.sc, postcrm.RefundQuery{})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, c := range cs {
			got = append(got, c.No)
		}
		slices.Sort(got)
		want := slices.Clone(tc.want)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s sees %v, want %v", tc.name, got, want)
		}
		for _, no := range []string{a, ts} {
			_, _, err := s.RefundCase(ctx, tc.sc, no)
			if slices.Contains(tc.want, no) != (err == nil) {
				t.Errorf("%s reading %s: %v", tc.name, no, err)
			}
		}
	}
	if _, err := refundDo(t, s, refundOther, a, refund.Input{Action: postcrm.RefundVerified, At: at}); !errors.Is(err, postcrm.ErrNotFound) {
		t.Errorf("another office verifying: %v", err)
	}
	if cs, _ := s.RefundCases(ctx, refundCity, postcrm.RefundQuery{Waybill: "RW0004"}); len(cs) != 1 || cs[0].No != walkin {
		t.Errorf("by waybill: %+v", cs)
	}
	if cs, _ := s.RefundCases(ctx, refundProv, postcrm.RefundQuery{Owner: "S1002", OpenOnly: true, Limit: 1}); len(cs) != 1 {
		t.Errorf("by owner: %+v", cs)
	}
	if cs, _ := s.RefundCases(ctx, refundProv, postcrm.RefundQuery{Customer: "KH0003"}); len(cs) != 1 || cs[0].No != ts {
		t.Errorf("by customer: %+v", cs)
	}
	if w, err := s.RefundWaybill(ctx, refundCourier, "RW0001"); err != nil || w.CustomerName != "河北华药电商有限公司" || w.PostageFen != 1200 || w.City != "石家庄市" {
		t.Errorf("courier's waybill: %+v, %v", w, err)
	}
	for _, sc := range []postcrm.Scope{refundLiNa, refundOther, refundTS} {
		if _, err := s.RefundWaybill(ctx, sc, "RW0001"); !errors.Is(err, postcrm.ErrNotFound) {
			t.Errorf("%+v reads another's waybill: %v", sc, err)
		}
	}
	if _, err := s.RefundWaybill(ctx, refundProv, "NOPE"); !errors.Is(err, postcrm.ErrNotFound) {
		t.Errorf("an unknown waybill: %v", err)
	}
	cs, es, err := s.RefundEvents(ctx, refundManager, at.Add(-time.Hour), at.Add(time.Hour))
	if err != nil || len(cs) != 2 || len(es) != 2 {
		t.Errorf("the office's events: %d cases, %d events, %v", len(cs), len(es), err)
	}
	if cs, _, _ := s.RefundEvents(ctx, refundProv, at.Add(time.Hour), at.Add(2*time.Hour)); len(cs) != 3 {
		t.Errorf("cases open later: %d", len(cs))
	}
	if cs, _, _ := s.RefundEvents(ctx, refundProv, at.Add(-2*time.Hour), at.Add(-time.Hour)); len(cs) != 0 {
		t.Errorf("cases before their opening: %d", len(cs))
	}
}

// testRefundSettings: the defaults, a save, the reasons and their
// extension.
func testRefundSettings(t *testing.T, s *sqlstore.Store) {
	ctx := context.Background()
	st, err := s.RefundSettings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	def := refund.DefaultSettings()
	if st.WarnOpenDays != 7 || st.Escalate != def.Escalate || len(st.Steps) != len(def.Steps) {
		t.Errorf("stored defaults %+v, want %+v", st, def)
	}
	for k, v := range def.Steps {
		if st.Steps[k] != v {
			t.Errorf("step %s: %+v, want %+v", k, st.Steps[k], v)
		}
	}
	st.Steps[postcrm.RefundPay] = postcrm.RefundDue{Hours: 16, Working: true}
	st.WarnOpenDays = 10
	if err := s.SaveRefundSettings(ctx, st, postcrm.Actor{User: "admin"}); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.RefundSettings(ctx); got.Steps[postcrm.RefundPay] != (postcrm.RefundDue{Hours: 16, Working: true}) || got.WarnOpenDays != 10 {
		t.Errorf("saved %+v", got)
	}
	st.Escalate.Hours = 0
	if err := s.SaveRefundSettings(ctx, st, postcrm.Actor{User: "admin"}); !errors.Is(err, postcrm.ErrInvalid) {
		t.Errorf("zero hours: %v", err)
	}
	rs, err := s.RefundReasons(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"收件人拒收", "地址错误", "无法投递", "客户取消", "其他"}; !slices.Equal(rs[postcrm.RefundReasonOpen], want) {
		t.Errorf("open reasons %v, want %v", rs[postcrm.RefundReasonOpen], want)
	}
	for range 2 {
		if err := s.AddRefundReason(ctx, postcrm.RefundReasonOpen, "破损退回", postcrm.Actor{User: "admin"}); err != nil {
			t.Fatal(err)
		}
	}
	rs, _ = s.RefundReasons(ctx)
	if want := []string{"收件人拒收", "地址错误", "无法投递", "客户取消", "破损退回", "其他"}; !slices.Equal(rs[postcrm.RefundReasonOpen], want) {
		t.Errorf("extended %v, want %v", rs[postcrm.RefundReasonOpen], want)
	}
	if err := s.AddRefundReason(ctx, postcrm.RefundReasonReject, " ", postcrm.Actor{User: "admin"}); !errors.Is(err, postcrm.ErrInvalid) {
		t.Errorf("an empty reason: %v", err)
	}
}

// testRefundSweep: the sweep's 催办 and escalations go to the step's
// owner, the office manager and the city manager, once each, into the
// history and the notice outbox.
func testRefundSweep(t *testing.T, s *sqlstore.Store) {
	ctx := context.Background()
	refundStore(t, s)
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, postcrm.ChinaTime)
	c, err := refundDo(t, s, refundCourier, "", refund.Input{Action: postcrm.RefundOpen, At: at, Waybills: []string{"RW0001"}, Reason: "无法投递"})
	if err != nil {
		t.Fatal(err)
	}
	if c.Owner != "S1002" {
		t.Errorf("a courier's case is verified by %q, want the office manager", c.Owner)
	}
	var recipients []string
	st := must[postcrm.RefundSettings](t)(s.RefundSettings(ctx))
	office := refund.Add(calendar.Default(), c.DueAt, st.Escalate)
	city := refund.Add(calendar.Default(), office, st.Escalate)
	for _, now := range []time.Time{
		at.Add(2 * time.Hour),         // not due
		c.DueAt.Add(time.Minute),      // 催办
		c.DueAt.Add(2 * time.Minute),  // nothing new
		office.Add(-time.Minute),      // nothing new
		office,                        // the office
		office.Add(time.Hour),         // nothing new
		city,                          // the city
		city.Add(30 * 24 * time.Hour), // nothing more
	} {
		if _, err := refund.Sweep(ctx, s, now); err != nil {
			t.Fatal(err)
		}
	}
	_, hist, err := s.RefundCase(ctx, refundProv, c.No)
	if err != nil {
		t.Fatal(err)
	}
	var lv []int
	for _, e := range hist[1:] {
		lv = append(lv, e.Level)
		recipients = append(recipients, e.Notified)
		if e.NotifiedName == "" {
			t.Errorf("%s notified without a name", e.Notified)
		}
	}
	if !slices.Equal(lv, []int{1, 2, 3}) {
		t.Errorf("levels %v, want 1 2 3 once each", lv)
	}
	ns := must[[]postcrm.Notice](t)(s.Notices(ctx, postcrm.NoticeQuery{}))
	if len(ns) != 3 {
		t.Fatalf("%d notices, want 3", len(ns))
	}
	for _, n := range slices.Backward(ns) {
		if !strings.HasPrefix(n.EventID, "refund:"+c.No) || !strings.Contains(n.Reason, c.No) || n.CustomerName != "河北华药电商有限公司" {
			t.Errorf("notice %+v", n)
		}
	}
	if want := []string{"S1002", "S1002", "C0101"}; !slices.Equal(recipients, want) {
		t.Errorf("told %v, want %v", recipients, want)
	}
}

// testRefundRetention: a contract customer's refund open past the
// setting's days raises 退费未办结 at the sweep, seen by the courier who
// owns the customer and not by another; a rejection raises 退费被驳回;
// closing the case clears its warning at the next sweep.
func testRefundRetention(t *testing.T, s *sqlstore.Store) {
	ctx := context.Background()
	refundStore(t, s)
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, postcrm.ChinaTime)
	c, err := refundDo(t, s, refundManager, "", refund.Input{Action: postcrm.RefundOpen, At: at, Waybills: []string{"RW0001"}, Reason: "收件人拒收"})
	if err != nil {
		t.Fatal(err)
	}
	r, err := refundDo(t, s, refundManager, "", refund.Input{Action: postcrm.RefundOpen, At: at, Waybills: []string{"RW0002"}, Reason: "客户取消"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := refundDo(t, s, refundManager, r.No, refund.Input{Action: postcrm.RefundReject, At: at.Add(time.Hour), Reason: "未见退回扫描"}); err != nil {
		t.Fatal(err)
	}
	kinds := func(sc postcrm.Scope, now time.Time) []string {
		t.Helper()
		ws, err := s.RefundWarnings(ctx, sc, postcrm.RefundWarningQuery{Month: postcrm.DateOf(now).YearMonth(), Customer: "KH0001"})
		if err != nil {
			t.Fatal(err)
		}
		var ks []string
		for _, w := range ws {
			ks = append(ks, string(w.Kind)+" "+w.CaseNo)
			if w.CustomerName != "河北华药电商有限公司" || w.OfficeCode != "13010001" || w.Reason == "" {
				t.Errorf("warning %+v", w)
			}
		}
		return ks
	}
	day6, day8 := at.Add(6*24*time.Hour), at.Add(8*24*time.Hour)
	if _, err := refund.Sweep(ctx, s, day6); err != nil {
		t.Fatal(err)
	}
	if got := kinds(refundCourier, day6); !slices.Equal(got, []string{"refund_rejected " + r.No}) {
		t.Errorf("day 6: %v, want the rejection only", got)
	}
	if _, err := refund.Sweep(ctx, s, day8); err != nil {
		t.Fatal(err)
	}
	want := []string{"refund_open " + c.No, "refund_rejected " + r.No}
	if got := kinds(refundCourier, day8); !slices.Equal(got, want) {
		t.Errorf("day 8: %v, want %v", got, want)
	}
	if got := kinds(refundLiNa, day8); len(got) != 0 {
		t.Errorf("another courier sees %v", got)
	}
	if got := kinds(refundOther, day8); len(got) != 0 {
		t.Errorf("another office sees %v", got)
	}
	// The warnings list's filters and the names it shows.
	month := postcrm.DateOf(day8).YearMonth()
	for _, f := range []struct {
		q    postcrm.RefundWarningQuery
		want int
	}{
		{postcrm.RefundWarningQuery{Month: month, City: "石家庄市", OfficeCode: "13010001", Owner: "S1001"}, 2},
		{postcrm.RefundWarningQuery{Month: month, City: "唐山市"}, 0},
		{postcrm.RefundWarningQuery{Month: month, OfficeCode: "13010002"}, 0},
		{postcrm.RefundWarningQuery{Month: month, Owner: "S1003"}, 0},
	} {
		ws, err := s.RefundWarnings(ctx, refundProv, f.q)
		if err != nil {
			t.Fatal(err)
		}
		if len(ws) != f.want {
			t.Errorf("%+v: %d warnings, want %d", f.q, len(ws), f.want)
		}
		for _, w := range ws {
			if w.OwnerStaffID != "S1001" || w.OwnerName == "" || w.OfficeName == "" || w.City != "石家庄市" {
				t.Errorf("names of %+v", w)
			}
		}
	}
	for _, st := range []struct {
		sc postcrm.Scope
		in refund.Input
	}{
		{refundManager, refund.Input{Action: postcrm.RefundVerified}},
		{refundCity, refund.Input{Action: postcrm.RefundApproved, AmountFen: 1200}},
		{refundManager, refund.Input{Action: postcrm.RefundPayOK, PayKey: "P"}},
		{refundManager, refund.Input{Action: postcrm.RefundClose}},
	} {
		st.in.At = day8.Add(time.Hour)
		if _, err := refundDo(t, s, st.sc, c.No, st.in); err != nil {
			t.Fatal(err)
		}
	}
	if got := kinds(refundCourier, day8); len(got) != 2 {
		t.Errorf("closing cleared the warning before the next run: %v", got)
	}
	next := day8.Add(2 * time.Hour)
	if _, err := refund.Sweep(ctx, s, next); err != nil {
		t.Fatal(err)
	}
	if got := kinds(refundCourier, next); !slices.Equal(got, []string{"refund_rejected " + r.No}) {
		t.Errorf("after closing and a run: %v", got)
	}
}
