package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"postcrm"
	"postcrm/auth"
	"postcrm/sqlite"
)

// TestServeAnswersAndStops starts `serve` on a free port, asks its
// health endpoint, then cancels it as Ctrl-C does and expects a clean
// stop.
func TestServeAnswersAndStops(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		e := &env{dsn: filepath.Join(t.TempDir(), "crm.db"), stdout: pw, stderr: io.Discard}
		done <- runServe(ctx, e, []string{"--addr", "127.0.0.1:0", "--no-schedule"})
		pw.Close()
	}()
	lines := bufio.NewScanner(pr)
	if !lines.Scan() {
		t.Fatalf("serve printed nothing: %v", <-done)
	}
	first := lines.Text()
	i := strings.Index(first, "http://")
	if i < 0 {
		t.Fatalf("no address in %q", first)
	}
	url := strings.Fields(first[i:])[0]
	resp, err := http.Get(url + "healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("healthz: %d", resp.StatusCode)
	}
	cancel()
	for lines.Scan() { // drain, so that serve's last line is written
	}
	if err := <-done; err != nil {
		t.Errorf("serve after cancel: %v", err)
	}
}

func TestDemoAccountsOnePerRoleWithSomethingToSee(t *testing.T) {
	staff := []postcrm.Staff{
		{ID: "P2", Role: postcrm.RoleProvinceAdmin}, {ID: "P1", Role: postcrm.RoleProvinceAdmin},
		{ID: "C1", Role: postcrm.RoleCityManager, City: "保定市"}, {ID: "C2", Role: postcrm.RoleCityManager, City: "唐山市"},
		{ID: "M1", Role: postcrm.RoleOfficeManager, City: "唐山市", OfficeCode: "06300001"},
		{ID: "M2", Role: postcrm.RoleOfficeManager, City: "唐山市", OfficeCode: "06300002"},
		{ID: "K1", Role: postcrm.RoleCourier, City: "保定市", OfficeCode: "07200001"},
		{ID: "K2", Role: postcrm.RoleCourier, City: "唐山市", OfficeCode: "06300002"},
	}
	warnings := []postcrm.Warning{{OwnerStaffID: "K1"}, {OwnerStaffID: "K2"}, {OwnerStaffID: "K2"}, {OwnerStaffID: "M1"}, {}}
	names, err := demoAccountNames(staff, warnings)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(names, " "); got != "P1 C2 M2 K2" {
		t.Errorf("demo accounts %s, want P1 C2 M2 K2 (the courier with most warnings, their office's manager, their city's)", got)
	}
	if _, err := demoAccountNames(staff, nil); err == nil {
		t.Error("no warned courier: want an error")
	}
}

func TestDemoAccountsSignInWithoutChangeAndReset(t *testing.T) {
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "crm.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	hash, err := auth.HashPassword(demoPassword)
	if err != nil {
		t.Fatal(err)
	}
	u, err := setDemoAccount(ctx, s, "admin", hash)
	if err != nil {
		t.Fatal(err)
	}
	if u.MustChangePassword {
		t.Error("a demo account must not have to change its password")
	}
	u.Locked, u.PasswordHash = true, "changed"
	if err := s.UpdateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	if u, err = setDemoAccount(ctx, s, "admin", hash); err != nil { // the demo run again
		t.Fatal(err)
	}
	if ok, err := auth.VerifyPassword(u.PasswordHash, demoPassword); !ok || err != nil || u.Locked {
		t.Errorf("after a second demo run: password ok %v (%v), locked %v", ok, err, u.Locked)
	}
}
