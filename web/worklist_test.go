package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// A courier's home page is their work list: each warned customer with
// the contact, a call link, the reason and a one-tap 登记跟进; the office
// manager's lists the office's with who has each and a reassignment
// form; the city manager's home page is the figures only.
func TestHomeIsTheWorkList(t *testing.T) {
	f := newFixture(t)
	f.dispatchFixture(t)
	home := body(t, f.session(t, courierUser).get("/"))
	for _, want := range []string{"<h1>今日待办</h1>", idPath(f, `id="w%d"`, "CUST-A"), "王经理", `href="tel:13911112222"`,
		idPath(f, `href="/followup/%d/contact"`, "CUST-A"), `<p class="reason one-line"`, "期限 2026-06-08"} {
		if !strings.Contains(home, want) {
			t.Errorf("the courier's home page lacks %s", want)
		}
	}
	if strings.Contains(home, idPath(f, `data-warning="%d"`, "CUST-B")) || strings.Contains(home, `class="reassign"`) {
		t.Error("the courier's home page shows a colleague's warning or a reassignment form")
	}
	manager := body(t, f.session(t, officeUser).get("/"))
	for _, code := range []string{"CUST-A", "CUST-B"} {
		if !strings.Contains(manager, idPath(f, `data-warning="%d"`, code)) {
			t.Errorf("the office manager's work list lacks %s", code)
		}
	}
	if !strings.Contains(manager, `class="reassign"`) || !strings.Contains(manager, `<span class="assignee">`) {
		t.Error("the office manager's work list has no assignee or reassignment")
	}
	if city := body(t, f.session(t, cityUser).get("/")); strings.Contains(city, `id="worklist"`) {
		t.Error("the city manager's home page shows a work list")
	}
	// Once closed, a warning leaves the list.
	courier := f.session(t, courierUser)
	courier.post(idPath(f, "/followup/%d/contacts", "CUST-A"), url.Values{"on": {"2026-06-09"}, "method": {"phone"}, "outcome": {"recovered"}, "reason": {"price"}})
	var l worklist
	resp := courier.api("GET", "/api/v1/worklist", "")
	if err := json.Unmarshal([]byte(body(t, resp)), &l); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /api/v1/worklist: %d %v", resp.StatusCode, err)
	}
	if l.Total != 0 || len(l.Items) != 0 {
		t.Errorf("after closing CUST-A the courier's work list holds %+v", l)
	}
}

// The customer page shows the follow-up of the customer's warnings and
// a 登记跟进 button while one is open.
func TestCustomerPageFollowup(t *testing.T) {
	f := newFixture(t)
	f.dispatchFixture(t)
	courier := f.session(t, courierUser)
	page := body(t, courier.get("/customers/CUST-A"))
	if !strings.Contains(page, `id="customer-followup"`) || !strings.Contains(page, idPath(f, `href="/followup/%d/contact"`, "CUST-A")) {
		t.Fatalf("the customer page has no follow-up or 登记跟进:\n%s", page)
	}
	courier.post(idPath(f, "/followup/%d/contacts", "CUST-A"), url.Values{"on": {"2026-06-09"}, "method": {"wechat"}, "outcome": {"unreachable"}})
	page = body(t, courier.get("/customers/CUST-A"))
	if !strings.Contains(page, "2026-06-09 微信 · 联系不上 · 李揽投") {
		t.Errorf("the customer page does not list the visit:\n%s", page)
	}
}

// The follow-up list names each customer's contact with a call link.
func TestFollowupListHasTheContact(t *testing.T) {
	f := newFixture(t)
	f.dispatchFixture(t)
	list := body(t, f.session(t, courierUser).get("/followup"))
	if !strings.Contains(list, `王经理 <a class="phone" href="tel:13911112222">`) {
		t.Errorf("the follow-up list lacks CUST-A's contact:\n%s", list)
	}
}
