package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"postcrm"
	"postcrm/followup"
	"postcrm/sqlstore"
)

// The follow-up contract runs on the scoping data (applyScoped): April's
// warnings dispatched by hand, KH0004's held out.

var followupUsers = []string{"P0001", "C0101", "S1001", "S1002", "S1003", "S2001"}

func scopeOf(t *testing.T, s *sqlstore.Store, name string) postcrm.Scope {
	t.Helper()
	return postcrm.ScopeOf(must[postcrm.User](t)(s.User(context.Background(), name)))
}

// aprilIDs maps April's warnings to their IDs by customer code or phone.
func aprilIDs(t *testing.T, s *sqlstore.Store) map[string]int64 {
	t.Helper()
	ids := map[string]int64{}
	for _, w := range must[[]postcrm.Warning](t)(s.Warnings(context.Background(), april)) {
		ids[warningKey(w)] = w.ID
	}
	return ids
}

var (
	aprilDispatched = postcrm.NewDate(2024, 5, 2)
	aprilDue        = postcrm.NewDate(2024, 5, 9)
	aprilAssignees  = map[string]string{"KH0001": "S1001", "KH0002": "S1003", "KH0003": "S2001", "KH0004": "", "13700000001": "S1002", "13700000002": ""}
)

// aprilPlan is the plan that dispatches April's warnings: each to
// aprilAssignees, due aprilDue, KH0004's held out.
func aprilPlan(t *testing.T, s *sqlstore.Store) postcrm.DispatchPlan {
	t.Helper()
	var p postcrm.DispatchPlan
	for _, w := range must[[]postcrm.Warning](t)(s.Warnings(context.Background(), april)) {
		k := warningKey(w)
		d := postcrm.Dispatch{WarningID: w.ID, Month: april, Kind: w.Kind, CustomerCode: w.CustomerCode, SenderPhone: w.SenderPhone,
			OfficeCode: w.OfficeCode, AssignedTo: aprilAssignees[k], DispatchedOn: aprilDispatched, DueOn: aprilDue, Status: postcrm.StatusOpen}
		if k == "KH0004" {
			d.HeldOut, d.AssignedTo, d.DueOn, d.Status = true, "", 0, postcrm.StatusHeldOut
		}
		p.New = append(p.New, d)
	}
	return p
}

// dispatchApril stores April's dispatches and returns the warning IDs.
func dispatchApril(t *testing.T, s *sqlstore.Store) map[string]int64 {
	t.Helper()
	ids := aprilIDs(t, s)
	p := aprilPlan(t, s)
	if err := s.ApplyDispatchPlan(context.Background(), p, postcrm.Actor{User: "cli"}); err != nil {
		t.Fatal(err)
	}
	got := must[[]postcrm.Dispatch](t)(s.Dispatches(context.Background(), april))
	slices.SortFunc(p.New, func(a, b postcrm.Dispatch) int { return int(a.WarningID - b.WarningID) })
	if !slices.Equal(got, p.New) {
		t.Fatalf("dispatches read back:\n%+v\nwant\n%+v", got, p.New)
	}
	checkDispatchAudit(t, s, p.New)
	return ids
}

// checkDispatchAudit: a dispatch run audits each new dispatch once, by
// its warning, saying whether it was held out.
func checkDispatchAudit(t *testing.T, s *sqlstore.Store, ds []postcrm.Dispatch) {
	t.Helper()
	log := must[[]postcrm.AuditEntry](t)(firstOf(s.AuditLog(context.Background(), postcrm.AuditQuery{User: "cli"})))
	got := map[string]bool{}
	for _, e := range log {
		got[e.Target] = strings.HasPrefix(e.Detail, "held out")
	}
	if len(log) != len(ds) || len(got) != len(ds) {
		t.Fatalf("%d audit entries on %d warnings for %d dispatches: %+v", len(log), len(got), len(ds), log)
	}
	for _, d := range ds {
		if heldOut, ok := got[fmt.Sprintf("warning:%d", d.WarningID)]; !ok || heldOut != d.HeldOut {
			t.Errorf("dispatch of warning %d (held out %v): audited %v, held out %v", d.WarningID, d.HeldOut, ok, heldOut)
		}
	}
}

// dispatchedApril stores the scoping data with April dispatched.
func dispatchedApril(t *testing.T, st *sqlstore.Store) (*sqlstore.Store, map[string]int64) {
	t.Helper()
	s := st
	applyScoped(t, s, followupUsers...)
	return s, dispatchApril(t, s)
}

func dispatchKeys(rows []postcrm.DispatchRow) []string {
	var keys []string
	for _, r := range rows {
		keys = append(keys, warningKey(r.Warning.Warning))
	}
	return keys
}

func warningKeys(rows []postcrm.WarningRow) []string {
	var keys []string
	for _, r := range rows {
		keys = append(keys, warningKey(r.Warning))
	}
	return keys
}

// testFollowupScope: after dispatch a courier sees the warnings
// dispatched to them, and not those held out on customers they own;
// managers see their office's or city's, the held-out ones only the
// province.
func testFollowupScope(t *testing.T, st *sqlstore.Store) {
	ctx := context.Background()
	s := st
	applyScoped(t, s, followupUsers...)
	s1003 := scopeOf(t, s, "S1003")
	before := must[[]postcrm.WarningRow](t)(firstOf(s.ScopedWarnings(ctx, s1003, postcrm.WarningQuery{Month: april})))
	if keys := warningKeys(before); !slices.Equal(keys, []string{"KH0004"}) {
		t.Errorf("before dispatch S1003 sees %v, want the warning on the customer they own", keys)
	}
	ids := dispatchApril(t, s)
	for _, c := range []struct {
		user     string
		warnings []string // ScopedWarnings, by revenue at risk
		dispatch []string // ScopedDispatches: dispatched, not held out
	}{
		{"S1003", []string{"KH0002"}, []string{"KH0002"}},
		{"S1001", []string{"KH0001"}, []string{"KH0001"}},
		{"S1002", []string{"KH0001", "13700000001"}, []string{"KH0001", "13700000001"}},
		{"C0101", []string{"KH0002", "KH0001", "13700000001"}, []string{"KH0002", "KH0001", "13700000001"}},
		{"P0001", []string{"KH0002", "KH0001", "KH0003", "KH0004", "13700000001", "13700000002"},
			[]string{"KH0002", "KH0001", "KH0003", "13700000001", "13700000002"}},
	} {
		sc := scopeOf(t, s, c.user)
		ws := must[[]postcrm.WarningRow](t)(firstOf(s.ScopedWarnings(ctx, sc, postcrm.WarningQuery{Month: april})))
		if keys := warningKeys(ws); !slices.Equal(keys, c.warnings) {
			t.Errorf("%s: ScopedWarnings %v, want %v", c.user, keys, c.warnings)
		}
		rows, total, err := s.ScopedDispatches(ctx, sc, postcrm.DispatchQuery{Month: april})
		if keys := dispatchKeys(rows); err != nil || total != len(c.dispatch) || !slices.Equal(keys, c.dispatch) {
			t.Errorf("%s: ScopedDispatches %v (total %d), %v; want %v", c.user, keys, total, err, c.dispatch)
		}
		for k, id := range ids {
			_, err := s.ScopedDispatch(ctx, sc, id)
			if want := slices.Contains(c.dispatch, k); (err == nil) != want || (err != nil && !errors.Is(err, postcrm.ErrNotFound)) {
				t.Errorf("%s: ScopedDispatch %s: visible %v, got %v", c.user, k, want, err)
			}
			_, err = s.ScopedWarning(ctx, sc, id)
			if want := slices.Contains(c.warnings, k); (err == nil) != want {
				t.Errorf("%s: ScopedWarning %s: visible %v, got %v", c.user, k, want, err)
			}
		}
	}
	r := must[postcrm.DispatchRow](t)(s.ScopedDispatch(ctx, s1003, ids["KH0002"]))
	if r.AssigneeName != "李娜" || r.Warning.CustomerName != "石家庄常山纺织" || r.Warning.City != "石家庄市" || r.DueOn != aprilDue {
		t.Errorf("dispatch row: %+v", r)
	}
}

func contact(id int64, outcome postcrm.Outcome, reason string) postcrm.Contact {
	return postcrm.Contact{WarningID: id, On: postcrm.NewDate(2024, 5, 6), Method: postcrm.MethodVisit, Outcome: outcome,
		Reason: reason, StaffID: "S1001"}
}

// testFollowupContacts records every outcome and checks the status it
// leaves, the refusals, and the audit trail.
func testFollowupContacts(t *testing.T, st *sqlstore.Store) {
	ctx := context.Background()
	s, ids := dispatchedApril(t, st)
	s1001, s1003, p0001 := scopeOf(t, s, "S1001"), scopeOf(t, s, "S1003"), scopeOf(t, s, "P0001")
	// One dispatch per closing outcome, without a warning: a dispatch
	// stands on its own.
	var extra postcrm.DispatchPlan
	for i := range postcrm.Outcomes {
		extra.New = append(extra.New, postcrm.Dispatch{WarningID: 9001 + int64(i), Month: april, Kind: postcrm.WarnDecline,
			CustomerCode: "KH0001", OfficeCode: "13010001", AssignedTo: "S1001", DueOn: aprilDue, Status: postcrm.StatusOpen})
	}
	if err := s.ApplyDispatchPlan(ctx, extra, postcrm.Actor{User: "cli"}); err != nil {
		t.Fatal(err)
	}
	actor := postcrm.Actor{User: "S1001", Addr: "10.0.0.7"}
	for i, o := range postcrm.Outcomes {
		reason := "price"
		if o == postcrm.OutcomeUnreachable {
			reason = ""
		}
		c := must[postcrm.Contact](t)(s.AddContact(ctx, s1001, contact(9001+int64(i), o, reason), actor))
		if c.ID == 0 || c.RecordedAt.IsZero() {
			t.Errorf("%s: contact stored as %+v", o, c)
		}
	}
	for i, d := range must[[]postcrm.Dispatch](t)(s.Dispatches(ctx, april))[len(ids):] {
		o := postcrm.Outcomes[i]
		want, closed := postcrm.StatusClosed, postcrm.NewDate(2024, 5, 6)
		if o == postcrm.OutcomeUnreachable {
			want, closed = postcrm.StatusInProgress, 0
		}
		if d.Status != want || d.Outcome != o || d.Contacts != 1 || d.ClosedOn != closed {
			t.Errorf("after %s: %+v", o, d)
		}
	}
	// A closed warning takes no more contacts; one in progress does.
	if _, err := s.AddContact(ctx, s1001, contact(9001, postcrm.OutcomeLost, "price"), actor); !errors.Is(err, postcrm.ErrNotAllowed) {
		t.Errorf("contact on a closed warning: %v", err)
	}
	unreachable := 9001 + int64(slices.Index(postcrm.Outcomes, postcrm.OutcomeUnreachable))
	comp := contact(unreachable, postcrm.OutcomeLost, postcrm.ReasonCompetitor)
	comp.Competitor, comp.Method = "sf", postcrm.MethodWeChat
	must[postcrm.Contact](t)(s.AddContact(ctx, s1001, comp, actor))
	cs := must[[]postcrm.Contact](t)(s.Contacts(ctx, s1001, unreachable))
	if len(cs) != 2 || cs[0].Outcome != postcrm.OutcomeUnreachable || cs[1].Competitor != "sf" || cs[1].Method != postcrm.MethodWeChat {
		t.Errorf("contacts: %+v", cs)
	}

	// Each refusal is the domain's, coded, naming the field.
	bad := map[string]postcrm.Contact{}
	for name, mod := range map[string]func(*postcrm.Contact){
		"on:no date":               func(c *postcrm.Contact) { c.On = 0 },
		"on:after it was recorded": func(c *postcrm.Contact) { c.RecordedAt = c.On.AddDays(-1).Time() },
		"on:before the dispatch":   func(c *postcrm.Contact) { c.On = aprilDispatched.AddDays(-1) },
		"method:fax":               func(c *postcrm.Contact) { c.Method = "fax" },
		"outcome:maybe":            func(c *postcrm.Contact) { c.Outcome = "maybe" },
		"reason:reached, no why":   func(c *postcrm.Contact) { c.Reason = "" },
		"reason:unknown":           func(c *postcrm.Contact) { c.Reason = "weather" },
		"competitor:ups":           func(c *postcrm.Contact) { c.Reason, c.Competitor = postcrm.ReasonCompetitor, "ups" },
		"note:other, no note":      func(c *postcrm.Contact) { c.Reason, c.Note = postcrm.ReasonOther, " " },
	} {
		c := contact(ids["KH0001"], postcrm.OutcomePartly, "service")
		mod(&c)
		bad[name] = c
	}
	for name, c := range bad {
		_, err := s.AddContact(ctx, s1001, c, actor)
		errs := postcrm.Errors(err)
		if !errors.Is(err, postcrm.ErrInvalid) || len(errs) != 1 || errs[0].Field != strings.Split(name, ":")[0] {
			t.Errorf("%s: got %v (%+v), want ErrInvalid on that field", name, err, errs)
		}
	}
	if _, err := s.AddContact(ctx, s1003, contact(ids["KH0001"], postcrm.OutcomeRecovered, "price"), actor); !errors.Is(err, postcrm.ErrNotFound) {
		t.Errorf("contact by a courier it is not dispatched to: %v", err)
	}
	if _, err := s.AddContact(ctx, p0001, contact(ids["KH0004"], postcrm.OutcomeRecovered, "price"), actor); !errors.Is(err, postcrm.ErrNotAllowed) {
		t.Errorf("contact on a held-out warning: %v", err)
	}
	if _, err := s.Contacts(ctx, s1003, ids["KH0001"]); !errors.Is(err, postcrm.ErrNotFound) {
		t.Errorf("contacts outside the scope: %v", err)
	}
	if d := must[postcrm.DispatchRow](t)(s.ScopedDispatch(ctx, s1001, ids["KH0001"])); d.Contacts != 0 || d.Status != postcrm.StatusOpen {
		t.Errorf("refused contacts changed the dispatch: %+v", d)
	}
	all := must[[]postcrm.Contact](t)(s.MonthContacts(ctx, april))
	if len(all) != len(postcrm.Outcomes)+1 {
		t.Errorf("MonthContacts: %d contacts", len(all))
	}
	log, total, err := s.AuditLog(ctx, postcrm.AuditQuery{User: "S1001"})
	if err != nil || total != len(postcrm.Outcomes)+1 || log[0].Addr != "10.0.0.7" || !strings.HasPrefix(log[0].Target, "warning:") {
		t.Errorf("audit of contacts: %d entries, %v, newest %+v", total, err, log)
	}
}

// testFollowupAssign reassigns, withdraws and re-attaches, escalates,
// and assigns owners from the unowned pool.
func testFollowupAssign(t *testing.T, st *sqlstore.Store) {
	ctx := context.Background()
	s, ids := dispatchedApril(t, st)
	s1001, s1002, c0101 := scopeOf(t, s, "S1001"), scopeOf(t, s, "S1002"), scopeOf(t, s, "C0101")
	mgr := postcrm.Actor{User: "S1002"}
	if err := s.Reassign(ctx, s1001, ids["KH0001"], "S1001", mgr); !errors.Is(err, postcrm.ErrNotAllowed) {
		t.Errorf("a courier reassigning: %v", err)
	}
	if err := s.Reassign(ctx, s1002, ids["KH0001"], "NOBODY", mgr); !errors.Is(err, postcrm.ErrInvalid) {
		t.Errorf("reassigning to an unknown staff ID: %v", err)
	}
	if err := s.Reassign(ctx, s1002, ids["KH0001"], "S1003", mgr); !errors.Is(err, postcrm.ErrNotAllowed) {
		t.Errorf("reassigning to another office's courier: %v", err)
	}
	if err := s.Reassign(ctx, c0101, ids["KH0003"], "S2001", mgr); !errors.Is(err, postcrm.ErrNotFound) {
		t.Errorf("reassigning outside the scope: %v", err)
	}
	if err := s.Reassign(ctx, s1002, ids["KH0001"], "S1002", mgr); err != nil {
		t.Fatal(err)
	}
	if rows, _, _ := s.ScopedDispatches(ctx, s1002, postcrm.DispatchQuery{AssignedTo: "S1002"}); !slices.Equal(dispatchKeys(rows), []string{"KH0001", "13700000001"}) {
		t.Errorf("after reassigning: %v assigned to S1002", dispatchKeys(rows))
	}

	// A re-run drops KH0002's warning: its follow-up is withdrawn, not
	// lost; raised again, it comes back under the new ID.
	must[postcrm.Contact](t)(s.AddContact(ctx, c0101, contact(ids["KH0002"], postcrm.OutcomeUnreachable, ""), mgr))
	rerun := func(keep func(postcrm.Warning) bool) {
		var ws []postcrm.Warning
		for _, w := range scopedWarnings {
			if w.Month == april && keep(w) {
				ws = append(ws, w)
			}
		}
		if err := s.SaveWarnings(ctx, april, analysisKinds, ws); err != nil {
			t.Fatal(err)
		}
		if _, _, err := followup.Run(ctx, s, april, aprilDispatched, -1, postcrm.Actor{User: "cli"}); err != nil {
			t.Fatal(err)
		}
	}
	rerun(func(w postcrm.Warning) bool { return w.CustomerCode != "KH0002" })
	ds := must[[]postcrm.Dispatch](t)(s.Dispatches(ctx, april))
	i := slices.IndexFunc(ds, func(d postcrm.Dispatch) bool { return d.CustomerCode == "KH0002" })
	if i < 0 || !ds[i].Withdrawn || ds[i].Contacts != 1 || len(must[[]postcrm.Contact](t)(s.MonthContacts(ctx, april))) != 1 {
		t.Fatalf("withdrawn: %+v", ds)
	}
	if _, err := s.ScopedDispatch(ctx, c0101, ids["KH0002"]); !errors.Is(err, postcrm.ErrNotFound) {
		t.Errorf("a withdrawn dispatch is listed: %v", err)
	}
	rerun(func(postcrm.Warning) bool { return true })
	now := aprilIDs(t, s)["KH0002"]
	if now == ids["KH0002"] {
		t.Fatal("the warning raised again kept its ID")
	}
	d := must[postcrm.DispatchRow](t)(s.ScopedDispatch(ctx, c0101, now))
	cs := must[[]postcrm.Contact](t)(s.Contacts(ctx, c0101, now))
	if d.Withdrawn || d.Contacts != 1 || d.AssignedTo != "S1003" || len(cs) != 1 {
		t.Errorf("re-attached: %+v, contacts %+v", d, cs)
	}
	// The courier a warning is dispatched to reads its customer, which
	// nobody owns; a courier with no warning of it does not.
	if v, err := s.ScopedCustomer(ctx, scopeOf(t, s, "S1003"), "KH0002"); err != nil || v.OwnerStaffID != "" {
		t.Errorf("the assignee reading the unowned customer: %+v, %v", v, err)
	}
	if _, err := s.ScopedCustomer(ctx, s1001, "KH0002"); !errors.Is(err, postcrm.ErrNotFound) {
		t.Errorf("a courier with no warning of the customer: %v, want ErrNotFound", err)
	}

	// Escalation and the overdue list.
	p := postcrm.DispatchPlan{Escalate: map[int64]int{ids["KH0001"]: postcrm.EscalationOffice}}
	if err := s.ApplyDispatchPlan(ctx, p, postcrm.Actor{User: "cli"}); err != nil {
		t.Fatal(err)
	}
	esc := must[[]postcrm.DispatchRow](t)(firstOf(s.ScopedDispatches(ctx, s1002, postcrm.DispatchQuery{Escalated: true})))
	if !slices.Equal(dispatchKeys(esc), []string{"KH0001"}) || esc[0].Escalation != postcrm.EscalationOffice {
		t.Errorf("escalated: %+v", esc)
	}
	over := must[[]postcrm.DispatchRow](t)(firstOf(s.ScopedDispatches(ctx, c0101, postcrm.DispatchQuery{OverdueOn: aprilDue.AddDays(1)})))
	if !slices.Equal(dispatchKeys(over), []string{"KH0002", "KH0001", "13700000001"}) {
		t.Errorf("overdue: %v", dispatchKeys(over))
	}
	if n := must[[]postcrm.DispatchRow](t)(firstOf(s.ScopedDispatches(ctx, c0101, postcrm.DispatchQuery{OverdueOn: aprilDue}))); len(n) != 0 {
		t.Errorf("overdue on the due day: %v", dispatchKeys(n))
	}

	// KH0002 is unowned and warned: the pool of its office's managers.
	pool := must[[]postcrm.UnownedCustomer](t)(s.UnownedPool(ctx, c0101, 202401, april))
	if len(pool) != 1 || pool[0].Code != "KH0002" || pool[0].Warnings != 1 || pool[0].LastMonth != april || pool[0].OfficeName != "石家庄桥西营业部" {
		t.Errorf("pool: %+v", pool)
	}
	if pool := must[[]postcrm.UnownedCustomer](t)(s.UnownedPool(ctx, s1002, 202401, april)); len(pool) != 0 {
		t.Errorf("pool of another office: %+v", pool)
	}
	if err := s.AssignOwner(ctx, s1002, "KH0002", "S1003", mgr); !errors.Is(err, postcrm.ErrNotFound) {
		t.Errorf("assigning outside the scope: %v", err)
	}
	if err := s.AssignOwner(ctx, c0101, "KH0002", "S1001", mgr); !errors.Is(err, postcrm.ErrNotAllowed) {
		t.Errorf("assigning another office's courier: %v", err)
	}
	if err := s.AssignOwner(ctx, c0101, "KH0002", "NOBODY", mgr); !errors.Is(err, postcrm.ErrInvalid) {
		t.Errorf("assigning an unknown staff ID: %v", err)
	}
	if err := s.AssignOwner(ctx, c0101, "KH0002", "S1003", postcrm.Actor{User: "C0101"}); err != nil {
		t.Fatal(err)
	}
	if c := must[postcrm.CustomerView](t)(s.ScopedCustomer(ctx, c0101, "KH0002")); c.OwnerStaffID != "S1003" {
		t.Errorf("owner after assigning: %+v", c)
	}
	if pool := must[[]postcrm.UnownedCustomer](t)(s.UnownedPool(ctx, c0101, 202401, april)); len(pool) != 0 {
		t.Errorf("pool after assigning: %+v", pool)
	}
	if log, _, _ := s.AuditLog(ctx, postcrm.AuditQuery{User: "C0101"}); len(log) != 1 || log[0].Target != "customer:KH0002" {
		t.Errorf("audit of the owner's assignment: %+v", log)
	}
	if log, total, _ := s.AuditLog(ctx, postcrm.AuditQuery{User: "S1002"}); total != 2 {
		t.Errorf("audit of the reassignment and the contact: %+v", log)
	}
}

// testFollowupLists covers the settings, the reasons and the act notes.
func testFollowupLists(t *testing.T, st *sqlstore.Store) {
	ctx := context.Background()
	s := st
	if set := must[postcrm.FollowupSettings](t)(s.FollowupSettings(ctx)); set != postcrm.DefaultFollowupSettings() {
		t.Errorf("settings of a new store: %+v", set)
	}
	want := postcrm.FollowupSettings{HoldoutShare: 0, DueDays: 5, EscalateOfficeDays: 2, EscalateCityDays: 4}
	if err := s.SaveFollowupSettings(ctx, want, postcrm.Actor{User: "P0001"}); err != nil {
		t.Fatal(err)
	}
	if set := must[postcrm.FollowupSettings](t)(s.FollowupSettings(ctx)); set != want {
		t.Errorf("settings: %+v, want %+v", set, want)
	}
	// Saved again, the row is replaced, not added to.
	again := postcrm.FollowupSettings{HoldoutShare: 0.25, DueDays: 10, EscalateOfficeDays: 1, EscalateCityDays: 3}
	if err := s.SaveFollowupSettings(ctx, again, postcrm.Actor{User: "P0001"}); err != nil {
		t.Fatal(err)
	}
	if set := must[postcrm.FollowupSettings](t)(s.FollowupSettings(ctx)); set != again {
		t.Errorf("settings saved twice: %+v, want %+v", set, again)
	}
	rs := must[[]postcrm.ContactReason](t)(s.Reasons(ctx))
	if len(rs) != 8 || rs[0].Code != "price" || rs[0].NameZH != "资费" || rs[7].Code != postcrm.ReasonOther {
		t.Errorf("built-in reasons: %+v", rs)
	}
	if err := s.AddReason(ctx, postcrm.ContactReason{Code: "platform", NameZH: "平台政策", NameEN: "Platform policy"}, postcrm.Actor{User: "P0001"}); err != nil {
		t.Fatal(err)
	}
	if err := s.AddReason(ctx, postcrm.ContactReason{Code: "platform", NameZH: "重复", NameEN: "Again"}, postcrm.Actor{User: "P0001"}); !errors.Is(err, postcrm.ErrConflict) {
		t.Errorf("a reason added twice: %v", err)
	}
	for _, r := range []postcrm.ContactReason{{Code: "Bad Code", NameZH: "x", NameEN: "x"}, {Code: "noname", NameEN: "x"}} {
		if err := s.AddReason(ctx, r, postcrm.Actor{User: "P0001"}); !errors.Is(err, postcrm.ErrInvalid) {
			t.Errorf("reason %+v: got %v, want ErrInvalid", r, err)
		}
	}
	rs = must[[]postcrm.ContactReason](t)(s.Reasons(ctx))
	if len(rs) != 9 || rs[7].Code != "platform" || rs[8].Code != postcrm.ReasonOther {
		t.Errorf("reasons after adding one: %+v", rs)
	}
	n := must[postcrm.ActNote](t)(s.AddActNote(ctx, postcrm.ActNote{Month: april, Note: "电商客户回访有效", Thresholds: "MinDrop 0.30 -> 0.35"}, postcrm.Actor{User: "P0001"}))
	must[postcrm.ActNote](t)(s.AddActNote(ctx, postcrm.ActNote{Month: 202405, Note: "下月"}, postcrm.Actor{User: "P0001"}))
	notes := must[[]postcrm.ActNote](t)(s.ActNotes(ctx, april))
	if len(notes) != 1 || notes[0].ID != n.ID || notes[0].Author != "P0001" || notes[0].Thresholds != "MinDrop 0.30 -> 0.35" || !notes[0].At.Equal(n.At) {
		t.Errorf("act notes: %+v", notes)
	}
	// Two saves of the settings, one reason (the refused ones write
	// nothing) and two notes.
	if _, total, _ := s.AuditLog(ctx, postcrm.AuditQuery{User: "P0001"}); total != 5 {
		t.Errorf("audit entries of the province's changes: %d, want 5", total)
	}
}
