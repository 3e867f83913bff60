package web

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"postcrm"
	"postcrm/campaign"
	"postcrm/contest"
	"postcrm/policy"
	"postcrm/problem"
	"postcrm/refund"
	"postcrm/report"
)

// notBusinessData are the handlers' store methods that take no Scope:
// the signed-in user's account and session, account administration and
// the audit log, the notice outbox, the province's settings and the
// health check. None of them reads customers, warnings, waybills,
// offices, staff or rollups (IsStaff answers yes or no for one name,
// which account administration asks before opening an account).
var notBusinessData = []string{
	"Ping", "DataVersions",
	"User", "Users", "CreateUser", "UpdateUser", "RecordSignInFailure", "LockOutUntil", "RecordSignIn", "Audit", "AuditLog",
	"IsStaff",
	"CreateSession", "Session", "DeleteSession", "DeleteUserSessions",
	"Notices", "UndeliveredNotices", "NoticeWebhooks", "SaveNoticeWebhook", "DeleteNoticeWebhook",
	"FollowupSettings", "SaveFollowupSettings", "AlertSettings", "SaveAlertSettings", "Reasons", "AddActNote", "ActNotes",
}

// TestHandlersHoldOnlyScopedReads checks the method sets of the stores
// the handlers hold, the store and the account administration's: every
// method takes the caller's Scope after the context, but for the few
// above. An unscoped read added to either (Offices, Staff, Customers,
// Warnings, Dispatches, ...) fails here before a handler can call it.
func TestHandlersHoldOnlyScopedReads(t *testing.T) {
	scope := reflect.TypeFor[postcrm.Scope]()
	for _, field := range []string{"store", "accountStore", "hubs"} {
		f, ok := reflect.TypeFor[Server]().FieldByName(field)
		if !ok || f.Type.Kind() != reflect.Interface {
			t.Fatalf("Server.%s: %v, want an interface", field, f.Type)
		}
		for i := range f.Type.NumMethod() {
			m := f.Type.Method(i)
			if m.Type.NumIn() >= 2 && m.Type.In(1) == scope {
				continue
			}
			if !slices.Contains(notBusinessData, m.Name) {
				t.Errorf("Server.%s has %s, which takes no Scope", field, m.Name)
			}
		}
	}
	if f, _ := reflect.TypeFor[Server]().FieldByName("store"); f.Type != reflect.TypeFor[handlerStore]() {
		t.Errorf("Server.store is %v, want handlerStore", f.Type)
	}
	// The problem list's store, held apart: every call takes the Scope.
	ps := reflect.TypeFor[problem.Store]()
	for i := range ps.NumMethod() {
		if m := ps.Method(i); m.Type.NumIn() < 2 || m.Type.In(1) != scope {
			t.Errorf("the problem store has %s, which takes no Scope", m.Name)
		}
	}
	if f, ok := reflect.TypeFor[Server]().FieldByName("problems"); !ok || f.Type != ps {
		t.Errorf("Server.problems is %v, want problem.Store", f.Type)
	}
	// The refund pages' store: every business read and write takes the
	// Scope; the province's settings, reasons and holiday table do not.
	rs := reflect.TypeFor[refund.WebStore]()
	for i := range rs.NumMethod() {
		m := rs.Method(i)
		if m.Type.NumIn() >= 2 && m.Type.In(1) == scope {
			continue
		}
		if !slices.Contains([]string{"RefundSettings", "SaveRefundSettings", "RefundReasons", "AddRefundReason", "HolidayTable"}, m.Name) {
			t.Errorf("the refund pages' store has %s, which takes no Scope", m.Name)
		}
	}
	if f, ok := reflect.TypeFor[Server]().FieldByName("refunds"); !ok || f.Type != rs {
		t.Errorf("Server.refunds is %v, want refund.WebStore", f.Type)
	}
	// The campaigns' store, held apart: every method scoped.
	cs := reflect.TypeFor[campaign.Store]()
	for i := range cs.NumMethod() {
		if m := cs.Method(i); m.Type.NumIn() < 2 || m.Type.In(1) != scope {
			t.Errorf("the campaigns' store has %s, which takes no Scope", m.Name)
		}
	}
	if f, ok := reflect.TypeFor[Server]().FieldByName("campaigns"); !ok || f.Type != cs {
		t.Errorf("Server.campaigns is %v, want campaign.Store", f.Type)
	}
	// The adjustments register: its reads take the Scope; its write
	// carries the step, which names who took it.
	reg := reflect.TypeFor[policy.Register]()
	step := reflect.TypeFor[postcrm.AdjustmentStep]()
	for i := range reg.NumMethod() {
		m := reg.Method(i)
		scoped := m.Type.NumIn() >= 2 && m.Type.In(1) == scope
		byActor := false
		for j := range m.Type.NumIn() {
			byActor = byActor || m.Type.In(j) == step
		}
		if !scoped && !byActor {
			t.Errorf("the adjustments register has %s, which takes neither a Scope nor the step's actor", m.Name)
		}
	}
	if f, ok := reflect.TypeFor[Server]().FieldByName("policies"); !ok || f.Type != reg {
		t.Errorf("Server.policies is %v, want policy.Register", f.Type)
	}
}

// TestContestStoreHoldsNoBusinessData: the knowledge contests' store,
// held apart in Server.contestStore, reads and writes contests, their
// event logs and question banks only, so its reads need no Scope. A
// method that reaches business data (one shared with the scoped or
// province-wide reads) fails here.
func TestContestStoreHoldsNoBusinessData(t *testing.T) {
	cs := reflect.TypeFor[contest.Store]()
	business := []reflect.Type{reflect.TypeFor[postcrm.ScopedReader](), reflect.TypeFor[postcrm.ScopedFollowup](),
		reflect.TypeFor[postcrm.AnalysisStore](), reflect.TypeFor[postcrm.Store](), reflect.TypeFor[report.Source]()}
	for i := range cs.NumMethod() {
		m := cs.Method(i)
		for _, b := range business {
			if _, ok := b.MethodByName(m.Name); ok {
				t.Errorf("the contest store has %s, a read of %v", m.Name, b)
			}
		}
		if !strings.Contains(m.Name, "Contest") && !strings.Contains(m.Name, "Question") {
			t.Errorf("the contest store has %s, which is not about contests", m.Name)
		}
	}
	if f, ok := reflect.TypeFor[Server]().FieldByName("contestStore"); !ok || f.Type != cs {
		t.Errorf("Server.contestStore is %v, want contest.Store", f.Type)
	}
}
