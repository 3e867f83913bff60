package web

import (
	"reflect"
	"slices"
	"testing"

	"postcrm"
	"postcrm/policy"
)

// notBusinessData are the handlers' store methods that take no Scope:
// the signed-in user's account and session, account administration and
// the audit log, the notice outbox, the province's settings and the
// health check. None of them reads customers, warnings, waybills,
// offices or rollups.
var notBusinessData = []string{
	"Ping", "DataVersions",
	"User", "Users", "CreateUser", "UpdateUser", "RecordSignInFailure", "LockOutUntil", "RecordSignIn", "Audit", "AuditLog",
	"CreateSession", "Session", "DeleteSession", "DeleteUserSessions",
	"Notices", "UndeliveredNotices", "NoticeWebhooks", "SaveNoticeWebhook", "DeleteNoticeWebhook",
	"FollowupSettings", "SaveFollowupSettings", "Reasons", "AddActNote", "ActNotes",
}

// TestHandlersHoldOnlyScopedReads checks the method set of the store the
// handlers hold: every method takes the caller's Scope after the
// context, but for the few above. An unscoped read added to it (Offices,
// Customers, Warnings, Dispatches, ...) fails here before a handler can
// call it.
func TestHandlersHoldOnlyScopedReads(t *testing.T) {
	scope := reflect.TypeFor[postcrm.Scope]()
	hs := reflect.TypeFor[handlerStore]()
	for i := range hs.NumMethod() {
		m := hs.Method(i)
		if m.Type.NumIn() >= 2 && m.Type.In(1) == scope {
			continue
		}
		if !slices.Contains(notBusinessData, m.Name) {
			t.Errorf("the handlers' store has %s, which takes no Scope", m.Name)
		}
	}
	if f, ok := reflect.TypeFor[Server]().FieldByName("store"); !ok || f.Type != hs {
		t.Errorf("Server.store is %v, want handlerStore", f.Type)
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
