package e2e

import (
	"context"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chromium finds Debian's Chromium. Without one the test skips, unless
// POSTCRM_TEST_CHROMIUM_REQUIRED=1 (CI) makes that a failure.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	if os.Getenv("POSTCRM_TEST_CHROMIUM_REQUIRED") == "1" {
		t.Fatal("no chromium on PATH and POSTCRM_TEST_CHROMIUM_REQUIRED=1")
	}
	t.Skip("no chromium on PATH (apt-get install chromium)")
	return ""
}

// newBrowser starts one headless Chromium for the whole test with a fresh
// profile. Background networking, component updates, sync and QUIC are
// off: the browser must talk to nothing but the server under test.
func newBrowser(t *testing.T, path string) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-component-update", true),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(int(desktop.width), int(desktop.height)))
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting chromium: %v", err)
	}
	return ctx
}

type screen struct {
	name          string
	width, height int64
	phone         bool
}

var (
	desktop = screen{"desktop", 1366, 900, false} // the office PC's usual screen
	phone   = screen{"phone", 390, 844, true}
)

// tab is one signed-in person's browser: its own browser context (cookie
// jar), the console it has written, and where its screenshots go.
type tab struct {
	t     *testing.T
	ctx   context.Context
	base  string
	shots string
	who   string // screenshot file prefix

	mu      sync.Mutex
	console []chromedp.ConsoleMessage
	// probed are the URLs the test opened expecting an error status: the
	// browser logs "failed to load resource" for them, which is no fault.
	probed map[string]bool
}

func newTab(t *testing.T, browser context.Context, base, shots, who string) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("opening a tab: %v", err)
	}
	tb := &tab{t: t, ctx: ctx, base: base, shots: shots, who: who, probed: map[string]bool{}}
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			tb.mu.Lock()
			tb.console = append(tb.console, m)
			tb.mu.Unlock()
		}
	}()
	return tb
}

// do runs actions within a deadline, so that a page that never loads
// fails the test instead of hanging it.
func (tb *tab) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		tb.t.Fatalf("%s: %s: %v", tb.who, what, err)
	}
}

func run[T any](tb *tab, what string, action chromedp.Action[T]) T {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 20*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, action)
	if err != nil {
		tb.t.Fatalf("%s: %s: %v", tb.who, what, err)
	}
	return v
}

// open loads a path and returns the HTTP status of the document that
// ends up shown (after redirects).
func (tb *tab) open(path string) int {
	tb.t.Helper()
	resp := run(tb, "opening "+path, chromedp.NavigateResponse(tb.base+path))
	return int(resp.Status)
}

// probe opens a path that must answer with an error status.
func (tb *tab) probe(path string, want int) {
	tb.t.Helper()
	tb.expectFailure(path)
	if got := tb.open(path); got != want {
		tb.t.Errorf("%s: %s answered %d, want %d", tb.who, path, got, want)
	}
}

func (tb *tab) expectFailure(path string) {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	tb.probed[tb.base+path] = true
}

// submit clicks a button that submits a form and waits for the page the
// server answers with; it returns that page's status.
func (tb *tab) submit(button string) int {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 20*time.Second)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(button)))
	if err != nil {
		tb.t.Fatalf("%s: submitting with %s: %v", tb.who, button, err)
	}
	return int(resp.Status)
}

// fill types values into form fields, by CSS selector.
func (tb *tab) fill(fields map[string]string) {
	tb.t.Helper()
	for sel, v := range fields {
		tb.do("filling "+sel, chromedp.Clear(chromedp.CSS(sel)), chromedp.SendKeys(chromedp.CSS(sel), v))
	}
}

// path is where the tab is now: the path and query of its URL.
func (tb *tab) path() string {
	tb.t.Helper()
	u, err := url.Parse(run(tb, "reading the location", chromedp.Location()))
	if err != nil {
		tb.t.Fatal(err)
	}
	return u.RequestURI()
}

func (tb *tab) text(sel string) string {
	tb.t.Helper()
	return strings.TrimSpace(run(tb, "reading "+sel, chromedp.Text(chromedp.CSS(sel))))
}

// eval runs JavaScript in the page and decodes its value (awaiting a
// promise).
func eval[T any](tb *tab, js string) T {
	tb.t.Helper()
	return run(tb, "evaluating "+js, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
}

func (tb *tab) resize(s screen) {
	tb.t.Helper()
	opts := []chromedp.EmulateViewportOption{}
	if s.phone {
		opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulateScale(2))
	}
	tb.do("resizing to "+s.name, chromedp.EmulateViewport(s.width, s.height, opts...))
}

// screenshot saves the whole page as WHO-NAME.png.
func (tb *tab) screenshot(name string) {
	tb.t.Helper()
	png := run(tb, "taking a screenshot", chromedp.FullScreenshot(100))
	file := filepath.Join(tb.shots, tb.who+"-"+name+".png")
	if err := os.WriteFile(file, png, 0o644); err != nil {
		tb.t.Fatal(err)
	}
}

// fitsWidth reports whether the page needs no sideways scrolling: wide
// tables must scroll inside their own box on a phone, not the page.
func (tb *tab) fitsWidth() bool {
	tb.t.Helper()
	return eval[bool](tb, `document.documentElement.scrollWidth <= window.innerWidth`)
}

// checkConsole fails on every console error, uncaught exception and
// security report (CSP violations among them), except the failed loads
// of the error pages the test opened on purpose.
func (tb *tab) checkConsole() {
	tb.t.Helper()
	time.Sleep(200 * time.Millisecond) // let the last page's messages arrive
	tb.mu.Lock()
	defer tb.mu.Unlock()
	for _, m := range tb.console {
		bad := m.IsException() || m.Type == chromedp.ConsoleError || m.Source == "security" ||
			strings.Contains(m.Text, "Content Security Policy")
		if bad && m.Source == "network" && tb.probed[m.URL] {
			continue
		}
		if bad {
			tb.t.Errorf("%s: console %s (source %q, %s): %s", tb.who, m.Type, m.Source, m.URL, m.Text)
		}
	}
}
