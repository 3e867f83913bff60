package storetest

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"postcrm"
	"postcrm/hub"
	"postcrm/sqlstore"
)

// testHubs: hubs, their settings, vehicles upserted by hub, vehicle and
// arrival, the latest count snapshot by a moment, and quotas and roster
// by days read back as saved.
func testHubs(t *testing.T, s *sqlstore.Store) {
	ctx := context.Background()
	at := time.Date(2026, 11, 12, 9, 0, 0, 0, postcrm.ChinaTime)
	if err := s.SaveHub(ctx, hub.Hub{Code: "HZ", Name: "杭州邮件处理中心", City: "杭州"}); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveHub(ctx, hub.Hub{Code: "", Name: "x"}); err == nil {
		t.Error("a hub without a code was saved")
	}
	if got := must[[]hub.Hub](t)(s.Hubs(ctx)); len(got) != 1 || got[0].City != "杭州" {
		t.Errorf("hubs %+v", got)
	}
	set := must[hub.Settings](t)(s.HubSettings(ctx, "HZ"))
	if !reflect.DeepEqual(set, hub.DefaultSettings("HZ")) {
		t.Errorf("a new hub's settings %+v, want the defaults", set)
	}
	set.Threshold, set.RedAt, set.Target = 12*time.Hour, 80, at.Add(10*time.Hour)
	if err := s.SaveHubSettings(ctx, set); err != nil {
		t.Fatal(err)
	}
	if got := must[hub.Settings](t)(s.HubSettings(ctx, "HZ")); !reflect.DeepEqual(got, set) {
		t.Errorf("settings read back %+v, saved %+v", got, set)
	}

	v := hub.Vehicle{Hub: "HZ", Vehicle: "浙A1", Route: "沪杭", ArrivedAt: at.Add(-30 * time.Hour), Bags: 10, Pieces: 300}
	old := hub.Vehicle{Hub: "HZ", Vehicle: "浙A2", ArrivedAt: at.Add(-50 * time.Hour),
		UnloadStarted: at.Add(-20 * time.Hour), UnloadFinished: at.Add(-19 * time.Hour), Pieces: 5}
	later := hub.Vehicle{Hub: "HZ", Vehicle: "浙A3", ArrivedAt: at.Add(time.Hour), Pieces: 5}
	if res := must[postcrm.WriteResult](t)(s.SaveHubVehicles(ctx, []hub.Vehicle{v, old, later})); res.Inserted != 3 {
		t.Errorf("first save %+v", res)
	}
	v.UnloadStarted = at.Add(-time.Hour)
	if res := must[postcrm.WriteResult](t)(s.SaveHubVehicles(ctx, []hub.Vehicle{v, old})); res.Updated != 1 || res.Unchanged != 1 {
		t.Errorf("second save %+v, want one updated and one unchanged", res)
	}
	got := must[[]hub.Vehicle](t)(s.HubVehicles(ctx, "HZ", at.Add(-10*time.Hour), at))
	if len(got) != 1 || !got[0].UnloadStarted.Equal(v.UnloadStarted) || !got[0].ArrivedAt.Equal(v.ArrivedAt) || got[0].Pieces != 300 {
		t.Errorf("vehicles by %s: %+v, want 浙A1 updated", at, got)
	}
	if got := must[[]hub.Vehicle](t)(s.HubVehicles(ctx, "HZ", time.Time{}, at)); len(got) != 2 {
		t.Errorf("all arrived by %s: %d, want 2", at, len(got))
	}

	c1 := hub.CountSnapshot{Hub: "HZ", At: at.Add(-2 * time.Hour), OverdueGT24h: 10, Outsourced: 90, OutsourcedBaseline: 100}
	c2 := c1
	c2.At, c2.OverdueGT24h = at.Add(-time.Hour), 20
	must[postcrm.WriteResult](t)(s.SaveHubCounts(ctx, []hub.CountSnapshot{c1, c2}))
	if c := must[hub.CountSnapshot](t)(s.HubCountsAt(ctx, "HZ", at.Add(-90*time.Minute))); c.OverdueGT24h != 10 || !c.At.Equal(c1.At) {
		t.Errorf("counts by 07:30: %+v, want the 07:00 snapshot", c)
	}
	if _, err := s.HubCountsAt(ctx, "HZ", at.Add(-3*time.Hour)); !errors.Is(err, postcrm.ErrNotFound) {
		t.Errorf("counts before any: %v, want ErrNotFound", err)
	}

	day := postcrm.DateOf(at)
	q := []hub.Quota{{Hub: "HZ", Day: day, Shift: hub.Early, Branch: "上城区分公司", Needed: 8}}
	r := []hub.RosterEntry{{Hub: "HZ", Day: day, Shift: hub.Early, Branch: "上城区分公司", Person: "王伟", Phone: "13900000000", Status: hub.Present}}
	must[postcrm.WriteResult](t)(s.SaveHubQuotas(ctx, q))
	must[postcrm.WriteResult](t)(s.SaveHubRoster(ctx, r))
	if got := must[[]hub.Quota](t)(s.HubQuotas(ctx, "HZ", day, day)); !reflect.DeepEqual(got, q) {
		t.Errorf("quotas %+v, saved %+v", got, q)
	}
	if got := must[[]hub.RosterEntry](t)(s.HubRoster(ctx, "HZ", day, day)); !reflect.DeepEqual(got, r) {
		t.Errorf("roster %+v, saved %+v", got, r)
	}
	if got := must[[]hub.RosterEntry](t)(s.HubRoster(ctx, "HZ", day+1, day+2)); len(got) != 0 {
		t.Errorf("roster of later days %+v", got)
	}
}
