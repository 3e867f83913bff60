package web

import (
	"reflect"
	"slices"
	"testing"

	"postcrm"
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
	"FollowupSettings", "SaveFollowupSettings", "Reasons", "AddActNote", "ActNotes",
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
}
