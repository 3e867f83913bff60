package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"postcrm"
	"postcrm/problem"
)

// fixtureProblems are the problems of the route walk: one of office
// 13000001 owned by the courier (with a measure of theirs), one of the
// city 石家庄市, one of the other city's office and one of the province.
type fixtureProblems struct{ office, city, other, province, measure int64 }

func (f *fixture) problemFixture(t *testing.T) fixtureProblems {
	t.Helper()
	ctx := context.Background()
	due := postcrm.DateOf(time.Now()).AddDays(20)
	raise := func(by string, p problem.Problem) int64 {
		t.Helper()
		sc := postcrm.ScopeOf(f.user(t, by))
		sc.StaffID = by
		p.Source, p.DueOn = problem.FromReport, due
		got, err := f.store.RaiseProblem(ctx, sc, p, postcrm.Actor{User: by})
		if err != nil {
			t.Fatal(err)
		}
		return got.ID
	}
	var ps fixtureProblems
	ps.office = raise(officeUser, problem.Problem{Title: "中华大街退件无人跟", Unit: problem.Unit{Level: problem.LevelOffice, OfficeCode: "13000001"}, Owner: courierUser,
		Watch: problem.Watch{Figure: problem.FigWarnings, Direction: problem.AtMost, Target: 100}})
	ps.city = raise(cityUser, problem.Problem{Title: "石家庄散户收入下滑", Unit: problem.Unit{Level: problem.LevelCity, City: "石家庄市"}, Owner: cityUser})
	ps.other = raise(provinceUser, problem.Problem{Title: "新华道投诉", Unit: problem.Unit{Level: problem.LevelOffice, OfficeCode: "13100001"}, Owner: spareUser})
	ps.province = raise(provinceUser, problem.Problem{Title: "全省数据质量", Unit: problem.Unit{Level: problem.LevelProvince}, Owner: provinceUser})
	sc := postcrm.ScopeOf(f.user(t, officeUser))
	m, err := f.store.AddMeasure(ctx, sc, ps.office, problem.Measure{Text: "每天清退件", Owner: courierUser, DueOn: due}, postcrm.Actor{User: officeUser})
	if err != nil {
		t.Fatal(err)
	}
	ps.measure = m.ID
	return ps
}

// problemRouteSamples: who may open each problem's routes. A problem is
// its unit's managers' and those above, and its owners'.
func problemRouteSamples(f *fixture) map[string][]routeSample {
	ps := f.problemFixture(f.t)
	visible := map[int64][]string{
		ps.office:   everyone,
		ps.city:     {cityUser, provinceUser},
		ps.other:    {provinceUser},
		ps.province: {provinceUser},
	}
	m := map[string][]routeSample{}
	for _, pattern := range []string{"GET /problems/{id}", "POST /problems/{id}/step", "POST /problems/{id}/measures"} {
		path := strings.SplitN(pattern, " ", 2)[1]
		for id, who := range visible {
			m[pattern] = append(m[pattern], routeSample{strings.Replace(path, "{id}", itoa(id), 1), who})
		}
		m[pattern] = append(m[pattern], routeSample{strings.Replace(path, "{id}", "999999", 1), nil}, routeSample{strings.Replace(path, "{id}", "x", 1), nil})
	}
	m["POST /problems/{id}/measures/{mid}"] = []routeSample{
		{"/problems/" + itoa(ps.office) + "/measures/" + itoa(ps.measure), everyone},
		{"/problems/" + itoa(ps.city) + "/measures/" + itoa(ps.measure), nil}, // the measure is not the city problem's
		{"/problems/" + itoa(ps.office) + "/measures/999999", nil},
	}
	return m
}

// TestProblemListScoping: each role's list holds exactly the problems it
// may see, and the other city's manager opens none of this city's.
func TestProblemListScoping(t *testing.T) {
	onEveryStore(t, func(t *testing.T, f *fixture) {
		ps := f.problemFixture(t)
		want := map[string][]int64{
			courierUser:  {ps.office},
			officeUser:   {ps.office},
			cityUser:     {ps.office, ps.city},
			provinceUser: {ps.office, ps.city, ps.other, ps.province},
			otherCity:    {ps.other},
			spareUser:    {ps.other},
		}
		all := []int64{ps.office, ps.city, ps.other, ps.province}
		for name, ids := range want {
			page := body(t, f.session(t, name).get("/problems"))
			for _, id := range all {
				has := strings.Contains(page, `data-problem="`+itoa(id)+`"`)
				if has != slices.Contains(ids, id) {
					t.Errorf("%s: problem %d listed %v", name, id, has)
				}
			}
		}
		mine := body(t, f.session(t, courierUser).get("/problems/mine"))
		if !strings.Contains(mine, "中华大街退件无人跟") || !strings.Contains(mine, "每天清退件") {
			t.Errorf("courier's work list:\n%s", mine)
		}
		if resp := f.session(t, otherCity).get("/problems/" + itoa(ps.city)); resp.StatusCode != http.StatusNotFound {
			t.Errorf("other city opens the city's problem: %d", resp.StatusCode)
		}
	})
}

// TestProblemFromPDCAToClosed raises a problem from a PDCA conclusion
// through the prefilled form, takes it through every state by HTTP as
// the owner and the verifier: closing without evidence is refused with
// the message beside the field, the history lists each step, and the
// bulletin's paragraph counts it.
func TestProblemFromPDCAToClosed(t *testing.T) {
	onEveryStore(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		note, err := f.store.AddActNote(ctx, postcrm.ActNote{Month: testMonth, Note: "新签客户起量慢要专人盯\n第二行"}, postcrm.Actor{User: provinceUser})
		if err != nil {
			t.Fatal(err)
		}
		prov := f.session(t, provinceUser)
		form := body(t, prov.get("/problems/new?act_note="+itoa(note.ID)+"&month=2026-05"))
		for _, want := range []string{`value="新签客户起量慢要专人盯"`, `value="pdca" checked`, "act_note:" + itoa(note.ID) + ":2026-05"} {
			if !strings.Contains(form, want) {
				t.Errorf("prefilled form lacks %s", want)
			}
		}
		effect := body(t, prov.get("/followup/effect?month=2026-05"))
		if !strings.Contains(effect, "/problems/new?act_note="+itoa(note.ID)+"&amp;month=2026-05") {
			t.Errorf("effect page has no link to raise the note as a problem")
		}
		due := postcrm.DateOf(time.Now()).AddDays(10).String()
		resp := prov.post("/problems", url.Values{"title": {"新签客户起量慢要专人盯"}, "source": {"pdca"}, "source_ref": {"act_note:" + itoa(note.ID) + ":2026-05"},
			"unit": {"office:13000001"}, "owner": {courierUser + " 李揽投"}, "due": {due}, "figure": {"warnings"}, "direction": {"at_most"}, "target": {"1000"}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("raise: %d\n%s", resp.StatusCode, body(t, resp))
		}
		loc := resp.Header.Get("Location")
		path := strings.TrimSuffix(loc, "?done=raised")
		if page := body(t, prov.get(loc)); !strings.Contains(page, `id="problem-done"`) || !strings.Contains(page, `id="watch-chart"`) {
			t.Errorf("problem page after raising:\n%s", page)
		}
		courier, mgr := f.session(t, courierUser), f.session(t, officeUser)
		step := func(c *client, action string, v url.Values) *http.Response {
			t.Helper()
			if v == nil {
				v = url.Values{}
			}
			v.Set("action", action)
			return c.post(path+"/step", v)
		}
		expect := func(resp *http.Response, status int) {
			t.Helper()
			if resp.StatusCode != status {
				t.Fatalf("want %d, got %d\n%s", status, resp.StatusCode, body(t, resp))
			}
		}
		expect(step(courier, "claim", nil), http.StatusSeeOther)
		expect(courier.post(path+"/measures", url.Values{"text": {"每周回访新签客户"}, "measure_owner": {courierUser}, "measure_due": {due}}), http.StatusSeeOther)
		expect(step(courier, "start", nil), http.StatusSeeOther)
		p, err := f.store.ScopedProblem(ctx, postcrm.Scope{Role: postcrm.RoleProvinceAdmin}, mustID(t, path))
		if err != nil {
			t.Fatal(err)
		}
		expect(courier.post(path+"/measures/"+itoa(p.Measures[0].ID), url.Values{"state": {"done"}}), http.StatusSeeOther)
		expect(step(courier, "submit", url.Values{"note": {"三户已起量"}}), http.StatusSeeOther)
		refused := step(mgr, "close", nil)
		page := body(t, refused)
		if refused.StatusCode != http.StatusBadRequest || !strings.Contains(page, "请写明佐证") || !strings.Contains(page, `class="field-error"`) {
			t.Errorf("close without evidence: %d\n%s", refused.StatusCode, page)
		}
		expect(step(courier, "close", url.Values{"note": {"我自己验"}}), http.StatusConflict)
		expect(step(mgr, "close", url.Values{"note": {"抽查三户发件清单"}}), http.StatusSeeOther)
		page = body(t, mgr.get(path))
		for _, want := range []string{"已销号", "三户已起量", "抽查三户发件清单", "每周回访新签客户"} {
			if !strings.Contains(page, want) {
				t.Errorf("closed problem's page lacks %s", want)
			}
		}
	})
}

func mustID(t *testing.T, path string) int64 {
	t.Helper()
	var id int64
	for _, r := range strings.TrimPrefix(path, "/problems/") {
		if r < '0' || r > '9' {
			t.Fatalf("no ID in %s", path)
		}
		id = id*10 + int64(r-'0')
	}
	return id
}
