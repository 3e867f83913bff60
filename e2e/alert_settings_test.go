package e2e

import (
	"net/http"
	"strings"
	"testing"

	"postcrm"
)

// TestAlertSettingsInChromium: the province sets the early alerts'
// levels on the effect page, beside the follow-up settings: a level out
// of range is refused with its reason, a good one saved and shown. The
// form fits a phone. Screenshots at 1366 and 390 px.
func TestAlertSettingsInChromium(t *testing.T) {
	s, browser, shots := browserSite(t)
	prov := s.accounts[postcrm.RoleProvinceAdmin]
	for _, sc := range []screen{desktop, phone} {
		tb := newTab(t, browser, s.URL, shots, "alert-settings")
		tb.resize(sc)
		s.signIn(tb, prov, prov.Password)
		if status := tb.open("/followup/effect"); status != http.StatusOK {
			t.Fatalf("%s: the effect page answered %d", sc.name, status)
		}
		if !tb.fitsWidth() {
			t.Errorf("%s: the effect page is wider than the screen", sc.name)
		}
		tb.screenshot("effect-" + sc.name)
		if sc.phone {
			continue
		}
		tb.expectFailure("/followup/effect/alert-settings")
		tb.fill(map[string]string{"#a-silent": "0.7"})
		if status := tb.submit("#a-submit"); status != http.StatusBadRequest || !strings.Contains(tb.text("#a-silent-error"), "预警概率水平应大于 0、小于 0.5") {
			t.Errorf("a level of 0.7: %d, want 400 with the reason beside the field", status)
		}
		if got := eval[string](tb, `document.querySelector('#a-silent').value`); got != "0.7" {
			t.Errorf("after the refusal the field reads %q, want what was entered", got)
		}
		tb.screenshot("refused-" + sc.name)
		tb.open("/followup/effect")
		tb.fill(map[string]string{"#a-silent": "0.0005"})
		if status := tb.submit("#a-submit"); status != http.StatusOK || !strings.HasPrefix(tb.path(), "/followup/effect") {
			t.Fatalf("saving a level of 0.0005 went to %s (%d)", tb.path(), status)
		}
		if got := eval[string](tb, `document.querySelector('#a-silent').value`); got != "0.0005" {
			t.Errorf("the saved level reads %q", got)
		}
		if !strings.Contains(tb.text("#effect-done"), "提前预警设置已保存") {
			t.Errorf("no confirmation after saving")
		}
		tb.checkConsole()
	}
}
