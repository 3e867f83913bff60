package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"postcrm"
)

// seedAdjustments stores one adjustment per scope: the province's (in
// force on the fixture's day), 石家庄市's (announced for two days on),
// an office's draft and 唐山市's.
func seedAdjustments(t *testing.T, f *fixture) {
	t.Helper()
	_, err := f.store.Apply(context.Background(), postcrm.Batch{Kind: postcrm.KindAdjustments, Adjustments: []postcrm.Adjustment{
		{ID: "TZ-P", Scope: postcrm.ScopeProvince, Kind: postcrm.AdjustDestination, Provinces: []string{"上海"}, From: 20260601, To: 20260620, Reason: "寄达地疫情防控", Status: postcrm.AdjustApproved},
		{ID: "TZ-C", Scope: "石家庄市", Kind: postcrm.AdjustSuspend, From: 20260612, To: 20260614, Reason: "暴雨", Status: postcrm.AdjustApproved},
		{ID: "TZ-O2", Scope: "13000002", Kind: postcrm.AdjustDestination, Provinces: []string{"北京"}, From: 20260615, Status: postcrm.AdjustDrafted},
		{ID: "TZ-T", Scope: "唐山市", Kind: postcrm.AdjustSuspend, From: 20260601, To: 20260603, Status: postcrm.AdjustApproved},
	}})
	if err != nil {
		t.Fatal(err)
	}
}

// policyRouteSamples are the register's record routes: each adjustment
// for those whose scope holds it, and a missing one for nobody.
func policyRouteSamples(f *fixture) map[string][]routeSample {
	seedAdjustments(f.t, f)
	visible := map[string][]string{
		"TZ-P":  everyone,
		"TZ-C":  everyone,
		"TZ-O2": {cityUser, provinceUser},
		"TZ-T":  {provinceUser},
	}
	m := map[string][]routeSample{}
	for _, pattern := range []string{"GET /policy/{id}", "POST /policy/{id}/step", "GET /api/v1/policy/{id}"} {
		path := strings.SplitN(pattern, " ", 2)[1]
		for id, who := range visible {
			m[pattern] = append(m[pattern], routeSample{strings.Replace(path, "{id}", id, 1), who})
		}
		m[pattern] = append(m[pattern], routeSample{strings.Replace(path, "{id}", "NOPE", 1), nil})
	}
	// Only a draft is editable (another's state is refused with 403,
	// which the walk reads as a role refusal): the draft and a missing one.
	for _, pattern := range []string{"GET /policy/{id}/edit", "POST /policy/{id}/edit"} {
		path := strings.SplitN(pattern, " ", 2)[1]
		m[pattern] = []routeSample{{strings.Replace(path, "{id}", "TZ-O2", 1), visible["TZ-O2"]},
			{strings.Replace(path, "{id}", "NOPE", 1), nil}}
	}
	return m
}

// The register's workflow through its pages: a city manager drafts for
// the city from the form (and is refused another city's, beside the
// field); the province submits it, records the approval, which tells
// the offices' staff, and lifts it early; the courier sees it on the
// start page while in force; each step is in the audit log.
func TestPolicyWorkflowThroughPages(t *testing.T) {
	f := newFixture(t)
	seedAdjustments(t, f)
	city, province, courier := f.session(t, cityUser), f.session(t, provinceUser), f.session(t, courierUser)

	form := url.Values{"id": {"TZ26-08"}, "scope": {"唐山市"}, "kind": {"destination"}, "provinces": {"上海、广东"},
		"from": {"2026-06-10"}, "reason": {"寄达地管控"}, "notice_at": {"2026-06-09T22:40"}}
	resp := city.post("/policy", form)
	if html := body(t, resp); resp.StatusCode != http.StatusBadRequest || !strings.Contains(html, "地市只能为本地市或本地市的营业部起草调整") ||
		!strings.Contains(html, `value="上海、广东"`) {
		t.Fatalf("a draft for another city: %d, want 400 with the message beside the scope and the values kept", resp.StatusCode)
	}
	form.Set("scope", "石家庄市")
	form.Set("provinces", "上海、火星")
	if resp := city.post("/policy", form); resp.StatusCode != http.StatusBadRequest || !strings.Contains(body(t, resp), "有寄达省不认识") {
		t.Fatalf("an unknown province: %d, want 400", resp.StatusCode)
	}
	form.Set("provinces", "上海、广东")
	resp = city.post("/policy", form)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/policy/TZ26-08?done=drafted" {
		t.Fatalf("the draft: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	if html := body(t, city.get("/policy/TZ26-08?done=drafted")); !strings.Contains(html, "草稿已保存") || !strings.Contains(html, "草拟") {
		t.Errorf("the draft's page lacks its confirmation or state")
	}
	if resp := city.post("/policy/TZ26-08/step", url.Values{"step": {"submitted"}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("a city manager taking a step: %d, want 403", resp.StatusCode)
	}
	if resp := province.post("/policy/TZ26-08/step", url.Values{"step": {"approved"}}); resp.StatusCode != http.StatusConflict {
		t.Errorf("approving a draft not yet submitted: %d, want 409", resp.StatusCode)
	}
	f.clock.Advance(30 * 60e9)
	for _, step := range []string{"submitted", "approved"} {
		f.clock.Advance(2 * 3600e9)
		resp := province.post("/policy/TZ26-08/step", url.Values{"step": {step}})
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/policy/TZ26-08?done="+step {
			t.Fatalf("step %s: %d %s", step, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
	// The notice at 22:40, the approval the next day at 13:30: 14.8 hours.
	if html := body(t, province.get("/policy")); !strings.Contains(html, "<td class=\"num\" data-label=\"通知到批准（小时）\">14.8</td>") || !strings.Contains(html, "TZ26-08") {
		t.Errorf("the register lacks the hours from the notice to approval")
	}
	ns, err := f.store.Notices(context.Background(), postcrm.NoticeQuery{})
	if err != nil {
		t.Fatal(err)
	}
	told := map[string]bool{}
	for _, n := range ns {
		if n.Kind == postcrm.NoticeAdjustmentInForce && n.CustomerName == "TZ26-08" {
			told[n.Recipient] = true
		}
	}
	if !told[courierUser] || !told[officeUser] || told[spareUser] {
		t.Errorf("the approval told %v: want 石家庄's office staff, not 唐山's", told)
	}
	home := body(t, courier.get("/"))
	if !strings.Contains(home, `id="adjustments-in-force"`) || !strings.Contains(home, "暂停收寄寄往上海、广东的邮件") ||
		!strings.Contains(home, "暂停收寄寄往上海的邮件") || strings.Contains(home, "TZ-T") {
		t.Errorf("the courier's start page does not show the adjustments in force in their scope")
	}
	resp = province.post("/policy/TZ26-08/step", url.Values{"step": {"lifted"}, "lift_on": {"2026-06-11"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("lifting: %d", resp.StatusCode)
	}
	if html := body(t, courier.get("/policy/TZ26-08")); !strings.Contains(html, "已解除") || !strings.Contains(html, "6 月 10 日") {
		t.Errorf("the lifted adjustment's page does not say so")
	}
	f.clock.Advance(24 * 3600e9) // the day acceptance resumes
	if html := body(t, courier.get("/")); strings.Contains(html, "上海、广东") {
		t.Errorf("the lifted adjustment is still on the courier's start page")
	}
	log, _, err := f.store.AuditLog(context.Background(), postcrm.AuditQuery{})
	if err != nil {
		t.Fatal(err)
	}
	steps := 0
	for _, e := range log {
		if e.Target == "adjustment TZ26-08" {
			steps++
		}
	}
	if steps != 4 {
		t.Errorf("%d audit entries of the adjustment, want 4 (drafted, submitted, approved, lifted)", steps)
	}
}

// The register's list shows a role only its scope's adjustments.
func TestPolicyListScoped(t *testing.T) {
	f := newFixture(t)
	seedAdjustments(t, f)
	for name, want := range map[string][]string{
		courierUser:  {"TZ-P", "TZ-C"},
		cityUser:     {"TZ-P", "TZ-C", "TZ-O2"},
		provinceUser: {"TZ-P", "TZ-C", "TZ-O2", "TZ-T"},
	} {
		html := body(t, f.session(t, name).get("/policy?year=2026"))
		for _, id := range []string{"TZ-P", "TZ-C", "TZ-O2", "TZ-T"} {
			shown := strings.Contains(html, `data-adjustment="`+id+`"`)
			if shown != slices.Contains(want, id) {
				t.Errorf("%s: %s shown %v", name, id, shown)
			}
		}
	}
}

// A draft is edited on the drafting form: filled with what is stored,
// refused beside the field, saved with a confirmation and a step and an
// audit entry; once submitted, or for another city's manager, it is no
// longer editable.
func TestPolicyDraftEdit(t *testing.T) {
	f := newFixture(t)
	seedAdjustments(t, f)
	city, province := f.session(t, cityUser), f.session(t, provinceUser)
	form := url.Values{"id": {"TZ26-09"}, "scope": {"石家庄市"}, "kind": {"destination"}, "provinces": {"上海"},
		"from": {"2026-06-20"}, "reason": {"寄达地管控"}, "notice_at": {"2026-06-19T23:05"}}
	if resp := city.post("/policy", form); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("the draft: %d", resp.StatusCode)
	}
	html := body(t, city.get("/policy/TZ26-09"))
	if !strings.Contains(html, `href="/policy/TZ26-09/edit"`) {
		t.Errorf("the draft's page has no edit link for its city manager")
	}
	html = body(t, city.get("/policy/TZ26-09/edit"))
	for _, want := range []string{`action="/policy/TZ26-09/edit"`, `value="上海"`, `value="2026-06-20"`, `value="2026-06-19T23:05"`, "readonly"} {
		if !strings.Contains(html, want) {
			t.Errorf("the edit form lacks %s", want)
		}
	}
	form.Set("provinces", "上海、火星")
	if resp := city.post("/policy/TZ26-09/edit", form); resp.StatusCode != http.StatusBadRequest || !strings.Contains(body(t, resp), "有寄达省不认识") {
		t.Fatalf("an edit with an unknown province: %d, want 400 with the message", resp.StatusCode)
	}
	form.Set("scope", "唐山市")
	form.Set("provinces", "上海、广东")
	if resp := city.post("/policy/TZ26-09/edit", form); resp.StatusCode != http.StatusBadRequest || !strings.Contains(body(t, resp), "地市只能为本地市或本地市的营业部起草调整") {
		t.Fatalf("an edit moving the draft to another city: %d, want 400", resp.StatusCode)
	}
	form.Set("scope", "石家庄市")
	form.Set("id", "OTHER") // the 编号 stays
	form.Set("to", "2026-06-30")
	resp := city.post("/policy/TZ26-09/edit", form)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/policy/TZ26-09?done=edited" {
		t.Fatalf("the edit: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	if html := body(t, city.get("/policy/TZ26-09?done=edited")); !strings.Contains(html, "草稿已修改") {
		t.Errorf("the page after the edit lacks its confirmation")
	}
	a, steps, err := f.store.Adjustment(context.Background(), "TZ26-09")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(a.Provinces, []string{"上海", "广东"}) || a.To != 20260630 || a.Status != postcrm.AdjustDrafted || len(steps) != 2 {
		t.Errorf("stored after the edit: %+v, %d steps", a, len(steps))
	}
	if _, _, err := f.store.Adjustment(context.Background(), "OTHER"); err == nil {
		t.Errorf("the edit stored a second adjustment under the posted 编号")
	}
	audit, _, err := f.store.AuditLog(context.Background(), postcrm.AuditQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(audit, func(e postcrm.AuditEntry) bool {
		return e.Target == "adjustment TZ26-09" && strings.HasPrefix(e.Detail, "修改草稿")
	}) {
		t.Errorf("the edit is not in the audit log")
	}
	// Submitted: no longer editable, by anyone.
	if resp := province.post("/policy/TZ26-09/step", url.Values{"step": {"submitted"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit: %d", resp.StatusCode)
	}
	if resp := province.get("/policy/TZ26-09/edit"); resp.StatusCode != http.StatusForbidden {
		t.Errorf("editing a submitted adjustment: %d, want 403", resp.StatusCode)
	}
	if resp := city.post("/policy/TZ26-09/edit", form); resp.StatusCode != http.StatusForbidden {
		t.Errorf("posting an edit of a submitted adjustment: %d, want 403", resp.StatusCode)
	}
	if html := body(t, city.get("/policy/TZ26-09")); strings.Contains(html, "/policy/TZ26-09/edit") {
		t.Errorf("a submitted adjustment's page still links to the edit form")
	}
}
