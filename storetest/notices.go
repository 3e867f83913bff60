package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"postcrm"
	"postcrm/followup"
	"postcrm/sqlstore"
)

// noticeLine is what a notice says about whom, for comparing.
func noticeLine(n postcrm.Notice) string {
	return fmt.Sprintf("%s %s→%s(%s) %s/%s/%s %s%s %q %q %d due %s",
		n.EventID, n.Kind, n.Recipient, n.RecipientName, n.OfficeCode, n.OfficeName, n.City,
		n.CustomerCode, n.SenderPhone, n.CustomerName, n.Reason, n.Escalation, n.DueOn)
}

// outbox lists the stored notices' lines, oldest first, and checks that
// they are all undelivered and due.
func outbox(t *testing.T, s *sqlstore.Store) []string {
	t.Helper()
	ns := must[[]postcrm.Notice](t)(s.Notices(context.Background(), postcrm.NoticeQuery{}))
	var lines []string
	for _, n := range slices.Backward(ns) {
		lines = append(lines, noticeLine(n))
		if n.Delivered() || n.Attempts != 0 || n.NextAt.IsZero() || n.CreatedAt.IsZero() {
			t.Errorf("new notice %s: %+v", n.EventID, n)
		}
	}
	return lines
}

// dispatchedNotices are the notices of dispatchApril: none for KH0004's
// (held out) nor 13700000002's (nobody to take it); KH0002's goes to
// 李娜's office, which is not the warning's.
func dispatchedNotices(ids map[string]int64) []string {
	line := func(key, to, name, office, officeName, city, customer, reason string) string {
		code, phone := key, ""
		if strings.HasPrefix(key, "137") {
			code, phone = "", key
		}
		return fmt.Sprintf("dispatched:%d dispatched→%s(%s) %s/%s/%s %s%s %q %q 0 due %s",
			ids[key], to, name, office, officeName, city, code, phone, customer, reason, aprilDue)
	}
	lines := []string{
		line("KH0001", "S1001", "张伟", "13010001", "石家庄长安营业部", "石家庄市", "河北华药电商有限公司", "发件量下滑"),
		line("KH0002", "S1003", "李娜", "13010002", "石家庄桥西营业部", "石家庄市", "石家庄常山纺织", "疑似流失"),
		line("KH0003", "S2001", "刘洋", "13020001", "唐山路南营业部", "唐山市", "唐山陶瓷商贸", "发件量下滑"),
		line("13700000001", "S1002", "王芳", "13010001", "石家庄长安营业部", "石家庄市", "", "高价值散户疑似流失"),
	}
	slices.Sort(lines)
	return lines
}

// testNoticesOfDispatch: a dispatch run writes one notice per warning
// given to someone, with the facts its text needs; running the dispatch
// again adds none, and its escalations add one each, once.
func testNoticesOfDispatch(t *testing.T, st *sqlstore.Store) {
	ctx := context.Background()
	s := st
	applyScoped(t, s, followupUsers...)
	ids := dispatchApril(t, s)
	want := dispatchedNotices(ids)
	if got := outbox(t, s); !slices.Equal(slices.Sorted(slices.Values(got)), want) {
		t.Fatalf("notices of the dispatch:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if _, _, err := followup.Run(ctx, s, april, aprilDispatched, -1, postcrm.Actor{User: "cli"}); err != nil {
		t.Fatal(err)
	}
	if got := outbox(t, s); !slices.Equal(slices.Sorted(slices.Values(got)), want) {
		t.Errorf("after running the dispatch again:\n%s", strings.Join(got, "\n"))
	}

	// Ten days late, untouched: every open dispatch goes to the city
	// level; the one nobody holds tells nobody.
	late := aprilDue.AddDays(10)
	for range 2 {
		if _, _, err := followup.Run(ctx, s, april, late, -1, postcrm.Actor{User: "cli"}); err != nil {
			t.Fatal(err)
		}
	}
	var escalated []string
	for _, line := range outbox(t, s)[len(want):] {
		escalated = append(escalated, strings.Fields(line)[0])
	}
	slices.Sort(escalated)
	var wantEsc []string
	for _, key := range []string{"KH0001", "KH0002", "KH0003", "13700000001"} {
		wantEsc = append(wantEsc, fmt.Sprintf("escalated:%d:%d", ids[key], postcrm.EscalationCity))
	}
	slices.Sort(wantEsc)
	if !slices.Equal(escalated, wantEsc) {
		t.Errorf("escalation notices %v, want %v", escalated, wantEsc)
	}

	// A plan applied twice (a run that repeats) still tells once.
	p := postcrm.DispatchPlan{Escalate: map[int64]int{ids["KH0001"]: postcrm.EscalationCity}}
	if err := s.ApplyDispatchPlan(ctx, p, postcrm.Actor{User: "cli"}); err != nil {
		t.Fatal(err)
	}
	if n := len(outbox(t, s)); n != len(want)+len(wantEsc) {
		t.Errorf("%d notices after applying an escalation again, want %d", n, len(want)+len(wantEsc))
	}
}

// testNoticesOfReassign: a reassignment tells the new assignee, each
// time anew; one to the same person, or one refused, tells nobody; a
// customer given an owner from the pool tells them of each open warning
// handed over.
func testNoticesOfReassign(t *testing.T, st *sqlstore.Store) {
	ctx := context.Background()
	s := st
	applyScoped(t, s, append(followupUsers, "S1004")...)
	ids := dispatchApril(t, s)
	before := len(outbox(t, s))
	s1002, c0101, mgr := scopeOf(t, s, "S1002"), scopeOf(t, s, "C0101"), postcrm.Actor{User: "S1002"}
	kh1 := ids["KH0001"]
	for _, to := range []string{"S1002", "S1002", "S1001"} {
		if err := s.Reassign(ctx, s1002, kh1, to, mgr); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Reassign(ctx, s1002, kh1, "S1003", mgr); !errors.Is(err, postcrm.ErrNotAllowed) {
		t.Errorf("reassigning to another office's courier: %v", err)
	}
	// A second courier in 李娜's office takes KH0002 from the pool.
	zhao := postcrm.Staff{ID: "S1004", Name: "赵磊", Role: postcrm.RoleCourier, OfficeCode: "13010002", City: "石家庄市"}
	apply(t, s, postcrm.Batch{Kind: postcrm.KindOrg, Offices: fixtureOffices, Staff: append(slices.Clone(fixtureStaff), zhao)})
	if err := s.AssignOwner(ctx, c0101, "KH0002", "S1004", postcrm.Actor{User: "C0101"}); err != nil {
		t.Fatal(err)
	}
	got := outbox(t, s)[before:]
	due := " due " + aprilDue.String()
	want := []string{
		fmt.Sprintf("reassigned:%d:1 reassigned→S1002(王芳) 13010001/石家庄长安营业部/石家庄市 KH0001 \"河北华药电商有限公司\" \"发件量下滑\" 0", kh1) + due,
		fmt.Sprintf("reassigned:%d:2 reassigned→S1001(张伟) 13010001/石家庄长安营业部/石家庄市 KH0001 \"河北华药电商有限公司\" \"发件量下滑\" 0", kh1) + due,
		fmt.Sprintf("reassigned:%d:1 reassigned→S1004(赵磊) 13010002/石家庄桥西营业部/石家庄市 KH0002 \"石家庄常山纺织\" \"疑似流失\" 0", ids["KH0002"]) + due,
	}
	if !slices.Equal(got, want) {
		t.Errorf("notices of the reassignments:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Given again to the owner it has, nothing is handed over.
	if err := s.AssignOwner(ctx, c0101, "KH0002", "S1004", postcrm.Actor{User: "C0101"}); err != nil {
		t.Fatal(err)
	}
	if n := len(outbox(t, s)); n != before+len(want) {
		t.Errorf("%d notices after assigning the same owner again, want %d", n, before+len(want))
	}
}

// testNoticeDelivery: the outbox hands a due notice to one delivery pass
// at a time, keeps a failed one with its attempts and error until its
// next attempt, and no more a sent one.
func testNoticeDelivery(t *testing.T, st *sqlstore.Store) {
	ctx := context.Background()
	s := st
	applyScoped(t, s, followupUsers...)
	dispatchApril(t, s)
	all := must[[]postcrm.Notice](t)(s.Notices(ctx, postcrm.NoticeQuery{}))
	now := time.Now().Add(time.Minute)
	lease := now.Add(5 * time.Minute)
	first := must[[]postcrm.Notice](t)(s.ClaimNotices(ctx, now, lease, 3))
	if len(first) != 3 || first[0].ID != all[len(all)-1].ID || !first[0].NextAt.Equal(lease) {
		t.Fatalf("first claim: %+v", first)
	}
	second := must[[]postcrm.Notice](t)(s.ClaimNotices(ctx, now, lease, 10))
	if len(second) != len(all)-3 || slices.ContainsFunc(second, func(n postcrm.Notice) bool { return n.ID == first[0].ID }) {
		t.Fatalf("second claim took %d (a claimed one again?): %+v", len(second), second)
	}
	if again := must[[]postcrm.Notice](t)(s.ClaimNotices(ctx, now, lease, 10)); len(again) != 0 {
		t.Errorf("claimed notices claimed again within their lease: %d", len(again))
	}
	if err := s.NoticeSent(ctx, first[0].ID, now); err != nil {
		t.Fatal(err)
	}
	retry := now.Add(30 * time.Second)
	if err := s.NoticeFailed(ctx, first[1].ID, 1, retry, "企业微信机器人回复 HTTP 500"); err != nil {
		t.Fatal(err)
	}
	// After the lease: the ones neither sent nor failed come back; the
	// failed one from its next attempt; the sent one never.
	afterLease := must[[]postcrm.Notice](t)(s.ClaimNotices(ctx, lease, lease.Add(time.Minute), 10))
	if len(afterLease) != len(all)-1 || afterLease[0].ID != first[1].ID || afterLease[0].Attempts != 1 ||
		afterLease[0].LastError != "企业微信机器人回复 HTTP 500" {
		t.Errorf("claimed after the lease: %+v", afterLease)
	}
	undelivered := must[[]postcrm.Notice](t)(s.Notices(ctx, postcrm.NoticeQuery{Undelivered: true}))
	sent := must[[]postcrm.Notice](t)(s.Notices(ctx, postcrm.NoticeQuery{Limit: len(all)}))
	i := slices.IndexFunc(sent, func(n postcrm.Notice) bool { return n.ID == first[0].ID })
	if k := must[int](t)(s.UndeliveredNotices(ctx)); k != len(undelivered) {
		t.Errorf("counted %d undelivered, listed %d", k, len(undelivered))
	}
	if len(undelivered) != len(all)-1 || i < 0 || !sent[i].SentAt.Equal(now) {
		t.Errorf("undelivered %d of %d; the sent one: %+v", len(undelivered), len(all), sent)
	}
	if err := s.NoticeFailed(ctx, first[0].ID, 9, now, "late"); err != nil {
		t.Fatal(err)
	}
	if n := must[[]postcrm.Notice](t)(s.Notices(ctx, postcrm.NoticeQuery{Limit: 1})); len(n) != 1 {
		t.Errorf("limit 1: %d notices", len(n))
	}
	for _, n := range must[[]postcrm.Notice](t)(s.Notices(ctx, postcrm.NoticeQuery{})) {
		if n.ID == first[0].ID && (!n.Delivered() || n.Attempts != 0) {
			t.Errorf("a failure recorded late undid the delivery: %+v", n)
		}
	}
}

// testNoticeWebhooks: an office's or a city's webhook is set, replaced,
// listed and deleted; a bad one is refused; the audit names the place,
// never the URL with its key.
func testNoticeWebhooks(t *testing.T, st *sqlstore.Store) {
	ctx := context.Background()
	s := st
	applyFixtures(t, s)
	admin := postcrm.Actor{User: "P0001"}
	const robot = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key="
	for _, h := range []postcrm.NoticeWebhook{
		{OfficeCode: "13010001", URL: robot + "old"},
		{City: "唐山市", URL: robot + "ts"},
		{OfficeCode: "13010001", URL: " " + robot + "new "},
	} {
		if err := s.SaveNoticeWebhook(ctx, h, admin); err != nil {
			t.Fatal(err)
		}
	}
	want := []postcrm.NoticeWebhook{{City: "唐山市", URL: robot + "ts"}, {OfficeCode: "13010001", URL: robot + "new"}}
	if got := must[[]postcrm.NoticeWebhook](t)(s.NoticeWebhooks(ctx)); !slices.Equal(got, want) {
		t.Errorf("webhooks %+v, want %+v", got, want)
	}
	for _, bad := range []postcrm.NoticeWebhook{
		{URL: robot + "x"},
		{OfficeCode: "13010001", City: "石家庄市", URL: robot + "x"},
		{OfficeCode: "13010001", URL: "qyapi.weixin.qq.com/cgi-bin/webhook/send"},
		{OfficeCode: "13010001", URL: "ftp://example.com/x"},
		{OfficeCode: "13999999", URL: robot + "x"},
		{City: "火星市", URL: robot + "x"},
	} {
		if err := s.SaveNoticeWebhook(ctx, bad, admin); !errors.Is(err, postcrm.ErrInvalid) {
			t.Errorf("saving %+v: %v, want invalid", bad, err)
		}
	}
	if err := s.DeleteNoticeWebhook(ctx, "", "唐山市", admin); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteNoticeWebhook(ctx, "", "唐山市", admin); !errors.Is(err, postcrm.ErrNotFound) {
		t.Errorf("deleting it again: %v", err)
	}
	if got := must[[]postcrm.NoticeWebhook](t)(s.NoticeWebhooks(ctx)); !slices.Equal(got, want[1:]) {
		t.Errorf("after deleting: %+v", got)
	}
	log := must[[]postcrm.AuditEntry](t)(firstOf(s.AuditLog(ctx, postcrm.AuditQuery{User: "P0001"})))
	if len(log) != 4 {
		t.Errorf("%d audit entries, want 4: %+v", len(log), log)
	}
	for _, e := range log {
		if strings.Contains(e.Detail+e.Target, "key=") {
			t.Errorf("the audit shows a robot's key: %+v", e)
		}
	}
}
