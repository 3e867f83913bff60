package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// fieldError finds the message a form shows beside a field: the
// element id="c-FIELD-error" inside the field's own block.
func fieldError(t *testing.T, page, field string) string {
	t.Helper()
	re := regexp.MustCompile(`id="f-` + field + `"[^>]*>(?s:.*?)<p class="field-error" id="c-` + field + `-error">([^<]*)</p>`)
	m := re.FindStringSubmatch(page)
	if m == nil {
		return ""
	}
	return m[1]
}

// The visit form opens with nothing chosen, so that nobody records an
// outcome they did not pick; the reason and competitor blocks are
// marked for the outcomes and reasons that ask for them.
func TestVisitFormStartsEmpty(t *testing.T) {
	f := newFixture(t)
	f.dispatchFixture(t)
	page := body(t, f.session(t, courierUser).get(idPath(f, "/followup/%d/contact", "CUST-A")))
	for _, name := range []string{"method", "outcome", "reason"} {
		if regexp.MustCompile(`name="` + name + `" value="[^"]*" checked`).MatchString(page) {
			t.Errorf("the form opens with a %s chosen", name)
		}
	}
	for _, want := range []string{`class="if-reached"`, `if-competitor`, `value="2026-06-10"`, `<textarea id="c-note" name="note" rows="4"`, `href="tel:13911112222"`, "王经理"} {
		if !strings.Contains(page, want) {
			t.Errorf("the form lacks %s", want)
		}
	}
}

// A refused visit comes back with the Chinese message beside the field
// at fault and everything typed kept; never a wrapped Go error.
func TestVisitFormRefusalKeepsInput(t *testing.T) {
	f := newFixture(t)
	f.dispatchFixture(t)
	courier := f.session(t, courierUser)
	path := idPath(f, "/followup/%d/contacts", "CUST-A")
	resp := courier.post(path, url.Values{"on": {"2026-06-09"}, "method": {"visit"}, "outcome": {"lost"}, "note": {"客户说下月再看"}})
	page := body(t, resp)
	if resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("a reached customer without a reason: %d", resp.StatusCode)
	}
	if got := fieldError(t, page, "reason"); got != "联系上了客户，请选客户说的原因" {
		t.Errorf("beside the reason: %q\n%s", got, page)
	}
	for _, want := range []string{`name="method" value="visit" checked`, `name="outcome" value="lost" checked`, `value="2026-06-09"`, ">客户说下月再看</textarea>"} {
		if !strings.Contains(page, want) {
			t.Errorf("the input was not kept: no %s", want)
		}
	}
	for _, leak := range []string{"record contact", "invalid:", "无效", "填写有误"} {
		if strings.Contains(page, leak) {
			t.Errorf("the page shows %q", leak)
		}
	}
	// Several fields at fault: each message beside its own field.
	page = body(t, courier.post(path, url.Values{"on": {"2026-06-30"}, "outcome": {"lost"}, "reason": {"competitor"}}))
	for field, want := range map[string]string{"on": "跟进日期不能晚于今天", "method": "请选择怎么联系的", "competitor": "请选择客户转到了哪家快递"} {
		if got := fieldError(t, page, field); got != want {
			t.Errorf("beside %s: %q, want %q", field, got, want)
		}
	}
	// Nothing was stored by the refusals; a good one redirects and is confirmed.
	resp = courier.post(path, url.Values{"on": {"2026-06-09"}, "method": {"visit"}, "outcome": {"unreachable"}, "reason": {"price"}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != idPath(f, "/followup/%d?done=contact", "CUST-A") {
		t.Fatalf("a good visit: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	page = body(t, courier.get(resp.Header.Get("Location")))
	if !strings.Contains(page, `id="followup-done"`) || strings.Count(page, "data-contact=") != 1 || !strings.Contains(page, "上门 · 联系不上") {
		t.Errorf("after the visit:\n%s", page)
	}
	if strings.Contains(page, "资费") {
		t.Error("the reason sent with an unreachable customer was kept")
	}
}

// Contact dates: none after today or before the dispatch, refused with
// a coded error through the API too.
func TestContactDatesThroughAPI(t *testing.T) {
	f := newFixture(t)
	f.dispatchFixture(t)
	courier := f.session(t, courierUser)
	path := idPath(f, "/api/v1/followup/%d/contacts", "CUST-A")
	for on, code := range map[string]string{"2030-01-01": "contact.date_future", "2026-05-31": "contact.date_before_dispatch", "junk": "contact.date_missing"} {
		resp := courier.api("POST", path, `{"on":"`+on+`","method":"visit","outcome":"unreachable"}`)
		var e apiError
		if err := json.Unmarshal([]byte(body(t, resp)), &e); err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != http.StatusBadRequest || e.Code != code || e.Fields["on"] == "" {
			t.Errorf("on %s: %d %+v, want 400 %s on the field", on, resp.StatusCode, e, code)
		}
	}
	if resp := courier.api("POST", path, `{"on":"2026-06-01","method":"visit","outcome":"unreachable"}`); resp.StatusCode != http.StatusCreated {
		t.Errorf("a visit on the dispatch day: %d %s", resp.StatusCode, body(t, resp))
	}
}

// Reassigning redirects back with a confirmation, from the warning's
// page and from the work list; choosing nobody is refused beside the
// choice; a courier may not.
func TestReassignRedirects(t *testing.T) {
	f := newFixture(t)
	f.dispatchFixture(t)
	manager := f.session(t, officeUser)
	path := idPath(f, "/followup/%d/assign", "CUST-B")
	page := body(t, manager.get(idPath(f, "/followup/%d", "CUST-B")))
	if regexp.MustCompile(`id="a-staff"[^>]*>(?s:.*?)selected`).MatchString(page) {
		t.Error("the reassignment form opens with someone chosen")
	}
	resp := manager.post(path, url.Values{"staff": {""}})
	page = body(t, resp)
	if resp.StatusCode != http.StatusBadRequest || !regexp.MustCompile(`<p class="field-error" id="a-staff-error">请选择交给谁</p>\s*<select id="a-staff"`).MatchString(page) {
		t.Errorf("reassigning to nobody: %d\n%s", resp.StatusCode, page)
	}
	resp = manager.post(path, url.Values{"staff": {courierUser}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != idPath(f, "/followup/%d?done=assigned", "CUST-B") {
		t.Fatalf("reassigning: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if page := body(t, manager.get(resp.Header.Get("Location"))); !strings.Contains(page, "已改派") {
		t.Error("no confirmation after reassigning")
	}
	resp = manager.post(path, url.Values{"staff": {"K002"}, "back": {"home"}})
	if want := idPath(f, "/?done=assigned#w%d", "CUST-B"); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != want {
		t.Fatalf("reassigning from the work list: %d to %q, want %q", resp.StatusCode, resp.Header.Get("Location"), want)
	}
	if page := body(t, manager.get("/?done=assigned")); !strings.Contains(page, `id="worklist-done"`) {
		t.Error("the work list does not confirm the reassignment")
	}
	if resp := f.session(t, courierUser).post(path, url.Values{"staff": {courierUser}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("a courier reassigning: %d", resp.StatusCode)
	}
}
