package e2e

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"postcrm"
	"postcrm/sqlite"
	"postcrm/textfmt"
)

// TestRefundInChromium is the refund story on the demo. At the office
// PC (1366 px) the counter (the office manager's account: postcrm has
// no separate counter role) looks a returned waybill up, finds no case,
// opens one from it with the customer and postage filled in, and
// verifies it; approving it is refused (maker-checker). The city
// manager approves it; the counter records the payment. Then the
// courier who owns the customer, on a 390 px phone, finds the case from
// the home page by its waybill number in two taps.
func TestRefundInChromium(t *testing.T) {
	s, browser, shots := browserSite(t)
	m, c, k := s.accounts[postcrm.RoleOfficeManager], s.accounts[postcrm.RoleCityManager], s.accounts[postcrm.RoleCourier]
	waybill, customer, postage := s.freeWaybill(t, k)

	counter := newTab(t, browser, s.URL, shots, "refund-counter")
	s.signIn(counter, m, m.Password)
	counter.open("/refunds")
	counter.fill(map[string]string{"#r-waybill": waybill})
	if st := counter.submit("#r-search"); st != http.StatusOK || !strings.Contains(counter.text("#refund-found"), waybill) {
		t.Fatalf("looking %s up: %d", waybill, st)
	}
	counter.screenshot("lookup-none-desktop")
	counter.submit("#r-open-for")
	if got := counter.text("#n-customer"); !strings.Contains(got, customer) {
		t.Errorf("the form shows customer %q, want %q", got, customer)
	}
	if got := counter.text("#n-postage"); got != postage {
		t.Errorf("the form shows postage %q, want %q", got, postage)
	}
	counter.do("choosing the reason", chromedp.Click(chromedp.CSS(`input[name="reason"][value="收件人拒收"]`)))
	counter.screenshot("new-desktop")
	if st := counter.submit("#n-submit"); st != http.StatusOK || !strings.HasPrefix(counter.path(), "/refunds/case/TF") {
		t.Fatalf("opening: %d at %s", st, counter.path())
	}
	casePath := strings.SplitN(counter.path(), "?", 2)[0]
	if got := counter.text("#refund-done"); !strings.Contains(got, "已受理") {
		t.Errorf("no confirmation after opening: %q", got)
	}
	counter.submit("#verify-submit")
	if got := counter.text("#case-state"); got != "待审批" {
		t.Errorf("after verifying the case is %q", got)
	}
	if got := counter.text("#refund-no-action"); !strings.Contains(got, "受理人") {
		t.Errorf("the opener is offered the approval: %q", got)
	}
	counter.screenshot("case-desktop")

	checker := newTab(t, browser, s.URL, shots, "refund-city")
	s.signIn(checker, c, c.Password)
	checker.open(casePath)
	if got := eval[string](checker, `document.getElementById("approve-amount").value`); got != postage {
		t.Errorf("the approval offers %q, want the postage %q", got, postage)
	}
	if st := checker.submit("#approve-submit"); st != http.StatusOK || checker.text("#case-state") != "待退款" {
		t.Fatalf("approving: %d, state %q", st, checker.text("#case-state"))
	}
	checker.screenshot("approved-desktop")

	counter.open(casePath)
	counter.fill(map[string]string{"#pay_ok-key": "ZF20261015-001"})
	counter.submit("#pay_ok-submit")
	if got := counter.text("#case-state"); got != "已退款待办结" {
		t.Errorf("after paying the case is %q", got)
	}
	history := counter.text("#refund-history")
	for _, want := range []string{"受理", "核实通过", "审批通过", "退款成功"} {
		if !strings.Contains(history, want) {
			t.Errorf("the history lacks %s: %q", want, history)
		}
	}
	counter.screenshot("paid-desktop")
	counter.checkConsole()

	mobile := newTab(t, browser, s.URL, shots, "refund-courier")
	mobile.resize(phone)
	s.signIn(mobile, k, k.Password)
	mobile.open("/")
	taps := 0
	mobile.do("tapping the look-up field", chromedp.Click(chromedp.CSS("#h-waybill")))
	taps++
	mobile.do("typing the waybill", chromedp.SendKeys(chromedp.CSS("#h-waybill"), waybill))
	mobile.submit("#h-search")
	taps++
	row := mobile.text("#found-table")
	if !strings.Contains(row, strings.TrimPrefix(casePath, "/refunds/case/")) || !strings.Contains(row, "已退款待办结") {
		t.Errorf("after %d taps the courier sees %q", taps, row)
	}
	if !mobile.fitsWidth() {
		t.Error("the look-up is wider than a phone")
	}
	mobile.screenshot("lookup-phone")
	mobile.open(casePath)
	if !mobile.fitsWidth() {
		t.Error("the case page is wider than a phone")
	}
	mobile.screenshot("case-phone")
	mobile.checkConsole()
}

// freeWaybill is a waybill of a customer courier k owns with no refund
// case yet, its customer's name and its postage as the pages show it.
func (s *site) freeWaybill(t *testing.T, k account) (no, customer, postage string) {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, s.db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	all := postcrm.Scope{Role: postcrm.RoleProvinceAdmin}
	for _, c := range s.customer {
		if c.OwnerStaffID != k.Name {
			continue
		}
		ws, err := st.LatestCustomerWaybills(ctx, c.Code, 10)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range ws {
			cs, err := st.RefundCases(ctx, all, postcrm.RefundQuery{Waybill: w.No})
			if err != nil {
				t.Fatal(err)
			}
			if len(cs) == 0 && w.PostageFen > 0 {
				return w.No, c.Name, yuanText(w.PostageFen)
			}
		}
	}
	t.Fatalf("no waybill of %s's customers without a refund case", k)
	return "", "", ""
}

func yuanText(fen int64) string { return fmt.Sprintf("%s.%02d", textfmt.Thousands(fen/100), fen%100) }
