package web

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"postcrm"
)

// TestSecurityHeadersOnEveryResponse checks the headers on pages, static
// files, API answers, errors and unknown paths alike.
func TestSecurityHeadersOnEveryResponse(t *testing.T) {
	f := newFixture(t)
	anon, province := f.anonymous(t), f.session(t, provinceUser)
	for name, resp := range map[string]*http.Response{
		"sign-in page":   anon.get("/signin"),
		"static file":    anon.get("/static/app.js"),
		"redirect":       anon.get("/import"),
		"unknown path":   anon.get("/no/such/page"),
		"signed-in page": province.get("/admin/users"),
		"403 page":       f.session(t, courierUser).get("/admin/users"),
		"API":            province.api("GET", "/api/v1/users", ""),
		"API 401":        anon.api("GET", "/api/v1/users", ""),
		"health":         anon.get("/healthz"),
	} {
		h := resp.Header
		if got := h.Get("Content-Security-Policy"); got != "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'" {
			t.Errorf("%s: CSP %q", name, got)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") != "same-origin" {
			t.Errorf("%s: nosniff %q, referrer policy %q", name, h.Get("X-Content-Type-Options"), h.Get("Referrer-Policy"))
		}
	}
}

// TestNoInlineScriptOrStyle keeps every template within the CSP: no
// inline script, event handler attribute or style attribute.
func TestNoInlineScriptOrStyle(t *testing.T) {
	f := newFixture(t)
	c := f.session(t, provinceUser)
	for _, path := range []string{"/signin", "/password", "/admin/users", "/admin/audit", "/import"} {
		page := body(t, c.get(path))
		for _, bad := range []string{"<script>", " onclick=", " onload=", " onsubmit=", " style="} {
			if strings.Contains(page, bad) {
				t.Errorf("%s contains %q", path, bad)
			}
		}
	}
}

// TestCrossSiteRequestsRefused: a state-changing request signed in by
// cookie needs the session's token and a same-origin browser signal; a
// bearer-token API request needs neither.
func TestCrossSiteRequestsRefused(t *testing.T) {
	f := newFixture(t)
	c := f.session(t, provinceUser)
	lock := "/admin/users/" + spareUser + "/lock"
	send := func(form url.Values, headers map[string]string) int {
		req := c.request("POST", lock, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		for k, v := range headers {
			req.Header.Set(k, v)
		}
		return c.do(req).StatusCode
	}
	for name, tc := range map[string]struct {
		form    url.Values
		headers map[string]string
	}{
		"no token":            {url.Values{}, map[string]string{"Sec-Fetch-Site": "same-origin"}},
		"wrong token":         {url.Values{csrfField: {"forged"}}, map[string]string{"Sec-Fetch-Site": "same-origin"}},
		"another session's":   {url.Values{csrfField: {f.session(t, provinceUser).csrf}}, map[string]string{"Sec-Fetch-Site": "same-origin"}},
		"cross-site fetch":    {url.Values{csrfField: {c.csrf}}, map[string]string{"Sec-Fetch-Site": "cross-site"}},
		"same-site subdomain": {url.Values{csrfField: {c.csrf}}, map[string]string{"Sec-Fetch-Site": "same-site"}},
		"foreign origin":      {url.Values{csrfField: {c.csrf}}, map[string]string{"Origin": "https://evil.example"}},
	} {
		if got := send(tc.form, tc.headers); got != http.StatusForbidden {
			t.Errorf("%s: %d, want 403", name, got)
		}
	}
	if u := f.user(t, spareUser); u.Locked {
		t.Fatal("a refused request locked the account")
	}
	if got := send(url.Values{csrfField: {c.csrf}}, map[string]string{"Origin": f.http.URL}); got != http.StatusOK {
		t.Errorf("same origin with the token: %d", got)
	}
	if !f.user(t, spareUser).Locked {
		t.Error("the accepted request did not lock the account")
	}

	// The API with the session cookie needs the token in a header...
	req := c.request("POST", "/api/v1/users/"+spareUser+"/unlock", nil)
	if resp := c.do(req); resp.StatusCode != http.StatusForbidden {
		t.Errorf("API by cookie without X-CSRF-Token: %d", resp.StatusCode)
	}
	req = c.request("POST", "/api/v1/users/"+spareUser+"/unlock", nil)
	req.Header.Set(csrfHeader, c.csrf)
	if resp := c.do(req); resp.StatusCode != http.StatusOK {
		t.Errorf("API by cookie with X-CSRF-Token: %d", resp.StatusCode)
	}
	// ... and with a bearer token it needs nothing more.
	if resp := c.api("POST", "/api/v1/users/"+spareUser+"/lock", ""); resp.StatusCode != http.StatusOK {
		t.Errorf("API by bearer token: %d", resp.StatusCode)
	}

	// Sign-in CSRF: the sign-in form's token must come with it.
	anon := f.anonymous(t)
	anon.get("/signin")
	if resp := anon.post("/signin", url.Values{"username": {courierUser}, "password": {testPassword}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("sign-in without the form's token: %d", resp.StatusCode)
	}
}

// TestOutputIsEscaped: names from imported data show as text, never as
// markup.
func TestOutputIsEscaped(t *testing.T) {
	f := newFixture(t)
	// Staff names come from the org import, like customer names.
	org := postcrm.Batch{Kind: postcrm.KindOrg,
		Offices: []postcrm.Office{{Code: "13100001", Name: "新华道营业部", City: "唐山市"}},
		Staff:   []postcrm.Staff{{ID: spareUser, Name: script, Role: postcrm.RoleCourier, City: "唐山市", OfficeCode: "13100001"}}}
	if _, err := f.store.Apply(t.Context(), org); err != nil {
		t.Fatal(err)
	}
	courier, province := f.session(t, courierUser), f.session(t, provinceUser)
	for name, resp := range map[string]*http.Response{
		"users page":    province.get("/admin/users"),
		"customer page": courier.get("/customers/CUST-A"), // CUST-A is named <script>alert(1)</script>
		"warnings page": courier.get("/warnings?month=2026-05"),
	} {
		page := body(t, resp)
		if resp.StatusCode != http.StatusOK || strings.Contains(page, script) || !strings.Contains(page, "&lt;script&gt;alert(1)&lt;/script&gt;") {
			t.Errorf("%s (%d): the name with markup is not shown as text", name, resp.StatusCode)
		}
	}
}

// TestMetricsCountPerRoute: /metrics counts requests by route pattern,
// never by path (which would carry customer codes). The handler is
// called directly, so that each request is counted before the next.
func TestMetricsCountPerRoute(t *testing.T) {
	f := newFixture(t)
	cookie := &http.Cookie{Name: sessionCookie, Value: f.session(t, courierUser).bearer}
	serve := func(path string) string {
		req := httptest.NewRequest("GET", path, nil)
		req.RemoteAddr = "127.0.0.1:40000" // /metrics answers this machine
		req.AddCookie(cookie)
		rec := httptest.NewRecorder()
		f.srv.Handler().ServeHTTP(rec, req)
		return rec.Body.String()
	}
	serve("/customers/CUST-A")
	serve("/customers/CUST-B")
	serve("/static/")
	page := serve("/metrics")
	for _, want := range []string{
		`postcrm_http_requests_total{route="GET /customers/{code}",code="200"} 1`,
		`postcrm_http_requests_total{route="GET /customers/{code}",code="404"} 1`,
		`postcrm_http_requests_total{route="GET /static/",code="404"} 1`,
		`postcrm_http_request_duration_seconds_count{route="GET /customers/{code}"} 2`,
		"postcrm_imports_running 0",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	if strings.Contains(page, "CUST-A") {
		t.Error("metrics name a customer")
	}
}

func TestUnknownPathIsTheSitesNotFoundPage(t *testing.T) {
	f := newFixture(t)
	for _, c := range []*client{f.anonymous(t), f.session(t, courierUser)} {
		resp := c.get("/no/such/page")
		if page := body(t, resp); resp.StatusCode != http.StatusNotFound || !strings.Contains(page, `id="error-message"`) {
			t.Errorf("unknown path: %d, want the 404 page", resp.StatusCode)
		}
	}
	if resp := f.anonymous(t).api("GET", "/api/v1/nothing", ""); resp.StatusCode != http.StatusNotFound ||
		!strings.Contains(body(t, resp), `"code":"error.not_found"`) {
		t.Errorf("unknown API path: %d, want a JSON 404", resp.StatusCode)
	}
}

// A client that went away is no server error: the request is logged
// with nginx's 499, and nothing at ERROR level.
func TestClientGoneIsNotAServerError(t *testing.T) {
	var logged bytes.Buffer
	f := newFixture(t)
	srv := New(f.store, Options{Logger: slog.New(slog.NewTextHandler(&logged, nil)), UploadDir: t.TempDir(), Now: f.clock.Now})
	t.Cleanup(srv.Close)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	req := httptest.NewRequestWithContext(ctx, "GET", "/warnings", nil)
	req.AddCookie(&http.Cookie{Name: sessionCookie, Value: f.session(t, courierUser).bearer})
	rec := httptest.NewRecorder()
	srv.Handler().ServeHTTP(rec, req)
	if rec.Code != statusClientClosed {
		t.Errorf("a cancelled request answered %d, want %d", rec.Code, statusClientClosed)
	}
	if strings.Contains(logged.String(), "level=ERROR") || !strings.Contains(logged.String(), "status=499") {
		t.Errorf("log of a cancelled request:\n%s", logged.String())
	}
}
