package web

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"postcrm"
	"postcrm/followup"
)

// dispatchFixture dispatches the fixture's warnings on 2026-06-01 with
// nobody held out: CUST-A to its owner K001, CUST-B to K002, CUST-D to
// K003, and the unowned CUST-C (office 13000002, which has no manager) to
// nobody. Running it again changes nothing.
func (f *fixture) dispatchFixture(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	if _, _, err := followup.Run(ctx, f.store, testMonth, postcrm.NewDate(2026, 6, 1), 0, postcrm.Actor{User: "test"}); err != nil {
		t.Fatal(err)
	}
}

// followupRouteSamples gives the follow-up routes' sample paths, on the
// dispatched fixture. A dispatch is in a courier's scope when it is
// theirs, in a manager's when it is in their office or city.
func followupRouteSamples(f *fixture) map[string][]routeSample {
	f.dispatchFixture(f.t)
	visible := map[string][]string{
		"CUST-A": everyone,
		"CUST-B": {officeUser, cityUser, provinceUser},
		"CUST-C": {cityUser, provinceUser},
		"CUST-D": {provinceUser},
	}
	m := map[string][]routeSample{}
	for _, pattern := range []string{"GET /followup/{id}", "GET /followup/{id}/contact", "POST /followup/{id}/contacts", "POST /followup/{id}/assign",
		"GET /api/v1/followup/{id}", "POST /api/v1/followup/{id}/contacts", "POST /api/v1/followup/{id}/assign"} {
		path := strings.SplitN(pattern, " ", 2)[1]
		for code, who := range visible {
			m[pattern] = append(m[pattern], routeSample{strings.Replace(path, "{id}", itoa(f.WarningIDs[code]), 1), who})
		}
		m[pattern] = append(m[pattern], routeSample{strings.Replace(path, "{id}", "999999", 1), nil},
			routeSample{strings.Replace(path, "{id}", "x", 1), nil})
	}
	for code, who := range visibleCustomers {
		m["POST /customers/{code}/owner"] = append(m["POST /customers/{code}/owner"], routeSample{"/customers/" + code + "/owner", who})
	}
	m["POST /customers/{code}/owner"] = append(m["POST /customers/{code}/owner"], routeSample{"/customers/NOPE/owner", nil})
	return m
}

func idPath(f *fixture, format, code string) string { return fmt.Sprintf(format, f.WarningIDs[code]) }

// The follow-up story end to end on the store: a courier sees only
// the warnings dispatched to them, records a visit from the form, and the
// office manager sees it; the change is in the audit log.
func TestCourierRecordsAVisitTheManagerSeesIt(t *testing.T) {
	onEveryStore(t, func(t *testing.T, f *fixture) {
		f.dispatchFixture(t)
		courier := f.session(t, courierUser)
		list := body(t, courier.get("/followup"))
		if !strings.Contains(list, idPath(f, `data-warning="%d"`, "CUST-A")) || strings.Contains(list, idPath(f, `data-warning="%d"`, "CUST-B")) {
			t.Fatalf("courier's list:\n%s", list)
		}
		if strings.Contains(list, script) {
			t.Error("a customer's name is not escaped in the follow-up list")
		}
		if resp := courier.get(idPath(f, "/followup/%d", "CUST-B")); resp.StatusCode != http.StatusNotFound {
			t.Errorf("another courier's warning: %d", resp.StatusCode)
		}
		page := body(t, courier.get(idPath(f, "/followup/%d", "CUST-A")))
		if !strings.Contains(page, idPath(f, `href="/followup/%d/contact"`, "CUST-A")) {
			t.Error("the warning's page has no 登记跟进 link")
		}
		if strings.Contains(page, `id="assign-form"`) {
			t.Error("a courier is offered reassignment")
		}
		page = body(t, courier.get(idPath(f, "/followup/%d/contact", "CUST-A")))
		for _, want := range []string{`id="contact-form"`, `value="visit"`, `value="wrong_warning"`, "资费", "顺丰"} {
			if !strings.Contains(page, want) {
				t.Errorf("the contact form lacks %s", want)
			}
		}
		form := url.Values{"on": {"2026-06-05"}, "method": {"visit"}, "outcome": {"lost"}, "reason": {"competitor"}, "competitor": {"sf"}, "note": {"嫌贵"}}
		resp := courier.post(idPath(f, "/followup/%d/contacts", "CUST-A"), form)
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("recording a visit: %d %s", resp.StatusCode, body(t, resp))
		}
		bad := courier.post(idPath(f, "/followup/%d/contacts", "CUST-A"), url.Values{"on": {"2026-06-06"}, "method": {"visit"}, "outcome": {"lost"}})
		if bad.StatusCode != http.StatusConflict {
			t.Errorf("a contact on a closed warning: %d", bad.StatusCode)
		}

		manager := f.session(t, officeUser)
		mlist := body(t, manager.get("/followup?status=closed"))
		if !strings.Contains(mlist, idPath(f, `data-warning="%d"`, "CUST-A")) || !strings.Contains(mlist, "已流失") {
			t.Errorf("the office manager's list of closed warnings:\n%s", mlist)
		}
		mpage := body(t, manager.get(idPath(f, "/followup/%d", "CUST-A")))
		if !strings.Contains(mpage, "顺丰") || !strings.Contains(mpage, "嫌贵") || !strings.Contains(mpage, courierUser) {
			t.Errorf("the office manager's view of the contact:\n%s", mpage)
		}
		log, _, err := f.store.AuditLog(context.Background(), postcrm.AuditQuery{User: courierUser, Action: postcrm.AuditDataChange})
		if err != nil || len(log) != 1 || log[0].Target != idPath(f, "warning:%d", "CUST-A") {
			t.Errorf("audit of the visit: %+v, %v", log, err)
		}
	})
}

func TestFollowupAPI(t *testing.T) {
	f := newFixture(t)
	f.dispatchFixture(t)
	courier := f.session(t, courierUser)
	resp := courier.api("POST", idPath(f, "/api/v1/followup/%d/contacts", "CUST-A"),
		`{"on":"2026-06-03","method":"phone","outcome":"unreachable"}`)
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("POST contact: %d %s", resp.StatusCode, body(t, resp))
	}
	resp = courier.api("POST", idPath(f, "/api/v1/followup/%d/contacts", "CUST-A"), `{"on":"2026-06-03","method":"fax","outcome":"lost","reason":"price"}`)
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("a bad method: %d", resp.StatusCode)
	}
	var d followupDetail
	if err := json.Unmarshal([]byte(body(t, courier.api("GET", idPath(f, "/api/v1/followup/%d", "CUST-A"), ""))), &d); err != nil {
		t.Fatal(err)
	}
	if d.Dispatch.Status != "in_progress" || len(d.Contacts) != 1 || d.Contacts[0].Outcome != "unreachable" || d.Dispatch.DueOn != "2026-06-08" {
		t.Errorf("GET follow-up: %+v", d)
	}
	var l followupList
	if err := json.Unmarshal([]byte(body(t, courier.api("GET", "/api/v1/followup?month=2026-05", ""))), &l); err != nil {
		t.Fatal(err)
	}
	if l.Total != 1 || l.Items[0].Warning.CustomerCode != "CUST-A" {
		t.Errorf("courier's API list: %+v", l)
	}
	// Overdue after the due date, escalated by a later dispatch run.
	f.clock.Advance(10 * 24 * 3600e9)
	manager := f.session(t, officeUser)
	var overdue followupList
	if err := json.Unmarshal([]byte(body(t, manager.api("GET", "/api/v1/followup?view=overdue", ""))), &overdue); err != nil {
		t.Fatal(err)
	}
	if overdue.Total != 2 || !overdue.Items[0].Overdue {
		t.Errorf("overdue list: %+v", overdue)
	}
	if _, _, err := followup.Run(context.Background(), f.store, testMonth, postcrm.NewDate(2026, 6, 12), -1, postcrm.Actor{User: "test"}); err != nil {
		t.Fatal(err)
	}
	var escalated followupList
	if err := json.Unmarshal([]byte(body(t, manager.api("GET", "/api/v1/followup?view=escalated", ""))), &escalated); err != nil {
		t.Fatal(err)
	}
	if escalated.Total != 1 || escalated.Items[0].Warning.CustomerCode != "CUST-B" || escalated.Items[0].Escalation != postcrm.EscalationOffice {
		t.Errorf("escalated list (CUST-A was touched): %+v", escalated)
	}
	resp = manager.api("POST", idPath(f, "/api/v1/followup/%d/assign", "CUST-B"), `{"staff_id":"K001"}`)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("reassign: %d %s", resp.StatusCode, body(t, resp))
	}
	if resp := manager.api("POST", idPath(f, "/api/v1/followup/%d/assign", "CUST-B"), `{"staff_id":"K003"}`); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("reassign to another office's courier: %d", resp.StatusCode)
	}
	var after followupList
	courier = f.session(t, courierUser) // the first session expired with the ten days
	if err := json.Unmarshal([]byte(body(t, courier.api("GET", "/api/v1/followup?month=2026-05", ""))), &after); err != nil || after.Total != 2 {
		t.Errorf("courier's list after the reassignment: %+v %v", after, err)
	}
}

func TestUnownedPool(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	newcomer := postcrm.Staff{ID: "K004", Name: "孙揽投", Role: postcrm.RoleCourier, City: "石家庄市", OfficeCode: "13000002"}
	staff, err := f.store.Staff(ctx)
	if err != nil {
		t.Fatal(err)
	}
	offices, err := f.store.Offices(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.store.Apply(ctx, postcrm.Batch{Kind: postcrm.KindOrg, Offices: offices, Staff: append(staff, newcomer)}); err != nil {
		t.Fatal(err)
	}
	if err := f.store.CreateUser(ctx, postcrm.User{Name: newcomer.ID, PasswordHash: "unused", CreatedAt: f.clock.Now()}); err != nil {
		t.Fatal(err)
	}
	f.dispatchFixture(t)
	city := f.session(t, cityUser)
	page := body(t, city.get("/followup/pool"))
	if !strings.Contains(page, `data-customer="CUST-C"`) || !strings.Contains(page, "K004") || strings.Contains(page, `data-customer="CUST-A"`) {
		t.Fatalf("pool:\n%s", page)
	}
	if resp := f.session(t, officeUser).post("/customers/CUST-C/owner", url.Values{"staff": {"K004"}}); resp.StatusCode != http.StatusNotFound {
		t.Errorf("another office's manager assigning: %d", resp.StatusCode)
	}
	if resp := city.post("/customers/CUST-C/owner", url.Values{"staff": {courierUser}}); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("assigning another office's courier: %d", resp.StatusCode)
	}
	if resp := city.post("/customers/CUST-C/owner", url.Values{"staff": {"K004"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("assigning: %d %s", resp.StatusCode, body(t, resp))
	}
	if page := body(t, city.get("/followup/pool")); strings.Contains(page, `data-customer="CUST-C"`) {
		t.Error("an assigned customer stays in the pool")
	}
	c, err := f.store.ScopedCustomer(ctx, postcrm.Scope{Role: postcrm.RoleProvinceAdmin}, "CUST-C")
	if err != nil || c.OwnerStaffID != "K004" {
		t.Errorf("owner after assigning: %+v %v", c, err)
	}
	// The customer's open warning went to its new owner.
	list := body(t, f.session(t, "K004").get("/followup"))
	if !strings.Contains(list, idPath(f, `data-warning="%d"`, "CUST-C")) {
		t.Errorf("the new owner's list:\n%s", list)
	}
}

func TestEffectPage(t *testing.T) {
	f := newFixture(t)
	f.dispatchFixture(t)
	province := f.session(t, provinceUser)
	page := body(t, province.get("/followup/effect?month=2026-05"))
	for _, want := range []string{`id="pdca-plan"`, `id="pdca-do"`, `id="pdca-check"`, `id="pdca-act"`, "无人可派 1 条", `id="settings-form"`} {
		if !strings.Contains(page, want) {
			t.Errorf("effect page lacks %s", want)
		}
	}
	if resp := province.post("/followup/effect/notes?month=2026-05", url.Values{"note": {"回访有效"}, "thresholds": {"MinDrop 0.30 -> 0.35"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("act note: %d", resp.StatusCode)
	}
	if resp := province.post("/followup/effect/settings", url.Values{"holdout_percent": {"0"}, "due_days": {"5"}, "escalate_office_days": {"2"}, "escalate_city_days": {"4"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("settings: %d", resp.StatusCode)
	}
	if resp := province.post("/followup/effect/settings", url.Values{"holdout_percent": {"80"}, "due_days": {"5"}, "escalate_office_days": {"2"}, "escalate_city_days": {"4"}}); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("an 80%% holdout: %d", resp.StatusCode)
	}
	var e effectPage
	if err := json.Unmarshal([]byte(body(t, province.api("GET", "/api/v1/followup/effect?month=2026-05", ""))), &e); err != nil {
		t.Fatal(err)
	}
	if e.EffectAct == nil || len(e.Act) != 1 || e.Act[0].Thresholds != "MinDrop 0.30 -> 0.35" || e.Settings.DueDays != 5 || e.Settings.HoldoutShare != 0 || e.Plan.Dispatched != 4 {
		t.Errorf("effect API: %+v", e)
	}
	city := f.session(t, cityUser)
	for _, path := range []string{"/followup/effect/notes?month=2026-05", "/followup/effect/settings"} {
		if resp := city.post(path, url.Values{"note": {"本市结论"}, "holdout_percent": {"20"}}); resp.StatusCode != http.StatusForbidden {
			t.Errorf("a city manager posting %s: %d", path, resp.StatusCode)
		}
	}
}

// The early alerts' levels are the province's to set on the effect page:
// stored for the morning run and `postcrm alerts`, audited; a level the
// domain refuses is refused with its coded reason and changes nothing; a
// city manager may not post them.
func TestAlertSettingsForm(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	province := f.session(t, provinceUser)
	page := body(t, province.get("/followup/effect?month=2026-05"))
	for _, want := range []string{`id="alert-settings-form"`, `name="silent_level" inputmode="decimal" value="0.001"`, `name="min_drop_percent" type="number" min="1" max="99" value="50"`} {
		if !strings.Contains(page, want) {
			t.Errorf("effect page lacks %s", want)
		}
	}
	good := url.Values{"silent_level": {"0.0005"}, "slowdown_level": {"0.002"}, "recent_days": {"21"}, "min_drop_percent": {"40"}}
	resp := province.post("/followup/effect/alert-settings", good)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("saving the alert levels: %d %s", resp.StatusCode, body(t, resp))
	}
	if saved := body(t, province.get(resp.Header.Get("Location"))); !strings.Contains(saved, "提前预警设置已保存") {
		t.Errorf("no confirmation after saving the alert levels")
	}
	want := postcrm.AlertSettings{SilentLevel: 0.0005, SlowdownLevel: 0.002, RecentDays: 21, MinDrop: 0.4}
	if got, err := f.store.AlertSettings(ctx); err != nil || got != want {
		t.Errorf("stored %+v %v, want %+v", got, err, want)
	}
	es, _, err := f.store.AuditLog(ctx, postcrm.AuditQuery{Action: postcrm.AuditDataChange})
	audited := 0
	for _, e := range es {
		if e.Target == "alert_settings" {
			audited++
			if e.User != provinceUser || !strings.Contains(e.Detail, "silent_level=0.0005") {
				t.Errorf("audit entry %+v", e)
			}
		}
	}
	if err != nil || audited != 1 {
		t.Errorf("audit: %d entries of the alert settings %v", audited, err)
	}
	for field, bad := range map[string]string{"silent_level": "0.6", "slowdown_level": "千分之一", "recent_days": "3", "min_drop_percent": "100"} {
		v := url.Values{}
		maps.Copy(v, good)
		v[field] = []string{bad}
		resp := province.post("/followup/effect/alert-settings", v)
		page := body(t, resp)
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("%s = %s: %d", field, bad, resp.StatusCode)
		}
		if !strings.Contains(page, "预警概率水平应大于 0、小于 0.5") && !strings.Contains(page, "近期天数应在 7 到 56 天之间") && !strings.Contains(page, "最小降幅应大于 0%、小于 100%") {
			t.Errorf("%s = %s: no reason in\n%s", field, bad, page)
		}
		// the reason stands beside the field at fault, which keeps what was entered
		if beside := `name="` + field + `"`; !regexp.MustCompile(`class="field-error"[^<]*</p>\s*<input[^>]*` + beside + `[^>]*value="` + regexp.QuoteMeta(bad) + `" aria-invalid="true"`).MatchString(page) {
			t.Errorf("%s = %s: the reason is not beside the field, or the entry is lost", field, bad)
		}
	}
	if got, _ := f.store.AlertSettings(ctx); got != want {
		t.Errorf("after refusals: %+v, want %+v", got, want)
	}
	if resp := f.session(t, cityUser).post("/followup/effect/alert-settings", good); resp.StatusCode != http.StatusForbidden {
		t.Errorf("a city manager posting the alert levels: %d", resp.StatusCode)
	}
}
