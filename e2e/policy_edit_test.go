package e2e

import (
	"net/http"
	"strings"
	"testing"

	"postcrm"
)

// TestPolicyDraftEditInChromium: the province opens the demo's waiting
// 石家庄市 draft, edits it on the drafting form (an unknown product is
// refused beside the field) and saves it; the form fits a phone; another
// city's manager is offered no edit. Screenshots of the form at 1366 and
// 390 px.
func TestPolicyDraftEditInChromium(t *testing.T) {
	s, browser, shots := browserSite(t)
	prov, city := s.accounts[postcrm.RoleProvinceAdmin], s.accounts[postcrm.RoleCityManager]
	for _, sc := range []screen{desktop, phone} {
		tb := newTab(t, browser, s.URL, shots, "policy-edit-province")
		tb.resize(sc)
		s.signIn(tb, prov, prov.Password)
		tb.open("/policy/TZ-DEMO-2")
		if status := tb.submit("#policy-edit"); status != http.StatusOK || tb.path() != "/policy/TZ-DEMO-2/edit" {
			t.Fatalf("%s: the edit link went to %s (%d)", sc.name, tb.path(), status)
		}
		if !tb.fitsWidth() {
			t.Errorf("%s: the edit form is wider than the screen", sc.name)
		}
		tb.screenshot("form-" + sc.name)
		if sc.phone {
			continue
		}
		tb.expectFailure("/policy/TZ-DEMO-2/edit") // the refusal's 400
		tb.fill(map[string]string{"#a-reason": "航空运力管控，延长", "#a-products": "特快专递、火星快递"})
		if status := tb.submit("#a-save"); status != http.StatusBadRequest || !strings.Contains(tb.text("#a-products-error"), "有产品在收寄明细里没有") {
			t.Errorf("an unknown product: %d, want 400 with the message beside the field", status)
		}
		tb.screenshot("refused-" + sc.name)
		tb.fill(map[string]string{"#a-products": "特快专递"})
		if status := tb.submit("#a-save"); status != http.StatusOK || !strings.HasSuffix(tb.path(), "?done=edited") {
			t.Fatalf("saving the edit went to %s (%d)", tb.path(), status)
		}
		if got := tb.text("#policy-done"); !strings.Contains(got, "草稿已修改") {
			t.Errorf("the confirmation reads %q", got)
		}
		tb.checkConsole()
	}
	if city.City != "石家庄市" {
		other := newTab(t, browser, s.URL, shots, "policy-edit-city")
		other.resize(desktop)
		s.signIn(other, city, city.Password)
		other.expectFailure("/policy/TZ-DEMO-2/edit")
		if status := other.open("/policy/TZ-DEMO-2/edit"); status != http.StatusNotFound {
			t.Errorf("%s's manager opening 石家庄市's draft: %d, want 404", city.City, status)
		}
	}
}
