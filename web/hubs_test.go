package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"postcrm"
	"postcrm/hub"
)

// hubFixture registers a hub in 石家庄市 (the city of the walking city
// and office managers) and one in 唐山市, with a peak at the fixture's
// clock, and returns a working wall-screen token of the first.
func (f *fixture) hubFixture(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	for _, h := range []hub.Hub{{Code: "SJZ", Name: "石家庄邮件处理中心", City: "石家庄市"}, {Code: "TS", Name: "唐山邮件处理中心", City: "唐山市"}} {
		if err := f.store.SaveHub(ctx, h); err != nil {
			t.Fatal(err)
		}
	}
	d := hub.Peak("SJZ", f.clock.Now().Truncate(time.Minute), 1, []string{"13000001", "13000002", "13100001"})
	for _, err := range []error{
		second(f.store.SaveHubVehicles(ctx, d.Vehicles)), second(f.store.SaveHubCounts(ctx, d.Counts)),
		second(f.store.SaveHubQuotas(ctx, d.Quotas)), second(f.store.SaveHubRoster(ctx, d.Roster)),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	token := "wall-token-of-the-route-walk"
	if err := f.store.CreateScopedHubLink(ctx, postcrm.Scope{Role: postcrm.RoleProvinceAdmin}, "SJZ", tokenHash(token), postcrm.Actor{User: "test"}); err != nil {
		t.Fatal(err)
	}
	return token
}

func second[T any](_ T, err error) error { return err }

// hubRouteSamples: the 石家庄 hub is its city's managers' and office
// managers' (and the province's); the 唐山 one the province's only.
// Couriers have no hub pages.
func hubRouteSamples(f *fixture) map[string][]routeSample {
	token := f.hubFixture(f.t)
	readers := []string{officeUser, cityUser, provinceUser}
	managersOf := []string{cityUser, provinceUser}
	m := map[string][]routeSample{}
	for pattern, who := range map[string][]string{
		"GET /hubs/{code}": readers, "GET /hubs/{code}/rows": readers, "GET /hubs/{code}/workbook": readers, "POST /hubs/{code}/roster": readers,
		"POST /hubs/{code}/roster/add": readers, "GET /hubs/{code}/counts": managersOf, "POST /hubs/{code}/counts": managersOf,
		"GET /hubs/{code}/dock": managersOf, "POST /hubs/{code}/vehicles": managersOf,
		"GET /hubs/{code}/settings": managersOf, "POST /hubs/{code}/settings": managersOf, "POST /hubs/{code}/links": managersOf,
		"GET /api/v1/hubs/{code}/board": readers, "POST /api/v1/hubs/{code}/vehicles": managersOf,
	} {
		path := strings.Replace(strings.SplitN(pattern, " ", 2)[1], "{code}", "SJZ", 1)
		other := strings.Replace(path, "SJZ", "TS", 1)
		if strings.HasSuffix(path, "/rows") {
			path, other = path+"?tile=waiting", other+"?tile=waiting"
		}
		m[pattern] = []routeSample{{path, who}, {other, []string{provinceUser}}, {strings.Replace(path, "SJZ", "NOPE", 1), nil}}
	}
	id := tokenHash(token)[:12]
	m["POST /hubs/{code}/links/{id}/revoke"] = []routeSample{{"/hubs/TS/links/" + id + "/revoke", nil}, {"/hubs/SJZ/links/000000000000/revoke", nil}}
	m["GET /wall/{token}"] = []routeSample{{"/wall/" + token, nil}, {"/wall/unknown", nil}}
	m["GET /wall/{token}/events"] = []routeSample{{"/wall/unknown/events", nil}}
	return m
}

// TestHubBoardScoping: the office manager (a branch coordinator) sees
// the names of their own branch's volunteers only and cannot open the
// settings; the city manager sees all; another city's hub is 404.
func TestHubBoardScoping(t *testing.T) {
	f := newFixture(t)
	f.hubFixture(t)
	at := "?tile=roster"
	office := page(t, f, officeUser, "/hubs/SJZ/rows"+at)
	city := page(t, f, cityUser, "/hubs/SJZ/rows"+at)
	if !strings.Contains(office, "（其他单位）") || strings.Count(office, "name=\"person\"") == 0 {
		t.Errorf("office manager's roster: want other branches unnamed and their own markable")
	}
	if strings.Contains(city, "（其他单位）") {
		t.Errorf("city manager's roster hides names")
	}
	if strings.Count(office, `name="person" value="`) >= strings.Count(city, `name="person" value="`) {
		t.Errorf("office manager may mark as many volunteers as the city manager")
	}
	c := f.session(t, officeUser)
	if got := c.do(c.request("GET", "/hubs/SJZ/settings", nil)).StatusCode; got != http.StatusForbidden {
		t.Errorf("office manager on the settings: %d, want 403", got)
	}
	c = f.session(t, cityUser)
	if got := c.do(c.request("GET", "/hubs/TS", nil)).StatusCode; got != http.StatusNotFound {
		t.Errorf("city manager on another city's hub: %d, want 404", got)
	}
}

// TestHubSettingsChangeBoard: a threshold saved on the settings page
// changes the board at its next request, same server.
func TestHubSettingsChangeBoard(t *testing.T) {
	f := newFixture(t)
	f.hubFixture(t)
	before := page(t, f, cityUser, "/hubs/SJZ")
	if !strings.Contains(before, "超过 24 小时待卸") {
		t.Fatalf("board without the 24 h tile")
	}
	c := f.session(t, cityUser)
	form := url.Values{"threshold_hours": {"12"}, "amber_at": {"1"}, "red_at": {"500"}, "early_start": {"08:00"}, "late_start": {"20:00"},
		"pieces_per_crew_hour": {"3000"}, "pieces_per_volunteer_hour": {"300"}, "rate_window_hours": {"3"}}
	resp := c.post("/hubs/SJZ/settings", form)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("save settings: %d", resp.StatusCode)
	}
	after := page(t, f, cityUser, "/hubs/SJZ")
	if !strings.Contains(after, "超过 12 小时待卸") || !strings.Contains(after, "band-amber") {
		t.Errorf("board after the save shows no 12 h tile in amber")
	}
	form.Set("threshold_hours", "abc")
	if resp := c.post("/hubs/SJZ/settings", form); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("bad threshold: %d, want 400", resp.StatusCode)
	}
}
