package web

import (
	"net/http"
	"strings"
	"testing"
)

// TestSessionlessRoutes: pages and the API know who is signed in; static
// files, /healthz and /metrics never look the session up, so with the
// store gone a signed-in browser still gets its CSS and script, and
// /healthz answers that the store is unavailable (503), not a failed
// session read (500).
func TestSessionlessRoutes(t *testing.T) {
	f := newFixture(t)
	c := f.session(t, courierUser)
	u := f.user(t, courierUser)
	if page := body(t, c.get("/")); !strings.Contains(page, `<span id="current-user" class="who">`+u.DisplayName+" <small>"+u.Name) {
		t.Errorf("the dashboard does not show who is signed in:\n%s", page)
	}
	if me := body(t, c.api("GET", "/api/v1/me", "")); !strings.Contains(me, `"`+courierUser+`"`) {
		t.Errorf("/api/v1/me: %s", me)
	}
	if resp := c.get("/healthz"); resp.StatusCode != http.StatusOK || !strings.Contains(body(t, resp), `"ok"`) {
		t.Errorf("/healthz with the store up: %d", resp.StatusCode)
	}

	if err := f.store.Close(); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/static/app.css", "/static/app.js"} {
		resp := c.get(path)
		if text := body(t, resp); resp.StatusCode != http.StatusOK || len(text) == 0 {
			t.Errorf("%s with the store closed: %d, %d bytes", path, resp.StatusCode, len(text))
		}
	}
	resp := c.get("/healthz")
	if text := body(t, resp); resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(text, "store unavailable") {
		t.Errorf("/healthz with the store closed: %d %s", resp.StatusCode, text)
	}
	if resp := c.get("/metrics"); resp.StatusCode != http.StatusOK {
		t.Errorf("/metrics with the store closed: %d", resp.StatusCode)
	}
	// A page does read the session, and so fails with the store.
	if resp := c.get("/"); resp.StatusCode != http.StatusInternalServerError {
		t.Errorf("the dashboard with the store closed: %d, want 500", resp.StatusCode)
	}
}

// TestSessionlessRoutesArePublic: a sessionless route knows nobody, so
// one that needed a sign-in could never be used.
func TestSessionlessRoutesArePublic(t *testing.T) {
	f := newFixture(t)
	for _, rt := range f.srv.Routes() {
		if rt.Sessionless && !rt.Public {
			t.Errorf("%s %s is sessionless but not public", rt.Method, rt.Pattern)
		}
	}
}
