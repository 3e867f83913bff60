package web

import (
	"context"
	"encoding/json"
	"html"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"postcrm"
)

// auditActionsOf lists the audit log's actions for user, oldest first.
func auditActionsOf(t *testing.T, f *fixture, user string) []postcrm.AuditAction {
	t.Helper()
	entries, _, err := f.store.AuditLog(context.Background(), postcrm.AuditQuery{User: user})
	if err != nil {
		t.Fatal(err)
	}
	var out []postcrm.AuditAction
	for i := len(entries) - 1; i >= 0; i-- {
		out = append(out, entries[i].Action)
	}
	return out
}

func equalActions(got []postcrm.AuditAction, want ...postcrm.AuditAction) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if got[i] != want[i] {
			return false
		}
	}
	return true
}

func TestSignInSignOut(t *testing.T) {
	onEveryStore(t, func(t *testing.T, f *fixture) {
		c, resp := f.signIn(t, courierUser, "wrong password")
		if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(body(t, resp), "工号或密码不对") {
			t.Fatalf("wrong password: %d", resp.StatusCode)
		}
		if got := c.get("/import"); got.StatusCode != http.StatusSeeOther {
			t.Fatalf("after a failed sign-in /import answered %d, want a redirect", got.StatusCode)
		}

		c, resp = f.signIn(t, courierUser, testPassword)
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/" {
			t.Fatalf("sign-in: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
		}
		cookie := sessionCookieOf(resp)
		if cookie == nil || !cookie.HttpOnly || cookie.SameSite != http.SameSiteLaxMode || cookie.Secure {
			t.Fatalf("session cookie %+v: want HttpOnly, SameSite=Lax, not Secure over plain HTTP", cookie)
		}
		page := body(t, c.get("/password"))
		if !strings.Contains(page, `id="current-user"`) || !strings.Contains(page, "李揽投") {
			t.Error("signed-in page does not show the user")
		}
		if u := f.user(t, courierUser); u.LastSignIn.IsZero() || u.FailedSignIns != 0 {
			t.Errorf("after sign-in: last %v, failures %d", u.LastSignIn, u.FailedSignIns)
		}

		if resp := c.post("/signout", nil); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/signin" {
			t.Fatalf("sign-out: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		// The old cookie is dead in the store, not only in this browser.
		replay := f.anonymous(t)
		u, _ := url.Parse(f.http.URL)
		replay.hc.Jar.SetCookies(u, []*http.Cookie{{Name: sessionCookie, Value: cookie.Value}})
		if got := replay.get("/password"); got.StatusCode != http.StatusSeeOther {
			t.Errorf("replayed session cookie after sign-out: %d", got.StatusCode)
		}
		want := []postcrm.AuditAction{postcrm.AuditSignInFailed, postcrm.AuditSignIn, postcrm.AuditSignOut}
		if got := auditActionsOf(t, f, courierUser); !equalActions(got, want...) {
			t.Errorf("audit log %v, want %v", got, want)
		}
	})
}

func sessionCookieOf(resp *http.Response) *http.Cookie {
	for _, c := range resp.Cookies() {
		if c.Name == sessionCookie {
			return c
		}
	}
	return nil
}

func TestSignInRedirectStaysOnSite(t *testing.T) {
	f := newFixture(t)
	for next, want := range map[string]string{
		"/warnings?kind=churn": "/warnings?kind=churn",
		"//evil.example/":      "/",
		"/\\evil.example":      "/",
		"https://evil.example": "/",
		"/\t/evil.example":     "/",
		"/%09/evil.example":    "/",
		"/%2F/evil.example":    "/",
		"/%5Cevil.example":     "/",
		"/\r\n/evil.example":   "/",
		"/x\\y":                "/",
		"/customers/0013%20a":  "/customers/0013%20a",
	} {
		c := f.anonymous(t)
		c.csrf = csrfOf(t, c.get("/signin?next="+url.QueryEscape(next)))
		resp := c.post("/signin", url.Values{"username": {courierUser}, "password": {testPassword}, "next": {next}})
		if got := resp.Header.Get("Location"); got != want {
			t.Errorf("next=%q: redirected to %q, want %q", next, got, want)
		}
	}
}

// TestSignInFormKeepsOnlyLocalNext: the next the sign-in page carries in
// its form, from the link it was opened with, is already a safe one.
func TestSignInFormKeepsOnlyLocalNext(t *testing.T) {
	f := newFixture(t)
	for raw, want := range map[string]string{"/%09/evil.example": "/", "/warnings": "/warnings"} {
		c := f.anonymous(t)
		resp := c.get("/signin?next=" + raw)
		page := body(t, resp)
		m := regexp.MustCompile(`name="next" value="([^"]*)"`).FindStringSubmatch(page)
		if m == nil {
			t.Fatalf("next=%s: no next field in the form", raw)
		}
		next := html.UnescapeString(m[1])
		if next != want {
			t.Errorf("next=%s: the form carries %q, want %q", raw, next, want)
		}
		c.csrf = csrfInput.FindStringSubmatch(page)[1]
		resp = c.post("/signin", url.Values{"username": {courierUser}, "password": {testPassword}, "next": {next}})
		if got := resp.Header.Get("Location"); got != want {
			t.Errorf("next=%s: redirected to %q, want %q", raw, got, want)
		}
	}
}

func TestSessionExpires(t *testing.T) {
	f := newFixture(t)
	c := f.session(t, courierUser)
	if resp := c.get("/password"); resp.StatusCode != http.StatusOK {
		t.Fatalf("fresh session: %d", resp.StatusCode)
	}
	f.clock.Advance(f.srv.opts.SessionTTL - time.Minute)
	if resp := c.get("/password"); resp.StatusCode != http.StatusOK {
		t.Fatalf("session before its expiry: %d", resp.StatusCode)
	}
	f.clock.Advance(2 * time.Minute)
	if resp := c.get("/password"); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("expired session: %d, want a redirect to sign in", resp.StatusCode)
	}
	if resp := c.api("GET", "/api/v1/me", ""); resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("expired bearer token: %d, want 401", resp.StatusCode)
	}
}

// from is a client whose requests come from the loopback address ip,
// which the server sees as another client address than the others'.
func (f *fixture) from(t *testing.T, ip string) *client {
	c := f.anonymous(t)
	dialer := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}}
	c.hc.Transport = &http.Transport{DialContext: dialer.DialContext}
	return c
}

// signInFrom signs in through the form from the loopback address ip, in
// a new browser, and returns the answer's status and the message it shows.
func (f *fixture) signInFrom(t *testing.T, ip, name, password string) (int, string) {
	t.Helper()
	c := f.from(t, ip)
	form := c.get("/signin")
	page := body(t, form)
	m := csrfInput.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("the sign-in form: %d %s", form.StatusCode, page)
	}
	c.csrf = m[1]
	resp := c.post("/signin", url.Values{"username": {name}, "password": {password}})
	m = regexp.MustCompile(`(?s)<p id="signin-error" class="error"[^>]*>(.*?)</p>`).FindStringSubmatch(body(t, resp))
	if m == nil {
		return resp.StatusCode, ""
	}
	return resp.StatusCode, strings.TrimSpace(m[1])
}

// TestSignInFailuresReadTheSame: an unknown name, a wrong password and an
// account an administrator locked all get the same answer, and so do
// their fifth failures from one address; only the right password tells a
// locked account's owner why. The pause holds that name at that address
// only: the owner signs in from another, and an administrator's unlock
// lifts it.
func TestSignInFailuresReadTheSame(t *testing.T) {
	onEveryStore(t, func(t *testing.T, f *fixture) {
		admin := f.session(t, provinceUser)
		if resp := admin.post("/admin/users/"+otherCourier+"/lock", nil); resp.StatusCode != http.StatusOK {
			t.Fatalf("lock: %d", resp.StatusCode)
		}
		const attacker, owner = "127.0.0.2", "127.0.0.3"
		type answer struct {
			status  int
			message string
		}
		var first []answer
		for _, name := range []string{"NOBODY", officeUser, otherCourier} {
			var got []answer
			for i := range 6 {
				status, message := f.signInFrom(t, attacker, name, "guess-"+string(rune('a'+i)))
				got = append(got, answer{status, message})
			}
			if name == "NOBODY" {
				first = got
				if got[0].status != http.StatusUnauthorized || got[4].status != http.StatusTooManyRequests || got[5] != got[4] {
					t.Fatalf("an unknown name's six failures: %v", got)
				}
				continue
			}
			if !slices.Equal(got, first) {
				t.Errorf("%s's failures %v, an unknown name's %v", name, got, first)
			}
		}
		// Paused from here, the right password is refused like a wrong one.
		if status, message := f.signInFrom(t, attacker, officeUser, testPassword); status != first[5].status || message != first[5].message {
			t.Errorf("the right password from the paused address: %d %q", status, message)
		}

		if status, message := f.signInFrom(t, owner, officeUser, testPassword); status != http.StatusSeeOther {
			t.Errorf("the owner from another address: %d %q", status, message)
		}
		if status, message := f.signInFrom(t, owner, otherCourier, testPassword); status != http.StatusForbidden || message != zhMessages["signin.disabled"] {
			t.Errorf("a locked account's right password: %d %q, want why", status, message)
		}
		if status, _ := f.signInFrom(t, owner, otherCourier, "wrong"); status != http.StatusUnauthorized {
			t.Errorf("a locked account's wrong password: %d", status)
		}

		if resp := admin.post("/admin/users/"+otherCourier+"/unlock", nil); resp.StatusCode != http.StatusOK {
			t.Fatalf("unlock: %d", resp.StatusCode)
		}
		if status, message := f.signInFrom(t, attacker, otherCourier, testPassword); status != http.StatusSeeOther {
			t.Errorf("after the unlock, from the paused address: %d %q", status, message)
		}
		f.clock.Advance(15*time.Minute + time.Second)
		if status, _ := f.signInFrom(t, attacker, officeUser, "guess-again"); status != http.StatusTooManyRequests {
			t.Errorf("after the pause, another failure from the same address: %d, want paused again", status)
		}
		entries, _, err := f.store.AuditLog(context.Background(), postcrm.AuditQuery{User: officeUser, Action: postcrm.AuditSignInFailed})
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != 8 || !strings.Contains(entries[0].Detail, "paused") || entries[0].Addr != "127.0.0.2" {
			t.Errorf("%d failed sign-ins audited (want 8), newest %+v", len(entries), entries[0])
		}
	})
}

func TestSignInRateLimitPerAddress(t *testing.T) {
	f := newFixture(t)
	limited := 0
	for i := range 30 {
		// Different (unknown) names, so that no account's lock-out is
		// what stops them.
		_, resp := f.signIn(t, "X"+string(rune('A'+i)), "whatever")
		if resp.StatusCode == http.StatusTooManyRequests {
			limited++
		}
	}
	if limited != 10 {
		t.Errorf("%d of 30 rapid attempts refused, want the 10 beyond the burst of 20", limited)
	}
	f.clock.Advance(time.Minute)
	if _, resp := f.signIn(t, courierUser, testPassword); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("a minute later: %d", resp.StatusCode)
	}
}

func TestForcedPasswordChange(t *testing.T) {
	onEveryStore(t, func(t *testing.T, f *fixture) {
		u := f.user(t, cityUser)
		u.MustChangePassword = true
		if err := f.store.UpdateUser(context.Background(), u); err != nil {
			t.Fatal(err)
		}
		other := f.session(t, cityUser) // signed in elsewhere before the change
		c, resp := f.signIn(t, cityUser, testPassword)
		if resp.Header.Get("Location") != "/password" {
			t.Fatalf("sign-in with a must-change password went to %q", resp.Header.Get("Location"))
		}
		if resp := c.get("/import"); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/password" {
			t.Errorf("another page before the change: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		if resp := other.api("GET", "/api/v1/imports", ""); resp.StatusCode != http.StatusForbidden ||
			!strings.Contains(body(t, resp), "error.must_change_password") {
			t.Errorf("API before the change: %d", resp.StatusCode)
		}
		page := body(t, c.get("/password"))
		if !strings.Contains(page, `id="password-forced"`) || strings.Contains(page, `id="nav"`) {
			t.Error("the forced change form should say why and show no navigation")
		}
		for _, bad := range []url.Values{
			{"current": {"nope-nope-1"}, "new": {"Another-pass-1"}, "confirm": {"Another-pass-1"}},
			{"current": {testPassword}, "new": {"Another-pass-1"}, "confirm": {"Another-pass-2"}},
			{"current": {testPassword}, "new": {"short"}, "confirm": {"short"}},
			{"current": {testPassword}, "new": {cityUser}, "confirm": {cityUser}},
			{"current": {testPassword}, "new": {testPassword}, "confirm": {testPassword}},
		} {
			if resp := c.post("/password", bad); resp.StatusCode != http.StatusBadRequest {
				t.Errorf("password change %v: %d, want 400", bad, resp.StatusCode)
			}
		}
		resp = c.post("/password", url.Values{"current": {testPassword}, "new": {"Another-pass-1"}, "confirm": {"Another-pass-1"}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("password change: %d", resp.StatusCode)
		}
		if resp := c.get("/import"); resp.StatusCode != http.StatusOK {
			t.Errorf("after the change: %d", resp.StatusCode)
		}
		if resp := other.get("/import"); resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/signin") {
			t.Errorf("the other session after the change: %d %s, want signed out", resp.StatusCode, resp.Header.Get("Location"))
		}
		if _, resp := f.signIn(t, cityUser, "Another-pass-1"); resp.Header.Get("Location") != "/" {
			t.Errorf("sign-in with the new password went to %q", resp.Header.Get("Location"))
		}
		if got := auditActionsOf(t, f, cityUser); !equalActions(got, postcrm.AuditSignIn, postcrm.AuditPasswordChange, postcrm.AuditSignIn) {
			t.Errorf("audit log %v", got)
		}
	})
}

func TestAPISignInWithBearerToken(t *testing.T) {
	f := newFixture(t)
	anon := f.anonymous(t)
	if resp := anon.api("POST", "/api/v1/session", `{"username":"K001","password":"nope"}`); resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("wrong password: %d", resp.StatusCode)
	}
	resp := anon.api("POST", "/api/v1/session", `{"username":"K001","password":"`+testPassword+`"}`)
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("API sign-in: %d %s", resp.StatusCode, body(t, resp))
	}
	var sess sessionJSON
	if err := json.NewDecoder(resp.Body).Decode(&sess); err != nil {
		t.Fatal(err)
	}
	if sess.Token == "" || sess.User.Role != postcrm.RoleCourier || !sess.ExpiresAt.Equal(f.clock.Now().Add(12*time.Hour)) {
		t.Fatalf("session answer %+v", sess)
	}
	c := f.anonymous(t)
	c.bearer = sess.Token
	if resp := c.api("GET", "/api/v1/me", ""); resp.StatusCode != http.StatusOK || !strings.Contains(body(t, resp), `"name":"K001"`) {
		t.Errorf("/api/v1/me with the token: %d", resp.StatusCode)
	}
	// A bearer token is for the API: a page does not take it.
	req := c.request("GET", "/password", nil)
	req.Header.Set("Authorization", "Bearer "+sess.Token)
	if resp := c.do(req); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("page with a bearer token: %d, want a redirect to sign in", resp.StatusCode)
	}
	if resp := c.api("DELETE", "/api/v1/session", ""); resp.StatusCode != http.StatusNoContent {
		t.Errorf("API sign-out: %d", resp.StatusCode)
	}
	if resp := c.api("GET", "/api/v1/me", ""); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("token after sign-out: %d", resp.StatusCode)
	}
}

func TestLanguageSwitch(t *testing.T) {
	f := newFixture(t)
	c := f.anonymous(t)
	if page := body(t, c.get("/signin")); !strings.Contains(page, "登录") || !strings.Contains(page, `lang="zh-CN"`) {
		t.Error("default language is not Chinese")
	}
	if page := body(t, c.get("/signin?lang=en")); !strings.Contains(page, "Sign in") || !strings.Contains(page, `href="/signin?lang=zh"`) {
		t.Error("?lang=en did not switch to English")
	}
	if page := body(t, c.get("/signin")); !strings.Contains(page, "Staff ID") {
		t.Error("the language choice is not remembered")
	}
}

// TestSecureCookiesBehindATLSProxy: with SecureCookies the cookies are
// Secure even though the proxy speaks plain HTTP to the server.
func TestSecureCookiesBehindATLSProxy(t *testing.T) {
	f := newFixture(t)
	for _, secure := range []bool{false, true} {
		f.srv.opts.SecureCookies = secure
		rec := httptest.NewRecorder()
		f.srv.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/signin?lang=en", nil))
		cookies := rec.Result().Cookies()
		if len(cookies) != 2 {
			t.Fatalf("sign-in form set %d cookies, want the language and the form token", len(cookies))
		}
		for _, c := range cookies {
			if c.Secure != secure {
				t.Errorf("SecureCookies %v: cookie %s Secure=%v", secure, c.Name, c.Secure)
			}
		}
	}
}
