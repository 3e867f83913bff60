package web

import (
	"encoding/json"
	"errors"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"postcrm/auth"
)

var han = regexp.MustCompile(`\p{Han}`)

// checkRuleMessage: msg says a password rule in lang, with the limit.
func checkRuleMessage(t *testing.T, what, lang, msg, limit string) {
	t.Helper()
	word := map[string]string{"zh": "密码", "en": "password"}[lang]
	if strings.HasPrefix(msg, "password.rule") || han.MatchString(msg) != (lang == "zh") ||
		!strings.Contains(strings.ToLower(msg), word) || !strings.Contains(msg, limit) {
		t.Errorf("%s in %s: %q, want the rule in that language with %q", what, lang, msg, limit)
	}
}

// TestPasswordRuleMessages: every rule auth checks has its message in
// both catalogues.
func TestPasswordRuleMessages(t *testing.T) {
	for _, c := range []struct {
		user, password, limit string
	}{
		{"S1234567", "short", "8"},
		{"S1234567", strings.Repeat("密", 129), "128"},
		{"S1234567", "s1234567", ""},
	} {
		var he *httpError
		if err := passwordRuleError(auth.CheckPasswordRules(c.user, c.password)); !errors.As(err, &he) || he.status != http.StatusBadRequest {
			t.Errorf("password %.10q: %v, want a 400 user error", c.password, err)
			continue
		}
		for _, lang := range []string{"zh", "en"} {
			checkRuleMessage(t, he.key, lang, translate(lang, he.key, he.args...), c.limit)
		}
	}
}

// TestPasswordRulesInBothLanguages: the password form and the API refuse
// a password that breaks a rule in the user's language.
func TestPasswordRulesInBothLanguages(t *testing.T) {
	f := newFixture(t)
	formError := regexp.MustCompile(`<p id="password-error" class="error" role="alert">([^<]*)</p>`)
	for _, lang := range []string{"zh", "en"} {
		c := f.session(t, courierUser)
		resp := c.post("/password?lang="+lang, url.Values{"current": {testPassword}, "new": {"short"}, "confirm": {"short"}})
		m := formError.FindStringSubmatch(body(t, resp))
		if resp.StatusCode != http.StatusBadRequest || m == nil {
			t.Errorf("form in %s: %d, error shown %v", lang, resp.StatusCode, m != nil)
		} else {
			checkRuleMessage(t, "form", lang, html.UnescapeString(m[1]), "8")
		}

		resp = c.api("POST", "/api/v1/password?lang="+lang, `{"current":"`+testPassword+`","new":"short"}`)
		var e apiError
		if err := json.Unmarshal([]byte(body(t, resp)), &e); err != nil || resp.StatusCode != http.StatusBadRequest || e.Code != "password.rule.too_short" {
			t.Errorf("API in %s: %d %+v %v", lang, resp.StatusCode, e, err)
		} else {
			checkRuleMessage(t, "API", lang, e.Error, "8")
		}
	}
}
