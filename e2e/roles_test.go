package e2e

import (
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"postcrm"
)

// navOf is what each role's navigation must link to; every other link in
// this list must be missing from the role's navigation and answer 403.
// Links not listed here (pages added later) are visited but not judged.
var navOf = map[postcrm.Role][]string{
	postcrm.RoleCourier:       {"/", "/warnings"},
	postcrm.RoleOfficeManager: {"/", "/warnings", "/walkins"},
	postcrm.RoleCityManager:   {"/", "/warnings", "/walkins", "/import"},
	postcrm.RoleProvinceAdmin: {"/", "/warnings", "/walkins", "/import", "/admin/users", "/admin/audit", "/admin/notices"},
}

// Roles in the order they work: the province comes last, so that its
// audit log holds the others' sign-ins.
var roles = []postcrm.Role{postcrm.RoleCourier, postcrm.RoleOfficeManager, postcrm.RoleCityManager, postcrm.RoleProvinceAdmin}

func TestEveryRoleInChromium(t *testing.T) {
	s, browser, shots := browserSite(t)
	t.Logf("screenshots in %s", shots)
	for _, role := range roles {
		t.Run(string(role), func(t *testing.T) {
			a := s.accounts[role]
			tb := newTab(t, browser, s.URL, shots, string(role))
			tb.resize(desktop)
			tb.open("/signin")
			tb.screenshot("signin")
			s.signIn(tb, a, a.Password)
			s.visitEveryPage(tb, a)
			s.checkEveryPageFits(tb, a)
			s.checkWarnings(tb, a)
			s.checkCustomers(tb, a)
			s.switchLanguage(tb)
			if role == postcrm.RoleProvinceAdmin {
				s.checkAuditLog(tb)
			}
			password := s.changePassword(tb, a)
			s.signOut(tb)
			s.signIn(tb, a, password)
			tb.checkConsole()
		})
	}
}

// signIn opens /warnings signed out, is sent to the sign-in form, signs
// in there and lands on the list it asked for.
func (s *site) signIn(tb *tab, a account, password string) {
	t := tb.t
	t.Helper()
	tb.open("/warnings")
	if p := tb.path(); !strings.HasPrefix(p, "/signin?next=") {
		t.Fatalf("%s: anonymous /warnings went to %s, not the sign-in form", a, p)
	}
	tb.fill(map[string]string{"#username": a.Name, "#password": password})
	if status := tb.submit("#signin-submit"); status != http.StatusOK || tb.path() != "/warnings" {
		t.Fatalf("%s: signing in went to %s (%d), not back to /warnings", a, tb.path(), status)
	}
	if who := tb.text("#current-user"); !strings.Contains(who, a.Name) {
		t.Errorf("%s: the header shows %q, not the user", a, who)
	}
}

// changePassword goes to the form through the header's link, submits a
// mistyped confirmation (400, with the reason shown) and then the new
// password, and returns it.
func (s *site) changePassword(tb *tab, a account) string {
	t := tb.t
	t.Helper()
	tb.open("/")
	tb.submit("#change-password")
	tb.screenshot("password")
	next := "e2e-" + string(a.Role) + "-2026"
	tb.fill(map[string]string{"#current": a.Password, "#new": next, "#confirm": next + "x"})
	tb.expectFailure("/password")
	if status := tb.submit("#password-submit"); status != http.StatusBadRequest {
		t.Errorf("%s: a mistyped confirmation answered %d, want 400", a, status)
	}
	tb.text("#password-error")
	tb.fill(map[string]string{"#current": a.Password, "#new": next, "#confirm": next})
	if status := tb.submit("#password-submit"); status != http.StatusOK || tb.path() != "/" {
		t.Fatalf("%s: changing the password went to %s (%d), not the dashboard", a, tb.path(), status)
	}
	return next
}

// visitEveryPage opens every page of the role's navigation at desktop and
// phone width, and checks the navigation against what the role may use.
func (s *site) visitEveryPage(tb *tab, a account) {
	t := tb.t
	t.Helper()
	nav := eval[[]string](tb, `[...document.querySelectorAll("#nav a")].map(a => a.getAttribute("href"))`)
	want := navOf[a.Role]
	for _, href := range navOf[postcrm.RoleProvinceAdmin] {
		switch has, may := slices.Contains(nav, href), slices.Contains(want, href); {
		case may && !has:
			t.Errorf("%s: the navigation lacks %s: %v", a, href, nav)
		case !may && has:
			t.Errorf("%s: the navigation links to %s, which the role may not use", a, href)
		case !may:
			tb.probe(href, http.StatusForbidden)
		}
	}
	for _, href := range nav {
		for _, sc := range []screen{desktop, phone} {
			tb.resize(sc)
			if status := tb.open(href); status != http.StatusOK {
				t.Errorf("%s: %s answered %d", a, href, status)
			}
			for _, problem := range eval[[]string](tb, pageChecks) {
				t.Errorf("%s: %s at %d px: %s", a, href, sc.width, problem)
			}
			tb.screenshot(pageName(href) + "-" + sc.name)
			if sc.phone && href == "/" {
				tb.openPhoneMenu()
			}
		}
	}
	tb.resize(desktop)
	tb.probe("/admin", http.StatusNotFound)
}

// openPhoneMenu: on a phone the navigation folds behind the menu button,
// and a tap on it must show the links.
func (tb *tab) openPhoneMenu() {
	tb.t.Helper()
	tb.do("tapping the menu", chromedp.Click(chromedp.CSS(`label[for="nav-toggle"]`)))
	if !eval[bool](tb, `document.querySelector("#nav").getBoundingClientRect().height > 0`) {
		tb.t.Errorf("%s: tapping the menu button does not show the navigation", tb.who)
	}
	tb.screenshot("menu-phone")
}

func pageName(href string) string {
	name := strings.NewReplacer("/", "-", "?", "-", "=", "-", "&", "-").Replace(strings.Trim(href, "/"))
	if name == "" {
		return "dashboard"
	}
	return name
}

// checkWarnings compares the warnings list with the store: exactly the
// scope's warnings of the month, highest revenue at risk first, nothing
// from outside the scope.
func (s *site) checkWarnings(tb *tab, a account) {
	t := tb.t
	t.Helper()
	want := s.inScope(a.User)
	if len(want) == 0 {
		t.Fatalf("%s: the demo gives this role no warnings to see", a)
	}
	if status := tb.open(fmt.Sprintf("/warnings?month=%s", demoEnd)); status != http.StatusOK {
		t.Fatalf("%s: the warnings page answered %d", a, status)
	}
	if total := tb.text("#warnings-total"); strings.ReplaceAll(number.FindString(total), ",", "") != strconv.Itoa(len(want)) {
		t.Errorf("%s: the warnings total reads %q, want %d warnings", a, total, len(want))
	}
	shown := eval[[]int64](tb, `[...document.querySelectorAll("tr[data-warning]")].map(r => Number(r.dataset.warning))`)
	if len(shown) == 0 || len(shown) > len(want) {
		t.Fatalf("%s: the list shows %d warnings of the %d in scope", a, len(shown), len(want))
	}
	for i, id := range shown {
		if id != want[i].ID {
			t.Errorf("%s: row %d is warning %d, want %d (revenue at risk %d fen)", a, i+1, id, want[i].ID, want[i].RevenueAtRiskFen)
			break
		}
	}
	tb.screenshot("warnings-" + demoEnd)
}

// checkCustomers opens a customer the role holds and, by URL and by API,
// customers it does not, which must be indistinguishable from missing ones.
func (s *site) checkCustomers(tb *tab, a account) {
	t := tb.t
	t.Helper()
	var mine string
	for _, w := range s.inScope(a.User) {
		if w.CustomerCode != "" {
			mine = w.CustomerCode
			break
		}
	}
	if mine != "" {
		if status := tb.open("/customers/" + mine); status != http.StatusOK {
			t.Errorf("%s: own customer %s answered %d", a, mine, status)
		} else if code := tb.text("#customer-code"); code != mine {
			t.Errorf("%s: /customers/%s shows customer %q", a, mine, code)
		}
		tb.screenshot("customer")
	}
	for _, other := range s.outOfScope(t, a) {
		tb.probe("/customers/"+other, http.StatusNotFound)
		tb.text("#error-message")
		tb.expectFailure("/api/v1/customers/" + other)
		status := eval[int](tb, fmt.Sprintf(`fetch("/api/v1/customers/%s").then(r => r.status)`, other))
		if status != http.StatusNotFound {
			t.Errorf("%s: the API gave customer %s with status %d, want 404", a, other, status)
		}
	}
}

// outOfScope picks customers just outside the role's scope: a colleague's
// customer in the courier's own office, another office of the same city,
// another city.
func (s *site) outOfScope(t *testing.T, a account) []string {
	otherOffice := func(c postcrm.Customer) bool { return c.OfficeCode != a.OfficeCode }
	otherCity := func(c postcrm.Customer) bool { return s.offices[c.OfficeCode].City != a.City }
	switch a.Role {
	case postcrm.RoleCourier:
		return []string{
			s.customerWhere(t, "of a colleague", func(c postcrm.Customer) bool {
				return c.OfficeCode == a.OfficeCode && c.OwnerStaffID != a.Name
			}),
			s.customerWhere(t, "of another office", otherOffice),
		}
	case postcrm.RoleOfficeManager:
		return []string{s.customerWhere(t, "of another office", otherOffice)}
	case postcrm.RoleCityManager:
		return []string{s.customerWhere(t, "of another city", otherCity)}
	}
	return nil
}

var (
	han    = regexp.MustCompile(`\p{Han}`)
	number = regexp.MustCompile(`\d[\d,]*`)
)

// switchLanguage switches the page to English and back with the header's
// link; the English navigation must hold no Chinese.
func (s *site) switchLanguage(tb *tab) {
	t := tb.t
	t.Helper()
	tb.open("/")
	tb.submit("#lang-switch")
	if lang := eval[string](tb, `document.documentElement.lang`); lang != "en" {
		t.Fatalf("%s: after the language switch the page is in %q", tb.who, lang)
	}
	if nav := tb.text("#nav"); han.MatchString(nav) {
		t.Errorf("%s: the English navigation reads %q", tb.who, nav)
	}
	tb.resize(phone)
	tb.screenshot("dashboard-en-phone")
	tb.resize(desktop)
	tb.open("/warnings")
	tb.screenshot("warnings-en-desktop")
	tb.submit("#lang-switch")
	if lang := eval[string](tb, `document.documentElement.lang`); lang != "zh-CN" {
		t.Errorf("%s: switching back left the page in %q", tb.who, lang)
	}
}

// checkAuditLog: the province sees the other roles' sign-ins.
func (s *site) checkAuditLog(tb *tab) {
	t := tb.t
	t.Helper()
	if status := tb.open("/admin/audit"); status != http.StatusOK {
		t.Fatalf("the audit log answered %d", status)
	}
	page := tb.text("#main")
	for _, role := range roles {
		if id := s.accounts[role].Name; !strings.Contains(page, id) {
			t.Errorf("the audit log does not show %s %s", role, id)
		}
	}
}

// signOut signs out with the header's button; the session must be gone.
func (s *site) signOut(tb *tab) {
	t := tb.t
	t.Helper()
	tb.open("/")
	tb.submit("#signout")
	if p := tb.path(); p != "/signin" {
		t.Errorf("%s: signing out went to %s", tb.who, p)
	}
	tb.open("/warnings")
	if p := tb.path(); !strings.HasPrefix(p, "/signin") {
		t.Errorf("%s: after signing out /warnings went to %s", tb.who, p)
	}
}
