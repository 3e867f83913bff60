package web

import (
	"context"
	"encoding/json"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"postcrm"
	"postcrm/refund"
)

// refundCases opens a case on one waybill of each fixture customer, as
// the province, and returns their numbers by customer.
func (f *fixture) refundCases(t *testing.T) map[string]string {
	t.Helper()
	prov := postcrm.Scope{Role: postcrm.RoleProvinceAdmin}
	out := map[string]string{}
	for _, code := range []string{"CUST-A", "CUST-B", "CUST-C", "CUST-D"} {
		c, err := refund.Do(context.Background(), f.store, prov, postcrm.Actor{User: provinceUser}, "",
			refund.Input{Action: postcrm.RefundOpen, User: provinceUser, Role: postcrm.RoleProvinceAdmin, At: f.clock.Now(),
				Waybills: []string{code + "-0503"}, Reason: "收件人拒收"})
		if err != nil {
			t.Fatal(err)
		}
		out[code] = c.No
	}
	return out
}

// refundRouteSamples are the refund routes' cases for the route walk:
// the case on CUST-A is everyone's (the courier owns it), CUST-B's the
// office's and up, CUST-C's (another office) the city's and the
// province's, CUST-D's (another city) the province's only.
func refundRouteSamples(f *fixture) map[string][]routeSample {
	nos := f.refundCases(f.t)
	m := map[string][]routeSample{}
	for _, pattern := range []string{"GET /refunds/case/{no}", "POST /refunds/case/{no}/act"} {
		path := strings.SplitN(pattern, " ", 2)[1]
		for code, who := range visibleCustomers {
			m[pattern] = append(m[pattern], routeSample{strings.Replace(path, "{no}", nos[code], 1), who})
		}
		m[pattern] = append(m[pattern], routeSample{strings.Replace(path, "{no}", "TF-NOPE", 1), nil})
	}
	return m
}

// TestRefundListsStayInScope: each role's list, look-up and report see
// the cases of their scope and none of another office's.
func TestRefundListsStayInScope(t *testing.T) {
	onEveryStore(t, func(t *testing.T, f *fixture) {
		nos := f.refundCases(t)
		for _, name := range walkers {
			var l refundList
			resp := f.session(t, name).api("GET", "/api/v1/refunds", "")
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("%s: %d", name, resp.StatusCode)
			}
			if err := json.NewDecoder(resp.Body).Decode(&l); err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			got := map[string]bool{}
			for _, r := range append(l.Mine, l.Open...) {
				got[r.No] = true
			}
			for code, who := range visibleCustomers {
				want := false
				for _, w := range who {
					want = want || w == name
				}
				if got[nos[code]] != want {
					t.Errorf("%s sees %s's case: %v, want %v", name, code, got[nos[code]], want)
				}
			}
		}
		// The office manager looks up another office's waybill: nothing, and no button to open one.
		page := body(t, f.session(t, officeUser).get("/refunds?waybill=CUST-C-0503"))
		if strings.Contains(page, nos["CUST-C"]) || strings.Contains(page, "r-open-for") || !strings.Contains(page, "refund-none") {
			t.Errorf("another office's waybill looked up: %s", page)
		}
		page = body(t, f.session(t, officeUser).get("/refunds/report"))
		if strings.Contains(page, "13000002") || strings.Contains(page, "13100001") || !strings.Contains(page, "中华大街营业部") {
			t.Errorf("the office's report shows other offices")
		}
	})
}

// TestRefundOpenApprovePay: the counter (an office manager) opens a case
// from a waybill number with the customer and postage filled in,
// verifies it, may not approve it; the city manager approves; the
// counter records the payment, and again under the same key changes
// nothing. Each step answers with a confirmation (PRG).
func TestRefundOpenApprovePay(t *testing.T) {
	f := newFixture(t)
	office := f.session(t, officeUser)
	form := body(t, office.get("/refunds/new?waybill=CUST-A-0505"))
	if !strings.Contains(form, template.HTMLEscapeString(script)) || !strings.Contains(form, "12.00") {
		t.Fatalf("the form does not show the customer and postage")
	}
	resp := office.post("/refunds", url.Values{"waybill": {"CUST-A-0505"}, "reason": {""}})
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body(t, resp), "请选择退费原因") {
		t.Errorf("open without a reason: %d", resp.StatusCode)
	}
	resp = office.post("/refunds", url.Values{"waybill": {"CUST-A-0505"}, "more": {"CUST-A-0506"}, "reason": {"地址错误"}})
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/refunds/case/TF") {
		t.Fatalf("open: %d %s", resp.StatusCode, loc)
	}
	no := strings.TrimPrefix(strings.SplitN(loc, "?", 2)[0], "/refunds/case/")
	page := body(t, office.get(loc))
	if !strings.Contains(page, "已受理") || !strings.Contains(page, "24.00") || !strings.Contains(page, `id="act-verify"`) {
		t.Errorf("the case page after opening: %s", page)
	}
	act := func(c *client, v url.Values) *http.Response { return c.post("/refunds/case/"+no+"/act", v) }
	if r := act(office, url.Values{"act": {"verify"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("verify: %d", r.StatusCode)
	}
	r := act(office, url.Values{"act": {"approve"}, "amount": {"24"}})
	if r.StatusCode != http.StatusConflict || !strings.Contains(body(t, r), "受理人") {
		t.Errorf("the opener approving: %d", r.StatusCode)
	}
	city := f.session(t, cityUser)
	if r := act(city, url.Values{"act": {"approve"}, "amount": {"24.01"}}); r.StatusCode != http.StatusBadRequest {
		t.Errorf("approving above the postage: %d", r.StatusCode)
	}
	if r := act(city, url.Values{"act": {"approve"}, "amount": {"24.00"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("approve: %d", r.StatusCode)
	}
	f.clock.Advance(time.Hour)
	for range 2 {
		if r := act(office, url.Values{"act": {"pay_ok"}, "key": {"ZF-001"}}); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("pay: %d", r.StatusCode)
		}
	}
	c, hist, err := f.store.RefundCase(context.Background(), postcrm.Scope{Role: postcrm.RoleProvinceAdmin}, no)
	if err != nil {
		t.Fatal(err)
	}
	if c.State != postcrm.RefundPaid || c.PaidFen != 2400 || len(hist) != 4 || c.ApprovedBy != cityUser {
		t.Errorf("after paying twice under one key: %+v, %d events", c, len(hist))
	}
	// The history names who acted beside their staff IDs.
	if page := body(t, office.get("/refunds/case/"+no)); !strings.Contains(page, "王经理 <small>"+officeUser+"</small>") ||
		!strings.Contains(page, "石家庄管理员 <small>"+cityUser+"</small>") {
		t.Errorf("the history lacks the staff's names")
	}
	// The courier who owns the customer finds it by waybill: one case, straight to it.
	page = body(t, f.session(t, courierUser).get("/refunds?waybill=CUST-A-0506"))
	if !strings.Contains(page, no) {
		t.Errorf("the courier's look-up misses the case")
	}
}

// TestRefundWarningOnCustomerAndWorklist: a contract customer's refund
// open past the setting shows 退费未办结 on its page and on its owner's
// work list after a sweep, not on another courier's; closing it clears
// it at the next sweep.
func TestRefundWarningOnCustomerAndWorklist(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	nos := f.refundCases(t)
	f.clock.Advance(8 * 24 * time.Hour)
	if _, err := refund.Sweep(ctx, f.store, f.clock.Now()); err != nil {
		t.Fatal(err)
	}
	courier := f.session(t, courierUser)
	if page := body(t, courier.get("/customers/CUST-A")); !strings.Contains(page, "退费未办结") || !strings.Contains(page, nos["CUST-A"]) {
		t.Errorf("the customer page lacks the refund warning")
	}
	if page := body(t, courier.get("/")); !strings.Contains(page, `id="refund-warnings"`) || !strings.Contains(page, nos["CUST-A"]) || strings.Contains(page, nos["CUST-B"]) {
		t.Errorf("the courier's work list lacks its refund warning, or shows another's")
	}
	if page := body(t, f.session(t, otherCourier).get("/")); strings.Contains(page, nos["CUST-A"]) {
		t.Errorf("another courier's work list shows CUST-A's refund warning")
	}
	prov := postcrm.Scope{Role: postcrm.RoleProvinceAdmin}
	at := f.clock.Now()
	for _, in := range []refund.Input{
		{Action: postcrm.RefundVerified, User: officeUser, Role: postcrm.RoleOfficeManager},
		{Action: postcrm.RefundApproved, User: cityUser, Role: postcrm.RoleCityManager, AmountFen: 1200},
		{Action: postcrm.RefundPayOK, User: officeUser, Role: postcrm.RoleOfficeManager, PayKey: "P1"},
		{Action: postcrm.RefundClose, User: officeUser, Role: postcrm.RoleOfficeManager},
	} {
		in.At = at
		if _, err := refund.Do(ctx, f.store, prov, postcrm.Actor{User: in.User}, nos["CUST-A"], in); err != nil {
			t.Fatal(err)
		}
	}
	f.clock.Advance(time.Hour)
	if _, err := refund.Sweep(ctx, f.store, f.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if page := body(t, courier.get("/customers/CUST-A")); strings.Contains(page, "退费未办结") {
		t.Errorf("closing the case did not clear the warning at the next sweep")
	}
}

// TestRefundWarningInMonthList: after a sweep, each role's month's
// warnings list (page, CSV export and JSON) holds the 退费未办结 of the
// customers in its scope and none of another office's; the kind filter
// selects them alone or leaves them out.
func TestRefundWarningInMonthList(t *testing.T) {
	onEveryStore(t, func(t *testing.T, f *fixture) {
		nos := f.refundCases(t)
		f.clock.Advance(8 * 24 * time.Hour)
		if _, err := refund.Sweep(context.Background(), f.store, f.clock.Now()); err != nil {
			t.Fatal(err)
		}
		month := postcrm.DateOf(f.clock.Now()).YearMonth().String()
		for _, name := range walkers {
			c := f.session(t, name)
			page := body(t, c.get("/warnings?month="+month+"&kind=refund_open"))
			csv := body(t, c.get("/warnings/export?format=csv&month="+month))
			var l warningsList
			resp := c.api("GET", "/api/v1/warnings?month="+month, "")
			if err := json.NewDecoder(resp.Body).Decode(&l); err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			inJSON := map[string]bool{}
			for _, w := range l.Warnings {
				if w.Kind == postcrm.WarningKind(postcrm.RefundWarnOpen) {
					inJSON[w.CustomerCode] = true
				}
			}
			for code, who := range visibleCustomers {
				want := false
				for _, w := range who {
					want = want || w == name
				}
				if strings.Contains(page, nos[code]) != want || strings.Contains(csv, nos[code]) != want || inJSON[code] != want {
					t.Errorf("%s: %s's refund warning on the page %v, in the CSV %v, in the JSON %v; want %v", name, code,
						strings.Contains(page, nos[code]), strings.Contains(csv, nos[code]), inJSON[code], want)
				}
			}
			if !strings.Contains(page, "退费未办结") || !strings.Contains(csv, "退费未办结") {
				t.Errorf("%s: the kind's label is missing", name)
			}
			if page := body(t, c.get("/warnings?month="+month+"&kind=silent")); strings.Contains(page, nos["CUST-A"]) {
				t.Errorf("%s: the 'silent' filter shows a refund warning", name)
			}
		}
		prov := f.session(t, provinceUser)
		if page := body(t, prov.get("/warnings?month="+month+"&office=13000002")); strings.Contains(page, nos["CUST-A"]) || !strings.Contains(page, nos["CUST-C"]) {
			t.Errorf("the office filter does not select the refund warnings")
		}
	})
}
