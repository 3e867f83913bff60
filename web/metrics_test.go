package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestMetricsOnlyLocalOrWithToken: /metrics answers requests from this
// machine that no proxy forwarded, and with the configured token any
// address; everyone else gets a 403 and no figures.
func TestMetricsOnlyLocalOrWithToken(t *testing.T) {
	f := newFixture(t)
	const token = "scrape-4f9c2e"
	from := func(remote, authorization, forwarded string) int {
		req := httptest.NewRequest("GET", "/metrics", nil)
		req.RemoteAddr = remote
		if authorization != "" {
			req.Header.Set("Authorization", authorization)
		}
		if forwarded != "" {
			req.Header.Set("X-Forwarded-For", forwarded)
		}
		rec := httptest.NewRecorder()
		f.srv.Handler().ServeHTTP(rec, req)
		if rec.Code == http.StatusOK != strings.Contains(rec.Body.String(), "postcrm_http_requests_total") {
			t.Errorf("from %s: %d with body %.80q", remote, rec.Code, rec.Body.String())
		}
		return rec.Code
	}
	// Over the network, from the test's own loopback address.
	if resp := f.anonymous(t).get("/metrics"); resp.StatusCode != http.StatusOK {
		t.Errorf("from loopback over HTTP: %d", resp.StatusCode)
	}
	proxied := f.anonymous(t).request("GET", "/metrics", nil)
	proxied.Header.Set("X-Forwarded-For", "203.0.113.9")
	if resp := f.anonymous(t).do(proxied); resp.StatusCode != http.StatusForbidden {
		t.Errorf("forwarded by a local proxy: %d, want 403", resp.StatusCode)
	}

	for _, c := range []struct {
		remote, authorization, forwarded string
		withoutToken, withToken          int
	}{
		{"127.0.0.1:5000", "", "", 200, 200},
		{"[::1]:5000", "", "", 200, 200},
		{"[::ffff:127.0.0.1]:5000", "", "", 200, 200},
		{"192.0.2.1:5000", "", "", 403, 403},
		{"10.1.2.3:5000", "Bearer " + token, "", 403, 200},
		{"10.1.2.3:5000", "Bearer wrong", "", 403, 403},
		{"10.1.2.3:5000", token, "", 403, 403},
		{"127.0.0.1:5000", "", "198.51.100.7", 403, 403},
		{"127.0.0.1:5000", "Bearer " + token, "198.51.100.7", 403, 200},
	} {
		f.srv.opts.MetricsToken = ""
		if got := from(c.remote, c.authorization, c.forwarded); got != c.withoutToken {
			t.Errorf("no token set, from %s (%q, forwarded %q): %d, want %d", c.remote, c.authorization, c.forwarded, got, c.withoutToken)
		}
		f.srv.opts.MetricsToken = token
		if got := from(c.remote, c.authorization, c.forwarded); got != c.withToken {
			t.Errorf("token set, from %s (%q, forwarded %q): %d, want %d", c.remote, c.authorization, c.forwarded, got, c.withToken)
		}
	}
}
