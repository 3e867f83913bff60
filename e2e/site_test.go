// Package e2e drives the real postcrm binary through headless Chromium:
// the small demo is prepared exactly as `postcrm demo` prepares it, served
// by `postcrm serve`, and every role signs in and works through its pages
// at desktop and at phone width.
package e2e

import (
	"bufio"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"postcrm"
	"postcrm/sqlite"
)

// demoMonth is the demo's last month, the one `postcrm demo` analyses.
const (
	demoEnd                 = "2026-10"
	demoMonth postcrm.Month = 202610
)

// account is a demo account as `postcrm demo` printed it, with its role,
// city and office read from the store.
type account struct {
	postcrm.User
	Password string
}

// site is a prepared demo store served by `postcrm serve`, with what the
// store holds, read directly from it, to judge the pages against.
type site struct {
	bin, db  string
	URL      string // http://127.0.0.1:PORT, no trailing slash
	accounts map[postcrm.Role]account
	warnings []postcrm.WarningRow       // the analysed month's, all of them
	dispatch map[int64]postcrm.Dispatch // their follow-up, by warning ID
	customer map[string]postcrm.Customer
	offices  map[string]postcrm.Office

	server    *exec.Cmd
	serverOut *lockedBuffer // stdout: start and stop lines
	serverLog *lockedBuffer // stderr: the JSON request log
}

// newSite builds the binary, prepares the small demo in a temporary
// directory as `postcrm demo` does (demo accounts included) and starts
// the server; the server is stopped (SIGTERM, graceful) when the test
// ends.
func newSite(t *testing.T) *site {
	t.Helper()
	tmp := t.TempDir()
	s := &site{bin: filepath.Join(tmp, "postcrm"), db: filepath.Join(tmp, "demo.db")}
	build := exec.Command("go", "build", "-o", s.bin, "postcrm/cmd/postcrm")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building postcrm: %v\n%s", err, out)
	}
	out := s.run(t, "demo", "--scale", "small", "--dir", filepath.Join(tmp, "demo-data"), "--end", demoEnd)
	s.readStore(t, out)
	s.serve(t)
	return s
}

// browserSite is what every Chromium test starts with: the demo site,
// one headless Chromium and the screenshots' folder. It skips without
// Chromium (before building anything) and under -short.
func browserSite(t *testing.T) (*site, context.Context, string) {
	t.Helper()
	path := chromium(t)
	if testing.Short() {
		t.Skip("builds postcrm, prepares the demo and drives a browser")
	}
	return newSite(t), newBrowser(t, path), shotsDir(t)
}

// run runs the binary on the demo store and returns its standard output.
func (s *site) run(t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.Command(s.bin, append([]string{"--db", s.db}, args...)...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("postcrm %s: %v\n%s%s", strings.Join(args, " "), err, out, stderr.String())
	}
	return string(out)
}

// readStore reads what the pages will be judged against, and the demo
// accounts the demo printed, before the server opens the store.
func (s *site) readStore(t *testing.T, demoOut string) {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, s.db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	all := postcrm.Scope{Role: postcrm.RoleProvinceAdmin}
	if s.warnings, _, err = st.ScopedWarnings(ctx, all, postcrm.WarningQuery{Month: demoMonth}); err != nil {
		t.Fatal(err)
	}
	customers, errC := st.Customers(ctx)
	offices, errO := st.Offices(ctx)
	dispatches, errD := st.Dispatches(ctx, demoMonth)
	if err := errors.Join(errC, errO, errD); err != nil {
		t.Fatal(err)
	}
	s.dispatch = keyed(dispatches, func(d postcrm.Dispatch) int64 { return d.WarningID })
	s.customer = keyed(customers, func(c postcrm.Customer) string { return c.Code })
	s.offices = keyed(offices, func(o postcrm.Office) string { return o.Code })
	s.accounts = map[postcrm.Role]account{}
	password, names := demoAccounts(t, demoOut)
	for _, name := range names {
		u, err := st.User(ctx, name)
		if err != nil {
			t.Fatalf("demo account %s: %v", name, err)
		}
		s.accounts[u.Role] = account{User: u, Password: password}
	}
	for _, role := range roles {
		if _, ok := s.accounts[role]; !ok {
			t.Fatalf("the demo printed no %s account:\n%s", role, demoOut)
		}
	}
}

var (
	demoPasswordLine = regexp.MustCompile(`演示账号（密码都是 (\S+?)，`)
	demoAccountLine  = regexp.MustCompile(`^  (\S+)  `)
)

// demoAccounts reads the demo accounts' password and user names from
// what `postcrm demo` printed, as a person trying the demo would.
func demoAccounts(t *testing.T, out string) (string, []string) {
	t.Helper()
	_, list, ok := strings.Cut(out, "演示账号")
	m := demoPasswordLine.FindStringSubmatch(out)
	if !ok || m == nil {
		t.Fatalf("postcrm demo printed no demo accounts:\n%s", out)
	}
	var names []string
	for line := range strings.Lines(list) {
		if a := demoAccountLine.FindStringSubmatch(line); a != nil {
			names = append(names, a[1])
		}
	}
	return m[1], names
}

var listening = regexp.MustCompile(`http://(127\.0\.0\.1:\d+)/`)

// serve starts `postcrm serve` on a free loopback port and waits for the
// line that says where it listens.
func (s *site) serve(t *testing.T) {
	t.Helper()
	s.server = exec.Command(s.bin, "--db", s.db, "serve", "--addr", "127.0.0.1:0")
	s.serverOut, s.serverLog = &lockedBuffer{}, &lockedBuffer{}
	s.server.Stderr = s.serverLog
	stdout, err := s.server.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.server.Start(); err != nil {
		t.Fatalf("starting postcrm serve: %v", err)
	}
	t.Cleanup(func() { s.stop(t) })
	lines := bufio.NewScanner(stdout)
	for lines.Scan() {
		s.serverOut.WriteString(lines.Text() + "\n")
		if m := listening.FindStringSubmatch(lines.Text()); m != nil {
			s.URL = "http://" + m[1]
			break
		}
	}
	if s.URL == "" {
		t.Fatalf("postcrm serve said nowhere it listens:\n%s%s", s.serverOut, s.serverLog)
	}
	go func() { _, _ = io.Copy(s.serverOut, stdout) }()
}

// stop ends the server as a service manager would, with SIGTERM, and
// checks that it shut down gracefully and logged no server error.
func (s *site) stop(t *testing.T) {
	if err := s.server.Process.Signal(syscall.SIGTERM); err != nil {
		t.Errorf("stopping postcrm serve: %v", err)
	}
	done := make(chan error, 1)
	go func() { done <- s.server.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("postcrm serve ended with %v\n%s", err, s.serverLog)
		}
	case <-time.After(15 * time.Second):
		_ = s.server.Process.Kill()
		t.Errorf("postcrm serve did not stop within 15 s of SIGTERM")
	}
	if !strings.Contains(s.serverOut.String(), "网页应用已停止") {
		t.Errorf("postcrm serve did not say it stopped:\n%s", s.serverOut)
	}
	for line := range strings.Lines(s.serverLog.String()) {
		if strings.Contains(line, `"level":"ERROR"`) {
			t.Errorf("server error logged: %s", line)
		}
	}
}

// inScope lists the month's warnings a staff member's scope holds, in the
// order the list shows them (highest revenue at risk first, then by ID).
func (s *site) inScope(p postcrm.User) []postcrm.WarningRow {
	var rows []postcrm.WarningRow
	for _, w := range s.warnings {
		// After the follow-up dispatch a courier has the warnings
		// dispatched to them, and only the province the held-out ones.
		d, dispatched := s.dispatch[w.ID]
		var ok bool
		switch p.Role {
		case postcrm.RoleCourier:
			ok = (!dispatched && w.OwnerStaffID == p.Name) || (dispatched && d.AssignedTo == p.Name)
		case postcrm.RoleOfficeManager:
			ok = w.OfficeCode == p.OfficeCode && !d.HeldOut
		case postcrm.RoleCityManager:
			ok = s.offices[w.OfficeCode].City == p.City && !d.HeldOut
		case postcrm.RoleProvinceAdmin:
			ok = true
		}
		if ok {
			rows = append(rows, w)
		}
	}
	slices.SortStableFunc(rows, func(a, b postcrm.WarningRow) int {
		return cmp.Or(cmp.Compare(b.RevenueAtRiskFen, a.RevenueAtRiskFen), cmp.Compare(a.ID, b.ID))
	})
	return rows
}

// customerWhere returns the code of a customer that fits, for probing
// pages in and out of a scope.
func (s *site) customerWhere(t *testing.T, what string, fits func(postcrm.Customer) bool) string {
	t.Helper()
	for _, code := range slices.Sorted(maps.Keys(s.customer)) {
		if fits(s.customer[code]) {
			return code
		}
	}
	t.Fatalf("the demo has no customer %s", what)
	return ""
}

func keyed[K comparable, V any](vs []V, key func(V) K) map[K]V {
	m := make(map[K]V, len(vs))
	for _, v := range vs {
		m[key(v)] = v
	}
	return m
}

// lockedBuffer collects a child process's output while the test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *lockedBuffer) WriteString(s string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.b.WriteString(s)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// shotsDir is where screenshots go: POSTCRM_E2E_SHOTS keeps them, else
// they go with the test's temporary files.
func shotsDir(t *testing.T) string {
	if dir := os.Getenv("POSTCRM_E2E_SHOTS"); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	return t.TempDir()
}

func (a account) String() string { return fmt.Sprintf("%s %s (%s)", a.Role, a.Name, a.DisplayName) }
