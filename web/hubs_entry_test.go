package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"postcrm"
)

// TestHubCountsForm: a refused snapshot shows its errors beside the
// fields, in Chinese; a saved one redirects with a confirmation, is
// audited, and the board shows it at its next request. An office
// manager may not enter counts.
func TestHubCountsForm(t *testing.T) {
	f := newFixture(t)
	f.hubFixture(t)
	c := f.session(t, cityUser)
	form := url.Values{"at": {""}, "overdue_le12h": {"-5"}, "overdue_12_24h": {"abc"}, "overdue_gt24h": {"333"},
		"sorted_pieces": {"9000"}, "outsourced": {"83"}, "outsourced_baseline": {"101"}}
	resp := c.post("/hubs/SJZ/counts", form)
	refused := body(t, resp)
	if resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("bad counts: %d, want 400", resp.StatusCode)
	}
	for _, want := range []string{`id="c-overdue_12_24h-error">请填整数。`, `value="abc"`} {
		if !strings.Contains(refused, want) {
			t.Errorf("refused form lacks %q", want)
		}
	}
	form.Set("overdue_12_24h", "555")
	resp = c.post("/hubs/SJZ/counts", form)
	if refused = body(t, resp); !strings.Contains(refused, `id="c-overdue_le12h-error">数值不能为负`) {
		t.Errorf("negative count refused without its message beside the field")
	}
	form.Set("overdue_le12h", "777")
	form.Set("at", "2099-01-01T08:00")
	resp = c.post("/hubs/SJZ/counts", form)
	if refused = body(t, resp); resp.StatusCode != http.StatusBadRequest || !strings.Contains(refused, `id="c-at-error">统计时间不能晚于现在`) {
		t.Errorf("future snapshot: %d", resp.StatusCode)
	}
	form.Set("at", "")
	resp = c.post("/hubs/SJZ/counts", form)
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/hubs/SJZ/counts?done=") {
		t.Fatalf("save counts: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	if done := page(t, f, cityUser, resp.Header.Get("Location")); !strings.Contains(done, `id="counts-done"`) || !strings.Contains(done, "83") {
		t.Errorf("no confirmation after the save")
	}
	board := page(t, f, cityUser, "/hubs/SJZ")
	for _, want := range []string{"12 小时内 777 ／ 12–24 小时 555 ／ 24 小时以上 333", "今日 83 ÷ 基数 101"} {
		if !strings.Contains(board, want) {
			t.Errorf("board after the save lacks %q", want)
		}
	}
	log, _, err := f.store.AuditLog(context.Background(), postcrm.AuditQuery{User: cityUser, Action: postcrm.AuditDataChange})
	if err != nil {
		t.Fatal(err)
	}
	if len(log) == 0 || log[0].Target != "hub SJZ counts" {
		t.Errorf("counts not audited: %+v", log)
	}
	o := f.session(t, officeUser)
	if got := o.post("/hubs/SJZ/counts", form).StatusCode; got != http.StatusForbidden {
		t.Errorf("office manager entering counts: %d, want 403", got)
	}
}

// TestHubRosterAddScoping: an office manager adds a volunteer of their
// own branch to the shift (audited, shown at once); another branch's is
// 404, another city's hub 404, a missing name refused beside the field.
// The city manager adds to any branch of their hub.
func TestHubRosterAddScoping(t *testing.T) {
	f := newFixture(t)
	f.hubFixture(t)
	o := f.session(t, officeUser)
	resp := o.post("/hubs/SJZ/roster/add", url.Values{"person": {"周志愿"}, "phone": {"13912345678"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("office manager adding their own: %d", resp.StatusCode)
	}
	roster := page(t, f, officeUser, resp.Header.Get("Location"))
	if !strings.Contains(roster, `id="roster-added"`) || !strings.Contains(roster, "13912345678") {
		t.Errorf("added volunteer not on the roster with a confirmation")
	}
	if got := o.post("/hubs/SJZ/roster/add", url.Values{"person": {"吴志愿"}, "branch": {"13000002"}}).StatusCode; got != http.StatusNotFound {
		t.Errorf("office manager adding to another branch: %d, want 404", got)
	}
	if got := o.post("/hubs/TS/roster/add", url.Values{"person": {"吴志愿"}}).StatusCode; got != http.StatusNotFound {
		t.Errorf("office manager adding to another city's hub: %d, want 404", got)
	}
	resp = o.post("/hubs/SJZ/roster/add", url.Values{"person": {""}})
	if refused := body(t, resp); resp.StatusCode != http.StatusBadRequest || !strings.Contains(refused, `id="r-person-error">请填志愿者姓名`) {
		t.Errorf("nameless volunteer: %d, want 400 with the message beside the name", resp.StatusCode)
	}
	if got := f.session(t, courierUser).post("/hubs/SJZ/roster/add", url.Values{"person": {"吴志愿"}}).StatusCode; got != http.StatusForbidden {
		t.Errorf("courier adding: %d, want 403", got)
	}
	c := f.session(t, cityUser)
	if got := c.post("/hubs/SJZ/roster/add", url.Values{"person": {"吴志愿"}, "branch": {"13000002"}}).StatusCode; got != http.StatusSeeOther {
		t.Errorf("city manager adding to any branch: %d", got)
	}
	log, _, err := f.store.AuditLog(context.Background(), postcrm.AuditQuery{User: officeUser, Action: postcrm.AuditDataChange})
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != 1 || log[0].Target != "hub SJZ roster 周志愿" {
		t.Errorf("roster add audit %+v", log)
	}
}

// TestHubNoShowsPage: the no-shows per person add up to the roster's
// no-shows of the window; the office manager sees their branch's by
// name and the others' unnamed, the city manager all by name; another
// city's hub is 404.
func TestHubNoShowsPage(t *testing.T) {
	f := newFixture(t)
	f.hubFixture(t)
	day := postcrm.DateOf(f.clock.Now())
	rs, err := f.store.HubRoster(context.Background(), "SJZ", postcrm.DateOf(day.Time().AddDate(0, 0, -60)), day)
	if err != nil {
		t.Fatal(err)
	}
	want, names := 0, map[string]bool{}
	for _, r := range rs {
		if r.Status == "no_show" {
			want++
			names[r.Person] = r.Branch != "13000001"
		}
	}
	if want == 0 {
		t.Fatal("fixture without no-shows")
	}
	if other := countTrue(names); other == 0 || other == len(names) {
		t.Fatalf("fixture no-shows %v: want some of the office's branch and some of others", names)
	}
	sum := func(html string) (n int) {
		for _, cell := range strings.Split(html, `data-label="缺勤次数">`)[1:] {
			var k int
			if _, err := fmt.Sscanf(cell, "%d", &k); err != nil {
				t.Fatal(err)
			}
			n += k
		}
		return n
	}
	city := page(t, f, cityUser, "/hubs/SJZ/rows?tile=no_shows")
	office := page(t, f, officeUser, "/hubs/SJZ/rows?tile=no_shows")
	if got := sum(city); got != want {
		t.Errorf("city manager's no-shows add up to %d, want %d", got, want)
	}
	if got := sum(office); got != want {
		t.Errorf("office manager's no-shows add up to %d, want %d", got, want)
	}
	for name, other := range names {
		if !strings.Contains(city, name) {
			t.Errorf("city manager does not see %s", name)
		}
		if other && strings.Contains(office, ">"+name+"<") {
			t.Errorf("office manager sees another branch's %s by name", name)
		}
	}
	c := f.session(t, cityUser)
	if got := c.do(c.request("GET", "/hubs/TS/rows?tile=no_shows", nil)).StatusCode; got != http.StatusNotFound {
		t.Errorf("another city's no-shows: %d, want 404", got)
	}
}

func countTrue(m map[string]bool) (n int) {
	for _, v := range m {
		if v {
			n++
		}
	}
	return n
}
