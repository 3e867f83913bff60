package web

import (
	"reflect"
	"slices"
	"testing"

	"postcrm"
	"postcrm/campaign"
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
}
