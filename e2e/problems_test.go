package e2e

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"postcrm"
)

// TestProblemInChromium is the problem list's story on the demo: the
// province writes a PDCA conclusion on the follow-up effect page and
// raises it as a problem in one step (the form comes prefilled), for the
// courier's office, watching the office's warnings count; the courier
// finds it in their work list on a phone, claims it, adds a measure,
// starts, finishes the measure and submits with evidence; the office
// manager's closing without evidence is refused beside the field, and
// with evidence (the target met) closes it. Screenshots at 1366 and
// 390 px as each role.
func TestProblemInChromium(t *testing.T) {
	s, browser, shots := browserSite(t)
	p, c, m, city := s.accounts[postcrm.RoleProvinceAdmin], s.accounts[postcrm.RoleCourier], s.accounts[postcrm.RoleOfficeManager], s.accounts[postcrm.RoleCityManager]
	due := postcrm.DateOf(time.Now()).AddDays(14).String()

	prov := newTab(t, browser, s.URL, shots, "problem-province")
	prov.resize(desktop)
	s.signIn(prov, p, p.Password)
	prov.open("/followup/effect")
	typeIn(prov, "#act-note", "新签客户起量慢，营业部要专人盯")
	if status := prov.submit("#act-submit"); status != http.StatusOK {
		t.Fatalf("adding the conclusion: %d", status)
	}
	if n := eval[int](prov, `document.querySelectorAll("#act-notes .open-problem").length`); n != 1 {
		t.Fatalf("%d 立为问题 links beside the conclusions", n)
	}
	prov.screenshot("effect-desktop")
	if status := prov.submit("#act-notes .open-problem"); status != http.StatusOK {
		t.Fatalf("opening the prefilled form: %d", status)
	}
	prefilled := eval[[]string](prov, `[document.getElementById("p-title").value, document.querySelector("input[name=source]:checked")?.value]`)
	if len(prefilled) != 2 || prefilled[0] != "新签客户起量慢，营业部要专人盯" || prefilled[1] != "pdca" {
		t.Errorf("the form is prefilled with %q", prefilled)
	}
	prov.do("choosing the courier's office, the courier and the watched figure",
		chromedp.SetValue(chromedp.CSS("#p-unit"), "office:"+c.OfficeCode),
		chromedp.SetValue(chromedp.CSS("#p-figure"), "warnings"),
		chromedp.SetValue(chromedp.CSS("#p-direction"), "at_most"),
		chromedp.SetValue(chromedp.CSS("#p-due"), due))
	typeIn(prov, "#p-owner", c.Name)
	typeIn(prov, "#p-target", "60")
	prov.screenshot("form-desktop")
	if status := prov.submit("#p-submit"); status != http.StatusOK || !strings.HasSuffix(prov.path(), "?done=raised") {
		t.Fatalf("raising went to %s (%d)", prov.path(), status)
	}
	problemPath := strings.TrimSuffix(prov.path(), "?done=raised")
	if got := prov.text("#problem-state"); got != "提出" {
		t.Errorf("a new problem's state reads %q", got)
	}
	if n := eval[int](prov, `document.querySelectorAll("#watch-chart svg").length`); n != 1 {
		t.Errorf("%d trend charts on the problem's page", n)
	}
	prov.screenshot("raised-desktop")
	prov.checkConsole()

	courier := newTab(t, browser, s.URL, shots, "problem-courier")
	courier.resize(phone)
	s.signIn(courier, c, c.Password)
	courier.open("/problems/mine")
	if got := courier.text("#mine-problems"); !strings.Contains(got, "新签客户起量慢") {
		t.Errorf("the courier's work list reads %q", got)
	}
	courier.screenshot("mine-phone")
	courier.open(problemPath)
	step := func(tb *tab, button string, want string) {
		t.Helper()
		if status := tb.submit(button); status != http.StatusOK || !strings.HasSuffix(tb.path(), "?done="+want) {
			t.Fatalf("%s went to %s (%d)", button, tb.path(), status)
		}
	}
	step(courier, "#do-claim", "claim")
	typeIn(courier, "#m-text", "每周回访本月新签客户")
	typeIn(courier, "#m-owner", c.Name)
	courier.do("setting the measure's due date", chromedp.SetValue(chromedp.CSS("#m-due"), due))
	step(courier, "#m-submit", "measure")
	step(courier, "#do-start", "start")
	courier.screenshot("fixing-phone")
	step(courier, "#problem-measures li button[id^=done-]", "measure_state")
	typeIn(courier, "#n-submit", "三户新签客户已起量，周均 40 件")
	step(courier, "#do-submit", "submit")
	if got := courier.text("#problem-state"); got != "待验证" {
		t.Errorf("after submitting the state reads %q", got)
	}
	if !courier.fitsWidth() {
		t.Error("the problem's page is wider than a phone screen")
	}
	courier.screenshot("submitted-phone")
	courier.checkConsole()

	manager := newTab(t, browser, s.URL, shots, "problem-manager")
	manager.resize(phone)
	s.signIn(manager, m, m.Password)
	manager.open(problemPath)
	manager.expectFailure(problemPath + "/step")
	if status := manager.submit("#do-close"); status != http.StatusBadRequest {
		t.Fatalf("closing without evidence answered %d", status)
	}
	if msg := manager.text("#act-close .field-error"); msg != "请写明佐证：做了什么、核实了什么" {
		t.Errorf("the message beside the evidence reads %q", msg)
	}
	manager.screenshot("refused-phone")
	typeIn(manager, "#n-close", "抽查三户发件清单属实")
	step(manager, "#do-close", "close")
	if got := manager.text("#problem-state"); got != "已销号" {
		t.Errorf("after closing the state reads %q", got)
	}
	if got := manager.text("#watch-met"); got != "已达标" {
		t.Errorf("the watched figure reads %q", got)
	}
	history := manager.text("#problem-history")
	for _, want := range []string{"提出", "认领", "开始整改", "提交验证", "销号", "抽查三户发件清单属实"} {
		if !strings.Contains(history, want) {
			t.Errorf("the history lacks %s: %s", want, history)
		}
	}
	manager.screenshot("closed-phone")
	manager.resize(desktop)
	manager.screenshot("closed-desktop")
	manager.checkConsole()

	cityTab := newTab(t, browser, s.URL, shots, "problem-city")
	cityTab.resize(desktop)
	s.signIn(cityTab, city, city.Password)
	cityTab.open("/problems")
	if n := eval[int](cityTab, `document.querySelectorAll("#problems-table tbody tr").length`); n < 1 {
		t.Errorf("the city manager's list has %d problems", n)
	}
	cityTab.screenshot("list-desktop")
	cityTab.resize(phone)
	if !cityTab.fitsWidth() {
		t.Error("the problem list is wider than a phone screen")
	}
	cityTab.screenshot("list-phone")
	cityTab.checkConsole()
}

// typeIn types into an empty field (fill clears first, which an empty
// textarea refuses).
func typeIn(tb *tab, sel, text string) {
	tb.t.Helper()
	tb.do("typing into "+sel, chromedp.SendKeys(chromedp.CSS(sel), text))
}
