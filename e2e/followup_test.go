package e2e

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"postcrm"
)

// TestFollowUpInChromium is the follow-up story on the demo:
// the courier signs in on a phone, sees only the warnings dispatched to
// them, records a visit from the form, and their office manager sees it.
func TestFollowUpInChromium(t *testing.T) {
	path := chromium(t)
	if testing.Short() {
		t.Skip("builds postcrm, prepares the demo and drives a browser")
	}
	s := newSite(t)
	a, m := s.accounts[postcrm.RoleCourier], s.accounts[postcrm.RoleOfficeManager]
	mine, colleagues := s.dispatchedTo(a)
	if len(mine) == 0 {
		t.Fatalf("the demo dispatched nothing to %s", a)
	}
	browser := newBrowser(t, path)
	shots := shotsDir(t)

	courier := newTab(t, browser, s.URL, shots, "followup-courier")
	courier.resize(phone)
	s.signIn(courier, a, a.Password)
	if status := courier.open("/followup"); status != http.StatusOK {
		t.Fatalf("/followup answered %d", status)
	}
	listed := eval[[]string](courier, `[...document.querySelectorAll("#followup-table tr[data-warning]")].map(r => r.dataset.warning)`)
	slices.Sort(listed)
	if !slices.Equal(listed, mine) {
		t.Errorf("the courier's list shows %v, the store dispatched %v to them", listed, mine)
	}
	if !courier.fitsWidth() {
		t.Error("the follow-up list is wider than a phone screen")
	}
	courier.screenshot("list-phone")
	id := mine[0]
	courier.open("/followup/" + id)
	courier.screenshot("form-phone")
	courier.do("filling the contact form",
		chromedp.Click(chromedp.CSS(`input[name="method"][value="phone"]`)),
		chromedp.SetValue(chromedp.CSS("#c-outcome"), string(postcrm.OutcomeRecovered)),
		chromedp.SetValue(chromedp.CSS("#c-reason"), "price"),
		chromedp.SendKeys(chromedp.CSS("#c-note"), "客户答应下周恢复发件"))
	if status := courier.submit("#c-submit"); status != http.StatusOK || courier.path() != "/followup/"+id+"?done=contact" {
		t.Fatalf("recording the visit went to %s (%d)", courier.path(), status)
	}
	courier.text("#followup-done")
	if n := eval[int](courier, `document.querySelectorAll("#followup-contacts li").length`); n != 1 {
		t.Errorf("after the visit the page lists %d contacts", n)
	}
	if !courier.fitsWidth() {
		t.Error("the follow-up page is wider than a phone screen")
	}
	courier.screenshot("recorded-phone")
	if len(colleagues) > 0 {
		courier.probe("/followup/"+colleagues[0], http.StatusNotFound)
	}
	courier.checkConsole()

	manager := newTab(t, browser, s.URL, shots, "followup-manager")
	manager.resize(desktop)
	s.signIn(manager, m, m.Password)
	manager.open("/followup?status=closed")
	closed := eval[[]string](manager, `[...document.querySelectorAll("#followup-table tr[data-warning]")].map(r => r.dataset.warning)`)
	if !slices.Contains(closed, id) {
		t.Errorf("the office manager's closed list %v lacks the courier's warning %s", closed, id)
	}
	manager.open("/followup/" + id)
	if got := manager.text("#followup-contacts"); !strings.Contains(got, "客户答应下周恢复发件") || !strings.Contains(got, a.Name) {
		t.Errorf("the office manager sees the contacts as %q", got)
	}
	manager.screenshot("seen-desktop")
	manager.checkConsole()
}

// dispatchedTo lists, by warning ID, the demo month's warnings dispatched
// to the courier and those dispatched to colleagues of the same office.
func (s *site) dispatchedTo(a account) (mine, colleagues []string) {
	for _, d := range s.dispatch {
		id := strconv.FormatInt(d.WarningID, 10)
		switch {
		case d.HeldOut || d.Withdrawn:
		case d.AssignedTo == a.Name:
			mine = append(mine, id)
		case d.AssignedTo != "" && d.OfficeCode == a.OfficeCode:
			colleagues = append(colleagues, id)
		}
	}
	slices.Sort(mine)
	return mine, colleagues
}
