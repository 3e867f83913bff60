package e2e

import (
	"net/http"
	"strings"
	"testing"

	"postcrm"
)

// TestPolicyRegisterByRole: the register as province staff, a city
// manager and a courier, on a desk and a phone: the list, the drafting
// form (every column of the register; a form sent empty is refused with a
// message beside each field at fault) and one adjustment with its steps.
// A courier reads the approved adjustments but drafts none. Screenshots
// of each.
func TestPolicyRegisterByRole(t *testing.T) {
	s, browser, shots := browserSite(t)
	for _, who := range []struct {
		name   string
		role   postcrm.Role
		drafts bool
	}{{"province", postcrm.RoleProvinceAdmin, true}, {"city", postcrm.RoleCityManager, true}, {"courier", postcrm.RoleCourier, false}} {
		a := s.accounts[who.role]
		for _, sc := range []screen{desktop, phone} {
			tb := newTab(t, browser, s.URL, shots, "policy-"+who.name)
			tb.resize(sc)
			s.signIn(tb, a, a.Password)
			if status := tb.open("/policy"); status != http.StatusOK {
				t.Fatalf("%s %s: the register answered %d", who.name, sc.name, status)
			}
			if !tb.fitsWidth() {
				t.Errorf("%s %s: the register is wider than the screen", who.name, sc.name)
			}
			tb.screenshot("list-" + sc.name)
			if status := tb.open("/policy/TZ-DEMO-1"); status != http.StatusOK {
				t.Errorf("%s %s: the demo's approved adjustment answered %d", who.name, sc.name, status)
			}
			if n := eval[int](tb, `document.querySelectorAll('#policy-steps li[data-step="drafted"], #policy-steps li[data-step="submitted"], #policy-steps li[data-step="approved"]').length`); n != 3 {
				t.Errorf("%s %s: the demo's adjustment shows %d of its drafted, submitted and approved steps", who.name, sc.name, n)
			}
			if !eval[bool](tb, `[...document.querySelectorAll('#policy-steps li')].every(li => li.getBoundingClientRect().right <= window.innerWidth)`) {
				t.Errorf("%s %s: the steps run off the screen", who.name, sc.name)
			}
			if !tb.fitsWidth() {
				t.Errorf("%s %s: the adjustment's page is wider than the screen", who.name, sc.name)
			}
			tb.screenshot("adjustment-" + sc.name)
			if !who.drafts {
				tb.expectFailure("/policy/new")
				if status := tb.open("/policy/new"); status != http.StatusForbidden {
					t.Errorf("a courier opening the drafting form: %d, want 403", status)
				}
				continue
			}
			if status := tb.open("/policy/new"); status != http.StatusOK {
				t.Fatalf("%s %s: the drafting form answered %d", who.name, sc.name, status)
			}
			form := tb.text("#policy-form")
			for _, col := range []string{"编号", "范围", "类型", "寄达省", "产品", "开始日期", "结束日期", "原因"} {
				if !strings.Contains(form, col) {
					t.Errorf("%s %s: the form lacks %s", who.name, sc.name, col)
				}
			}
			if !tb.fitsWidth() {
				t.Errorf("%s %s: the form is wider than the screen", who.name, sc.name)
			}
			tb.screenshot("form-" + sc.name)
			tb.expectFailure("/policy")
			tb.fill(map[string]string{"#a-provinces": "火星"})
			// A date field is set as a value: typed keys follow the
			// browser's locale order.
			eval[bool](tb, `document.querySelector('#a-from').value = '2026-12-10'; document.querySelector('#a-to').value = '2026-12-01'; true`)
			if status := tb.submit("#a-save"); status != http.StatusBadRequest {
				t.Errorf("%s %s: a bad form answered %d, want 400", who.name, sc.name, status)
			}
			for _, id := range []string{"#a-id-error", "#a-scope-error", "#a-provinces-error", "#a-to-error"} {
				if msg := tb.text(id); msg == "" || strings.ContainsAny(msg, "abcdefghijklmnopqrstuvwxyz") {
					t.Errorf("%s %s: beside %s: %q, want a Chinese message", who.name, sc.name, id, msg)
				}
			}
			if msg := tb.text("#a-to-error"); !strings.Contains(msg, "早于") {
				t.Errorf("%s %s: the last day before the first: %q", who.name, sc.name, msg)
			}
			tb.screenshot("refused-" + sc.name)
			tb.checkConsole()
		}
	}
}
