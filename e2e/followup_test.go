package e2e

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"postcrm"
)

// TestFollowUpInChromium is the follow-up story on the demo, on a
// 390×844 phone: the courier signs in and finds their most urgent warned
// customer first on the home page (今日待办), taps 登记跟进, and records
// a visit. A refused form shows the Chinese message beside the field at
// fault with the rest of the input kept; a good one saves first time and
// shows the confirmation and the history entry. With JavaScript off,
// CSS alone shows the reasons and the competitor when they are asked
// for. Their office manager then sees it.
func TestFollowUpInChromium(t *testing.T) {
	s, browser, shots := browserSite(t)
	a, m := s.accounts[postcrm.RoleCourier], s.accounts[postcrm.RoleOfficeManager]
	mine, colleagues := s.dispatchedTo(a)
	if len(mine) == 0 {
		t.Fatalf("the demo dispatched nothing to %s", a)
	}

	courier := newTab(t, browser, s.URL, shots, "followup-courier")
	courier.resize(phone)
	s.signIn(courier, a, a.Password)
	id := s.checkWorklist(courier, mine)
	if len(colleagues) > 0 {
		courier.probe("/followup/"+colleagues[0], http.StatusNotFound)
		courier.open("/")
	}

	t.Run("refused", func(t *testing.T) {
		courier.t = t
		tapRecord(courier, id)
		courier.do("filling the form without a reason",
			chromedp.Click(chromedp.CSS(`input[name="method"][value="phone"]`)),
			chromedp.Click(chromedp.CSS(`input[name="outcome"][value="lost"]`)),
			chromedp.SendKeys(chromedp.CSS("#c-note"), "客户说运费太贵"))
		courier.expectFailure("/followup/" + id + "/contacts") // the 400 is the point
		if status := courier.submit("#c-submit"); status != http.StatusBadRequest {
			t.Fatalf("a form without the reason answered %d", status)
		}
		beside := eval[bool](courier, `(() => { const e = document.getElementById("c-reason-error");
			return !!e && document.getElementById("f-reason").contains(e) && e.offsetParent !== null; })()`)
		if msg := courier.text("#c-reason-error"); !beside || msg != "联系上了客户，请选客户说的原因" {
			t.Errorf("the message beside the reason: %q (inside the field and shown: %v)", msg, beside)
		}
		kept := eval[[]string](courier, `[document.querySelector("input[name=method]:checked")?.value,
			document.querySelector("input[name=outcome]:checked")?.value, document.getElementById("c-note").value]`)
		if !slices.Equal(kept, []string{"phone", "lost", "客户说运费太贵"}) {
			t.Errorf("after the refusal the form holds %q", kept)
		}
		if n := eval[int](courier, `document.querySelectorAll(".field-error").length`); n != 1 {
			t.Errorf("%d messages for one field at fault", n)
		}
		if !courier.fitsWidth() {
			t.Error("the refused form is wider than a phone screen")
		}
		courier.screenshot("refused-phone")
	})

	t.Run("recorded", func(t *testing.T) {
		courier.t = t
		courier.open("/")
		tapRecord(courier, id)
		if shown := eval[bool](courier, `document.querySelector(".if-reached").offsetParent !== null`); shown {
			t.Error("the reason list shows before an outcome that needs one is chosen")
		}
		courier.do("choosing 上门 and 联系不上",
			chromedp.Click(chromedp.CSS(`input[name="method"][value="visit"]`)),
			chromedp.Click(chromedp.CSS(`input[name="outcome"][value="unreachable"]`)))
		if shown := eval[bool](courier, `document.querySelector(".if-reached").offsetParent !== null`); shown {
			t.Error("the reason list shows for 联系不上")
		}
		courier.screenshot("form-phone")
		if status := courier.submit("#c-submit"); status != http.StatusOK || courier.path() != "/followup/"+id+"?done=contact" {
			t.Fatalf("saving the visit went to %s (%d)", courier.path(), status)
		}
		if done := courier.text("#followup-done"); !strings.HasPrefix(done, "已保存跟进记录。") {
			t.Errorf("the confirmation reads %q", done)
		}
		history := eval[[]string](courier, `[...document.querySelectorAll("#followup-contacts li")].map(li => li.textContent)`)
		if len(history) != 1 || !strings.Contains(history[0], "上门 · 联系不上 · "+a.DisplayName) {
			t.Errorf("after the visit the history reads %q", history)
		}
		if !courier.fitsWidth() {
			t.Error("the follow-up page is wider than a phone screen")
		}
		courier.screenshot("recorded-phone")
		courier.checkConsole()
	})

	t.Run("without JavaScript", func(t *testing.T) {
		plain := newTab(t, browser, s.URL, shots, "followup-courier-nojs")
		plain.resize(phone)
		plain.do("turning JavaScript off", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
			return err
		}))
		s.signIn(plain, a, a.Password)
		plain.open("/followup/" + id + "/contact")
		shown := func(sel string) bool {
			// Evaluate runs even with the page's scripts off: it reads what CSS laid out.
			return eval[bool](plain, `document.querySelector("`+sel+`").offsetParent !== null`)
		}
		// app.js would mark the reasons hidden; with scripts off only CSS hides them.
		if byScript := eval[bool](plain, `document.querySelector(".if-reached").hidden`); byScript || shown(".if-reached") {
			t.Errorf("before an outcome: reasons hidden by a script %v, shown %v", byScript, shown(".if-reached"))
		}
		plain.do("choosing 电话 and 已流失", chromedp.Click(chromedp.CSS(`input[name="method"][value="phone"]`)),
			chromedp.Click(chromedp.CSS(`input[name="outcome"][value="lost"]`)))
		if !shown(".if-reached") || shown(".if-competitor") {
			t.Errorf("with 已流失 chosen: reasons shown %v, competitor shown %v", shown(".if-reached"), shown(".if-competitor"))
		}
		plain.do("choosing 转投同行", chromedp.Click(chromedp.CSS(`input[name="reason"][value="competitor"]`)))
		if !shown(".if-competitor") {
			t.Error("转投哪家 stays hidden for 转投同行")
		}
		plain.expectFailure("/followup/" + id + "/contacts")
		if status := plain.submit("#c-submit"); status != http.StatusBadRequest || plain.text("#c-competitor-error") != "请选择客户转到了哪家快递" {
			t.Errorf("without the competitor: %d, %q", status, plain.text("#c-competitor-error"))
		}
		plain.screenshot("refused-phone")
	})

	manager := newTab(t, browser, s.URL, shots, "followup-manager")
	manager.resize(phone)
	s.signIn(manager, m, m.Password)
	manager.open("/")
	if state := manager.text("#w" + id + " .work-foot"); !strings.Contains(state, "跟进中") || !strings.Contains(state, a.DisplayName) {
		t.Errorf("the office manager's work list shows the courier's warning as %q", state)
	}
	manager.screenshot("home-phone")
	manager.open("/followup/" + id)
	if got := manager.text("#followup-contacts"); !strings.Contains(got, "上门 · 联系不上 · "+a.DisplayName) {
		t.Errorf("the office manager sees the contacts as %q", got)
	}
	manager.resize(desktop)
	manager.screenshot("seen-desktop")
	manager.checkConsole()
}

// checkWorklist checks the courier's home page: it lists their open
// warnings, the earliest due first, each with a call link and 登记跟进,
// and fits the phone. It returns the first one's warning ID.
func (s *site) checkWorklist(tb *tab, mine []string) string {
	t := tb.t
	t.Helper()
	if status := tb.open("/"); status != http.StatusOK {
		t.Fatalf("the home page answered %d", status)
	}
	listed := eval[[]string](tb, `[...document.querySelectorAll("#worklist li[data-warning]")].map(li => li.dataset.warning)`)
	for _, id := range mine {
		if !slices.Contains(listed, id) {
			t.Errorf("warning %s, dispatched to the courier, is not on their home page %v", id, listed)
		}
	}
	dues := eval[[]string](tb, `[...document.querySelectorAll("#worklist .work-due")].map(e => e.textContent.match(/\d{4}-\d{2}-\d{2}/)[0])`)
	if len(listed) == 0 || !slices.IsSorted(dues) {
		t.Fatalf("the work list %v is not by due date: %v", listed, dues)
	}
	if n := eval[int](tb, `document.querySelectorAll("#worklist li[data-warning] a.button.record").length`); n != len(listed) {
		t.Errorf("%d of %d work items have a 登记跟进 button", n, len(listed))
	}
	first := listed[0]
	if d, ok := s.dispatch[mustID(t, first)]; ok {
		if c, ok := s.customer[d.CustomerCode]; ok && c.ContactPhone != "" {
			if href := eval[string](tb, `document.querySelector("#w`+first+` a.phone").getAttribute("href")`); href != "tel:"+c.ContactPhone {
				t.Errorf("the first customer's call link is %q, want tel:%s", href, c.ContactPhone)
			}
		}
	}
	if !tb.fitsWidth() {
		t.Error("the home page is wider than a phone screen")
	}
	tb.screenshot("home-phone")
	return first
}

// tapRecord taps 登记跟进 on warning id's work item and lands on the form.
func tapRecord(tb *tab, id string) {
	tb.t.Helper()
	tb.do("tapping 登记跟进", chromedp.Click(chromedp.CSS("#w"+id+" a.button.record")), chromedp.WaitVisible(chromedp.CSS("#contact-form")))
	if p := tb.path(); p != "/followup/"+id+"/contact" {
		tb.t.Fatalf("登记跟进 went to %s", p)
	}
}

func mustID(t *testing.T, s string) int64 {
	t.Helper()
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return id
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
