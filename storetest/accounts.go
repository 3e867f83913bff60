package storetest

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"postcrm"
	"postcrm/sqlstore"
)

// at is a second-precise China time on 2026-11-29, what the stores keep.
func at(hour, min int) time.Time {
	return time.Date(2026, 11, 29, hour, min, 0, 0, postcrm.ChinaTime)
}

// utc moves a user's times to UTC, so that users compare by instant.
func utc(u postcrm.User) postcrm.User {
	for _, t := range []*time.Time{&u.LockedUntil, &u.CreatedAt, &u.LastSignIn} {
		if !t.IsZero() {
			*t = t.UTC()
		}
	}
	return u
}

func expectUser(t *testing.T, what string, got, want postcrm.User) {
	t.Helper()
	if !reflect.DeepEqual(utc(got), utc(want)) {
		t.Errorf("%s:\n got %+v\nwant %+v", what, got, want)
	}
}

func testUsers(t *testing.T, st *sqlstore.Store) {
	ctx := context.Background()
	s := st
	applyFixtures(t, s)
	courier := postcrm.User{Name: "S1001", PasswordHash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA",
		MustChangePassword: true, CreatedAt: at(9, 0)}
	admin := postcrm.User{Name: "admin", PasswordHash: "$argon2id$v=19$m=19456,t=2,p=1$YWRtaW4$YWRtaW4",
		MustChangePassword: true, CreatedAt: at(8, 30),
		// Ignored on create: the role comes from the staff data.
		Role: postcrm.RoleCourier, City: "唐山市"}
	for _, u := range []postcrm.User{courier, admin} {
		if err := s.CreateUser(ctx, u); err != nil {
			t.Fatalf("create %s: %v", u.Name, err)
		}
	}
	taken := courier
	taken.PasswordHash = "other"
	if err := s.CreateUser(ctx, taken); !errors.Is(err, postcrm.ErrConflict) {
		t.Errorf("creating a taken name: got %v, want ErrConflict", err)
	}
	if err := s.CreateUser(ctx, postcrm.User{PasswordHash: "x"}); err == nil {
		t.Error("creating a user without a name succeeded")
	}

	wantCourier := courier
	wantCourier.DisplayName, wantCourier.Role, wantCourier.City, wantCourier.OfficeCode = "张伟", postcrm.RoleCourier, "石家庄市", "13010001"
	wantAdmin := admin
	wantAdmin.DisplayName, wantAdmin.Role, wantAdmin.City = "admin", postcrm.RoleProvinceAdmin, ""
	expectUser(t, "staff user", must[postcrm.User](t)(s.User(ctx, "S1001")), wantCourier)
	expectUser(t, "administrator", must[postcrm.User](t)(s.User(ctx, "admin")), wantAdmin)
	users := must[[]postcrm.User](t)(s.Users(ctx))
	if len(users) != 2 || users[0].Name != "S1001" || users[1].Name != "admin" {
		t.Errorf("users by name: %+v", users)
	}

	// A sign-in after three failures and a lock-out, then an
	// administrator's lock.
	wantCourier.PasswordHash, wantCourier.MustChangePassword = "$argon2id$new", false
	wantCourier.FailedSignIns, wantCourier.LockedUntil, wantCourier.LastSignIn = 3, at(10, 15), at(10, 0)
	wantCourier.Locked = true
	wantCourier.CreatedAt = at(23, 0) // not mutable: stays as created
	if err := s.UpdateUser(ctx, wantCourier); err != nil {
		t.Fatal(err)
	}
	wantCourier.CreatedAt = courier.CreatedAt
	expectUser(t, "updated", must[postcrm.User](t)(s.User(ctx, "S1001")), wantCourier)
	expectUser(t, "the other user after the update", must[postcrm.User](t)(s.User(ctx, "admin")), wantAdmin)
	if err := s.UpdateUser(ctx, postcrm.User{Name: "S1002"}); !errors.Is(err, postcrm.ErrNotFound) {
		t.Errorf("updating a user never created: got %v, want ErrNotFound", err)
	}
	if _, err := s.User(ctx, "S1002"); !errors.Is(err, postcrm.ErrNotFound) {
		t.Errorf("reading a staff member without an account: got %v, want ErrNotFound", err)
	}
}

// testUserFollowsOrg re-imports the org with a courier promoted to
// another city's office: the account follows without being touched.
func testUserFollowsOrg(t *testing.T, st *sqlstore.Store) {
	ctx := context.Background()
	s := st
	applyFixtures(t, s)
	if err := s.CreateUser(ctx, postcrm.User{Name: "S1003", PasswordHash: "h"}); err != nil {
		t.Fatal(err)
	}
	if u := must[postcrm.User](t)(s.User(ctx, "S1003")); u.Role != postcrm.RoleCourier || u.OfficeCode != "13010002" {
		t.Fatalf("before the re-import: %+v", u)
	}
	moved := postcrm.Staff{ID: "S1003", Name: "李娜", Role: postcrm.RoleOfficeManager, OfficeCode: "13020002", City: "唐山市", Phone: "13800000003"}
	apply(t, s, postcrm.Batch{Kind: postcrm.KindOrg, Staff: []postcrm.Staff{moved}})
	u := must[postcrm.User](t)(s.User(ctx, "S1003"))
	if u.Role != moved.Role || u.City != moved.City || u.OfficeCode != moved.OfficeCode || u.DisplayName != moved.Name {
		t.Errorf("after the re-import: %+v, want the role, city and office of %+v", u, moved)
	}
	if sc := postcrm.ScopeOf(u); sc != (postcrm.Scope{Role: postcrm.RoleOfficeManager, City: "唐山市", OfficeCode: "13020002"}) {
		t.Errorf("scope after the re-import: %+v", sc)
	}
}

func testSessions(t *testing.T, st *sqlstore.Store) {
	ctx := context.Background()
	s := st
	create := func(se postcrm.Session) {
		t.Helper()
		if err := s.CreateSession(ctx, se); err != nil {
			t.Fatal(err)
		}
	}
	expectSession := func(what, hash string, now time.Time, want *postcrm.Session) {
		t.Helper()
		got, err := s.Session(ctx, hash, now)
		if want == nil {
			if !errors.Is(err, postcrm.ErrNotFound) {
				t.Errorf("%s: got %+v, %v; want ErrNotFound", what, got, err)
			}
			return
		}
		if err != nil || !got.CreatedAt.Equal(want.CreatedAt) || !got.ExpiresAt.Equal(want.ExpiresAt) {
			t.Errorf("%s: got %+v, %v; want %+v", what, got, err, *want)
			return
		}
		got.CreatedAt, got.ExpiresAt = want.CreatedAt, want.ExpiresAt
		if got != *want {
			t.Errorf("%s: got %+v, want %+v", what, got, *want)
		}
	}
	phone := postcrm.Session{TokenHash: "aa01", UserName: "S1001", CSRFToken: "c1", CreatedAt: at(9, 0), ExpiresAt: at(17, 0), Addr: "10.1.2.3"}
	office := postcrm.Session{TokenHash: "aa02", UserName: "S1001", CSRFToken: "c2", CreatedAt: at(9, 5), ExpiresAt: at(17, 5), Addr: "[2001:db8::1]:50312"}
	other := postcrm.Session{TokenHash: "bb01", UserName: "admin", CSRFToken: "c3", CreatedAt: at(9, 10), ExpiresAt: at(17, 10), Addr: "127.0.0.1"}
	for _, se := range []postcrm.Session{phone, office, other} {
		create(se)
	}
	expectSession("live", phone.TokenHash, at(16, 59), &phone)
	expectSession("at its expiry", phone.TokenHash, at(17, 0), nil)
	expectSession("unknown token", "cc01", at(10, 0), nil)

	if err := s.DeleteSession(ctx, phone.TokenHash); err != nil {
		t.Fatal(err)
	}
	expectSession("signed out", phone.TokenHash, at(10, 0), nil)
	expectSession("the same user's other session", office.TokenHash, at(10, 0), &office)
	if err := s.DeleteSession(ctx, phone.TokenHash); err != nil {
		t.Errorf("signing out twice: %v", err)
	}

	create(phone)
	if err := s.DeleteUserSessions(ctx, "S1001"); err != nil {
		t.Fatal(err)
	}
	expectSession("signed out everywhere (1)", phone.TokenHash, at(10, 0), nil)
	expectSession("signed out everywhere (2)", office.TokenHash, at(10, 0), nil)
	expectSession("another user's session", other.TokenHash, at(10, 0), &other)

	// A new session drops the expired ones: asked about a time before
	// its expiry, the old session is gone.
	create(postcrm.Session{TokenHash: "bb02", UserName: "admin", CSRFToken: "c4", CreatedAt: at(18, 0), ExpiresAt: at(23, 0)})
	expectSession("expired session after a new one", other.TokenHash, at(10, 0), nil)
}

func testAuditLog(t *testing.T, st *sqlstore.Store) {
	ctx := context.Background()
	s := st
	entries := []postcrm.AuditEntry{
		{At: at(8, 0), User: "cli", Action: postcrm.AuditUserCreate, Target: "admin", Detail: "省级管理员"},
		{At: at(9, 0), User: "admin", Action: postcrm.AuditSignIn, Addr: "10.0.0.1"},
		{At: at(9, 1), User: "S1001", Action: postcrm.AuditSignInFailed, Addr: "10.0.0.2", Detail: "密码错误"},
		{At: at(9, 1), User: "S1001", Action: postcrm.AuditSignIn, Addr: "10.0.0.2"},
		{At: at(9, 30), User: "admin", Action: postcrm.AuditPasswordReset, Target: "S1002", Addr: "10.0.0.1"},
		{At: at(10, 0), User: "S1001", Action: postcrm.AuditDataChange, Target: "warning 12", Detail: "跟进：已上门走访"},
		{At: at(11, 0), User: "admin", Action: postcrm.AuditSignOut, Addr: "10.0.0.1"},
	}
	for _, e := range entries {
		if err := s.Audit(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	// newest lists entries[i] for each i, newest first: the two entries
	// of the same second in the order they were written, last first.
	newest := func(idx ...int) []postcrm.AuditEntry {
		out := make([]postcrm.AuditEntry, len(idx))
		for i, j := range idx {
			out[i] = entries[j]
		}
		return out
	}
	for _, c := range []struct {
		what  string
		q     postcrm.AuditQuery
		want  []postcrm.AuditEntry
		total int
	}{
		{"everything", postcrm.AuditQuery{}, newest(6, 5, 4, 3, 2, 1, 0), 7},
		{"one user", postcrm.AuditQuery{User: "S1001"}, newest(5, 3, 2), 3},
		{"one action", postcrm.AuditQuery{Action: postcrm.AuditSignIn}, newest(3, 1), 2},
		{"user and action", postcrm.AuditQuery{User: "admin", Action: postcrm.AuditSignIn}, newest(1), 1},
		{"from inclusive, to exclusive", postcrm.AuditQuery{From: at(9, 1), To: at(10, 0)}, newest(4, 3, 2), 3},
		{"first page", postcrm.AuditQuery{Limit: 2}, newest(6, 5), 7},
		{"third page", postcrm.AuditQuery{Offset: 4, Limit: 2}, newest(2, 1), 7},
		{"past the end", postcrm.AuditQuery{User: "admin", Offset: 3, Limit: 2}, nil, 3},
		{"nobody", postcrm.AuditQuery{User: "S2001"}, nil, 0},
	} {
		got, total, err := s.AuditLog(ctx, c.q)
		if err != nil {
			t.Fatalf("%s: %v", c.what, err)
		}
		if total != c.total {
			t.Errorf("%s: total %d, want %d", c.what, total, c.total)
		}
		if !sameAudit(got, c.want) {
			t.Errorf("%s:\n got %+v\nwant %+v", c.what, got, c.want)
		}
	}
	// IDs grow in writing order.
	all, _, _ := s.AuditLog(ctx, postcrm.AuditQuery{})
	for i := 1; i < len(all); i++ {
		if all[i].ID >= all[i-1].ID {
			t.Errorf("audit IDs not newest first: %d after %d", all[i].ID, all[i-1].ID)
		}
	}
}

// sameAudit compares entries by instant, their IDs aside.
func sameAudit(got, want []postcrm.AuditEntry) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		g, w := got[i], want[i]
		if !g.At.Equal(w.At) {
			return false
		}
		g.ID, g.At, w.At = 0, time.Time{}, time.Time{}
		if g != w {
			return false
		}
	}
	return true
}
