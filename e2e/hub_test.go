package e2e

import (
	"bufio"
	"io"
	"net/http"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"postcrm"
)

// TestHubInChromium is the hub board on the demo's Double-11 hub: the
// city manager reads the board at 1366 and 390 px, registers a vehicle
// on the dock form on a phone, makes a wall-screen link; the wall
// screen, signed in as nobody, updates itself, survives a server restart
// (reconnects within 10 s and shows a newer snapshot) and shows 401 once
// the link is revoked.
func TestHubInChromium(t *testing.T) {
	s, browser, shots := browserSite(t)
	m := s.accounts[postcrm.RoleCityManager]

	mgr := newTab(t, browser, s.URL, shots, "hub-city")
	s.signIn(mgr, m, m.Password)
	mgr.open("/hubs/HUB01")
	if over := mgr.text("#tile-over .hub-value"); over != "192" {
		t.Errorf("the demo hub's over-threshold tile shows %q, want 192", over)
	}
	mgr.screenshot("board-1366")
	mgr.open("/hubs/HUB01/rows?tile=over")
	mgr.screenshot("rows-1366")
	mgr.open("/hubs/HUB01/settings")
	mgr.screenshot("settings-1366")

	mgr.resize(phone)
	mgr.open("/hubs/HUB01")
	if !mgr.fitsWidth() {
		t.Errorf("the board needs sideways scrolling at 390 px")
	}
	mgr.screenshot("board-390")
	mgr.open("/hubs/HUB01/dock")
	mgr.fill(map[string]string{"#d-vehicle": "冀A88888", "#d-route": "京石干线", "#d-pieces": "2400", "#d-bags": "96"})
	if status := mgr.submit("#d-submit"); status != http.StatusOK || !strings.Contains(mgr.text("#dock-done"), "冀A88888") {
		t.Errorf("dock form: %d, confirmation %q", status, mgr.text("body"))
	}
	if !mgr.fitsWidth() {
		t.Errorf("the dock form needs sideways scrolling at 390 px")
	}
	mgr.screenshot("dock-390")
	mgr.open("/hubs/HUB01/settings")
	mgr.screenshot("settings-390")
	mgr.resize(desktop)
	mgr.submit("#make-link")
	link := eval[string](mgr, `(document.getElementById("new-link") || {}).href || ""`)
	if !strings.Contains(link, "/wall/") {
		t.Fatalf("no wall link on the settings page: %q", link)
	}

	wall := newTab(t, browser, s.URL, shots, "hub-wall")
	wall.open(strings.TrimPrefix(link, s.URL))
	live := func(what string, within time.Duration) int64 {
		t.Helper()
		deadline := time.Now().Add(within)
		for time.Now().Before(deadline) {
			if eval[string](wall, `document.getElementById("wall-state").textContent`) == "实时更新中" {
				n, _ := strconv.ParseInt(wall.text("#wall-snapshot"), 10, 64)
				return n
			}
			time.Sleep(200 * time.Millisecond)
		}
		t.Fatalf("the wall screen is not live %s within %s: %q", what, within, wall.text("#wall-state"))
		return 0
	}
	first := live("at first", 10*time.Second)
	wall.screenshot("wall-1366")

	s.restart(t)
	start := time.Now()
	time.Sleep(1500 * time.Millisecond) // the stream has ended; let the page notice
	again := live("after the restart", 10*time.Second)
	if again <= first {
		t.Errorf("after the restart the snapshot is %d, not newer than %d", again, first)
	}
	t.Logf("the wall screen reconnected %s after the restart", time.Since(start).Round(100*time.Millisecond))

	mgr.open("/hubs/HUB01/settings")
	wall.expectFailure(strings.TrimPrefix(link, s.URL) + "/events")
	mgr.submit("#links button.danger")
	deadline := time.Now().Add(15 * time.Second)
	for !strings.Contains(wall.text("#wall-state"), "401") {
		if time.Now().After(deadline) {
			t.Fatalf("the revoked wall screen shows %q, not 401", wall.text("#wall-state"))
		}
		time.Sleep(300 * time.Millisecond)
	}
	wall.screenshot("wall-revoked")
}

// restart stops the server (SIGTERM) and starts it again on the same
// address, as a service manager would after an upgrade; the test's
// cleanup stops the new one.
func (s *site) restart(t *testing.T) {
	t.Helper()
	if err := s.server.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := s.server.Wait(); err != nil {
		t.Fatalf("postcrm serve ended with %v\n%s", err, s.serverLog)
	}
	s.server = exec.Command(s.bin, "--db", s.db, "serve", "--addr", strings.TrimPrefix(s.URL, "http://"))
	s.server.Stderr = s.serverLog
	stdout, err := s.server.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.server.Start(); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewScanner(stdout)
	for lines.Scan() {
		if listening.MatchString(lines.Text()) {
			break
		}
	}
	go func() { _, _ = io.Copy(s.serverOut, stdout) }()
}
