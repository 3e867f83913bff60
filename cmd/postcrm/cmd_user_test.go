package main

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"postcrm"
	"postcrm/auth"
	"postcrm/sqlstore"
)

// withTestStore runs fn on the test's database, between CLI runs.
func withTestStore(t *testing.T, dir string, fn func(s *sqlstore.Store)) {
	t.Helper()
	st, err := openStore(context.Background(), filepath.Join(dir, "crm.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	fn(st)
}

var oneTimePassword = regexp.MustCompile(`一次性密码：(\S+)`)

// printedPassword returns the one-time password in a command's output.
func printedPassword(t *testing.T, out string) string {
	t.Helper()
	m := oneTimePassword.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no one-time password in:\n%s", out)
	}
	return m[1]
}

func expectPassword(t *testing.T, u postcrm.User, password string) {
	t.Helper()
	if ok, err := auth.VerifyPassword(u.PasswordHash, password); !ok || err != nil {
		t.Errorf("%s's stored hash does not verify %q: %v", u.Name, password, err)
	}
}

func TestUserCommands(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	org := filepath.Join(dir, "org.csv")
	content := "city,office_code,office_name,staff_id,staff_name,role,phone\n" +
		"衡水市,05300001,人民路营业部,H001,周涛,office_manager,13900000001\n" +
		"衡水市,05300001,人民路营业部,H002,吴静,courier,13900000002\n"
	if err := os.WriteFile(org, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := runCLI(t, dir, "import", "org", org); err != nil {
		t.Fatal(err)
	}

	out, err := runCLI(t, dir, "user", "add", "H001")
	if err != nil || !strings.Contains(out, "已创建用户 H001（营业部经理，周涛，衡水市，05300001）") {
		t.Fatalf("user add H001: %v\n%s", err, out)
	}
	first := printedPassword(t, out)
	withTestStore(t, dir, func(s *sqlstore.Store) {
		u, err := s.User(ctx, "H001")
		if err != nil || u.Role != postcrm.RoleOfficeManager || !u.MustChangePassword {
			t.Errorf("H001 after add: %+v, %v", u, err)
		}
		expectPassword(t, u, first)
	})

	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"user", "add", "H001"}, "用户 H001 已存在"},
		{[]string{"user", "add", "H999"}, "机构人员中没有工号 H999"},
		{[]string{"user", "add", "H002", "--admin"}, "不能加 --admin"},
		{[]string{"user", "add", "boss", "--admin", "--password", "short"}, "密码至少要 8 个字符"},
		{[]string{"user", "add", "--admin", "--password", "bossboss", "bossboss"}, "密码不能与用户名"},
		{[]string{"user", "lock", "nobody"}, "没有用户 nobody"},
		{[]string{"user", "lock"}, "请指明一个用户名"},
		{[]string{"user", "rename", "H001"}, "没有“user rename”"},
	} {
		if _, err := runCLI(t, dir, c.args...); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("postcrm %s: want an error containing %q, got %v", strings.Join(c.args, " "), c.want, err)
		}
	}

	// Flags after the name; a given password is not echoed.
	out, err = runCLI(t, dir, "user", "add", "boss", "--admin", "--password", "省公司管理员2026")
	if err != nil || strings.Contains(out, "省公司管理员2026") || oneTimePassword.MatchString(out) || !strings.Contains(out, "省市场部") {
		t.Fatalf("user add boss --admin: %v\n%s", err, out)
	}

	// Signed in twice and locked out after failures; lock signs out.
	withTestStore(t, dir, func(s *sqlstore.Store) {
		now := time.Now()
		for _, tok := range []string{"t1", "t2"} {
			se := postcrm.Session{TokenHash: auth.HashToken(tok), UserName: "H001", CreatedAt: now, ExpiresAt: now.Add(time.Hour)}
			if err := s.CreateSession(ctx, se); err != nil {
				t.Fatal(err)
			}
		}
	})
	if out, err := runCLI(t, dir, "user", "lock", "H001"); err != nil || !strings.Contains(out, "已锁定用户 H001") {
		t.Fatalf("user lock: %v\n%s", err, out)
	}
	withTestStore(t, dir, func(s *sqlstore.Store) {
		if u, _ := s.User(ctx, "H001"); !u.Locked {
			t.Errorf("H001 not locked: %+v", u)
		}
		if _, err := s.Session(ctx, auth.HashToken("t1"), time.Now()); err == nil {
			t.Error("a locked user is still signed in")
		}
	})

	out, err = runCLI(t, dir, "user", "list")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[1], "H001") || !strings.Contains(lines[1], "已锁定") ||
		!strings.HasPrefix(lines[2], "boss") || !strings.Contains(lines[2], "省市场部") || !strings.Contains(lines[2], "从未登录") {
		t.Errorf("user list:\n%s", out)
	}

	// A reset unlocks, forces a change and gives a new password.
	withTestStore(t, dir, func(s *sqlstore.Store) {
		u, _ := s.User(ctx, "H001")
		u.MustChangePassword, u.FailedSignIns, u.LockedUntil = false, 5, time.Now().Add(time.Hour)
		if err := s.UpdateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
	})
	out, err = runCLI(t, dir, "user", "reset-password", "H001")
	if err != nil {
		t.Fatalf("reset-password: %v\n%s", err, out)
	}
	second := printedPassword(t, out)
	if second == first {
		t.Error("the reset password is the first one")
	}
	withTestStore(t, dir, func(s *sqlstore.Store) {
		u, _ := s.User(ctx, "H001")
		if u.Locked || u.FailedSignIns != 0 || !u.LockedUntil.IsZero() || !u.MustChangePassword {
			t.Errorf("H001 after reset: %+v", u)
		}
		expectPassword(t, u, second)
		if ok, _ := auth.VerifyPassword(u.PasswordHash, first); ok {
			t.Error("the first password still works")
		}
	})

	// unlock clears a lock-out after failed sign-ins.
	withTestStore(t, dir, func(s *sqlstore.Store) {
		u, _ := s.User(ctx, "boss")
		u.FailedSignIns, u.LockedUntil = 7, time.Now().Add(time.Hour)
		if err := s.UpdateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
	})
	if _, err := runCLI(t, dir, "user", "unlock", "boss"); err != nil {
		t.Fatal(err)
	}
	withTestStore(t, dir, func(s *sqlstore.Store) {
		if u, _ := s.User(ctx, "boss"); u.FailedSignIns != 0 || !u.LockedUntil.IsZero() || u.Locked {
			t.Errorf("boss after unlock: %+v", u)
		}
		entries, _, err := s.AuditLog(ctx, postcrm.AuditQuery{User: "cli"})
		var got []string
		for _, e := range slices.Backward(entries) {
			got = append(got, string(e.Action)+" "+e.Target)
		}
		want := []string{"user_create H001", "user_create boss", "user_lock H001", "password_reset H001", "user_unlock boss"}
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("audit log of the CLI: %v, %v; want %v", got, err, want)
		}
		// The same entry as the admin page writes for the same action.
		if e := entries[len(entries)-1]; e.Detail != "role "+string(postcrm.RoleOfficeManager) {
			t.Errorf("audit detail of user add H001: %q, want the web's %q", e.Detail, "role office_manager")
		}
	})
}
