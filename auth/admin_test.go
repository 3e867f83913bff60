package auth_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"postcrm"
	"postcrm/auth"
	"postcrm/sqlite"
)

// adminOn opens a SQLite store with one office manager, H001, and an
// Admin acting as boss from 10.0.0.7 at a fixed time.
func adminOn(t *testing.T) (auth.Admin, *time.Time) {
	t.Helper()
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "crm.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	_, err = s.Apply(ctx, postcrm.Batch{Kind: postcrm.KindOrg,
		Offices: []postcrm.Office{{Code: "05300001", Name: "人民路营业部", City: "衡水市"}},
		Staff:   []postcrm.Staff{{ID: "H001", Name: "周涛", Role: postcrm.RoleOfficeManager, OfficeCode: "05300001", City: "衡水市"}}})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 6, 1, 9, 0, 0, 0, postcrm.ChinaTime)
	return auth.Admin{Store: s, By: "boss", Addr: "10.0.0.7", Now: func() time.Time { return now }}, &now
}

// lastEntry is the newest audit entry.
func lastEntry(t *testing.T, a auth.Admin) postcrm.AuditEntry {
	t.Helper()
	entries, _, err := a.Store.AuditLog(context.Background(), postcrm.AuditQuery{Limit: 1})
	if err != nil || len(entries) != 1 {
		t.Fatalf("audit log: %v, %v", entries, err)
	}
	return entries[0]
}

func TestAdminCreate(t *testing.T) {
	ctx := context.Background()
	a, now := adminOn(t)
	for _, c := range []struct {
		name  string
		admin bool
		want  error
	}{
		{" ", false, auth.ErrNoName},
		{"H999", false, auth.ErrUnknownStaff},
		{"H001", true, auth.ErrAdminIsStaff},
	} {
		if _, _, err := a.Create(ctx, c.name, c.admin, ""); !errors.Is(err, c.want) {
			t.Errorf("Create(%q, admin %v) = %v, want %v", c.name, c.admin, err, c.want)
		}
	}
	var pe auth.PasswordError
	if _, _, err := a.Create(ctx, "bossboss", true, "bossboss"); !errors.As(err, &pe) || pe.Rule != auth.PasswordIsUserName {
		t.Errorf("a password equal to the name: %v, want the user-name rule", err)
	}

	u, oneTime, err := a.Create(ctx, " H001 ", false, "")
	if err != nil || u.Name != "H001" || u.Role != postcrm.RoleOfficeManager || !u.MustChangePassword || !u.CreatedAt.Equal(*now) {
		t.Fatalf("Create H001 = %+v, %v", u, err)
	}
	if ok, _ := auth.VerifyPassword(u.PasswordHash, oneTime); !ok {
		t.Errorf("the one-time password %q does not verify", oneTime)
	}
	want := postcrm.AuditEntry{User: "boss", Action: postcrm.AuditUserCreate, Target: "H001", Detail: "role office_manager", Addr: "10.0.0.7"}
	e := lastEntry(t, a)
	at := e.At
	e.ID, e.At = 0, time.Time{}
	if e != want || !at.Equal(*now) {
		t.Errorf("audit entry %+v at %v, want %+v at %v", e, at, want, *now)
	}
	if _, _, err := a.Create(ctx, "H001", false, ""); !errors.Is(err, postcrm.ErrConflict) {
		t.Errorf("second Create H001 = %v, want ErrConflict", err)
	}

	u, oneTime, err = a.Create(ctx, "admin", true, "省公司管理员2026")
	if err != nil || oneTime != "" || u.Role != postcrm.RoleProvinceAdmin {
		t.Errorf("Create admin with a password = %+v, %q, %v", u, oneTime, err)
	}
}

func TestAdminLockResetUnlock(t *testing.T) {
	ctx := context.Background()
	a, now := adminOn(t)
	if _, _, err := a.Create(ctx, "H001", false, ""); err != nil {
		t.Fatal(err)
	}
	signIn := func(token string) {
		t.Helper()
		se := postcrm.Session{TokenHash: auth.HashToken(token), UserName: "H001", CreatedAt: *now, ExpiresAt: now.Add(time.Hour)}
		if err := a.Store.(postcrm.SessionStore).CreateSession(ctx, se); err != nil {
			t.Fatal(err)
		}
	}
	signedIn := func(token string) bool {
		_, err := a.Store.(postcrm.SessionStore).Session(ctx, auth.HashToken(token), *now)
		return err == nil
	}
	user := func() postcrm.User {
		u, err := a.Store.User(ctx, "H001")
		if err != nil {
			t.Fatal(err)
		}
		return u
	}

	signIn("t1")
	if err := a.SetLocked(ctx, "H001", true); err != nil {
		t.Fatal(err)
	}
	if u := user(); !u.Locked || signedIn("t1") {
		t.Errorf("after lock: locked %v, still signed in %v", u.Locked, signedIn("t1"))
	}

	// Unlocking lifts a lock-out after failures too, and signs nobody out.
	u := user()
	u.FailedSignIns, u.LockedUntil = 5, now.Add(time.Hour)
	if err := a.Store.UpdateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	signIn("t2")
	if err := a.SetLocked(ctx, "H001", false); err != nil {
		t.Fatal(err)
	}
	if u := user(); u.Locked || u.FailedSignIns != 0 || !u.LockedUntil.IsZero() || !signedIn("t2") {
		t.Errorf("after unlock: %+v, signed in %v", u, signedIn("t2"))
	}

	u = user()
	u.Locked, u.MustChangePassword = true, false
	if err := a.Store.UpdateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	password, err := a.ResetPassword(ctx, "H001")
	if err != nil {
		t.Fatal(err)
	}
	u = user()
	if ok, _ := auth.VerifyPassword(u.PasswordHash, password); !ok || u.Locked || !u.MustChangePassword || signedIn("t2") {
		t.Errorf("after reset: %+v, password verifies %v, signed in %v", u, ok, signedIn("t2"))
	}
	if e := lastEntry(t, a); e.Action != postcrm.AuditPasswordReset || e.User != "boss" || e.Target != "H001" {
		t.Errorf("audit entry of the reset: %+v", e)
	}

	for _, err := range []error{a.SetLocked(ctx, "nobody", true), a.SetLocked(ctx, "nobody", false), func() error {
		_, err := a.ResetPassword(ctx, "nobody")
		return err
	}()} {
		if !errors.Is(err, postcrm.ErrNotFound) {
			t.Errorf("acting on a missing account: %v, want ErrNotFound", err)
		}
	}
}
