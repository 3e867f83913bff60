package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"postcrm"
	"postcrm/hub"
	"postcrm/sqlstore"
)

// testHubsScoped: a hub is in the province's scope and its city's, not
// another city's nor a courier's; an office manager sees only their
// branch's volunteers by name and records only their attendance; only
// the hub's managers change it; a revoked wall link reads as revoked.
func testHubsScoped(t *testing.T, s *sqlstore.Store) {
	ctx := context.Background()
	a := postcrm.Actor{User: "tester"}
	province := postcrm.Scope{Role: postcrm.RoleProvinceAdmin}
	city := postcrm.Scope{Role: postcrm.RoleCityManager, City: "杭州"}
	other := postcrm.Scope{Role: postcrm.RoleCityManager, City: "宁波"}
	office := postcrm.Scope{Role: postcrm.RoleOfficeManager, City: "杭州", OfficeCode: "33000001"}
	courier := postcrm.Scope{Role: postcrm.RoleCourier, City: "杭州", OfficeCode: "33000001", StaffID: "K1"}
	if err := s.SaveHub(ctx, hub.Hub{Code: "HZ", Name: "杭州邮件处理中心", City: "杭州"}); err != nil {
		t.Fatal(err)
	}
	day := postcrm.Date(20261112)
	must[postcrm.WriteResult](t)(s.SaveHubRoster(ctx, []hub.RosterEntry{
		{Hub: "HZ", Day: day, Shift: hub.Early, Branch: "33000001", Person: "王伟", Phone: "13900000001", Status: hub.Signed},
		{Hub: "HZ", Day: day, Shift: hub.Early, Branch: "33000002", Person: "李娜", Phone: "13900000002", Status: hub.Signed},
	}))
	for _, c := range []struct {
		name string
		sc   postcrm.Scope
		in   bool
	}{{"province", province, true}, {"city", city, true}, {"office", office, true}, {"other city", other, false}, {"courier", courier, false}} {
		_, err := s.ScopedHub(ctx, c.sc, "HZ")
		if c.in != (err == nil) || (!c.in && !errors.Is(err, postcrm.ErrNotFound)) {
			t.Errorf("%s: ScopedHub %v, want in scope %v", c.name, err, c.in)
		}
		if hubs := must[[]hub.Hub](t)(s.ScopedHubs(ctx, c.sc)); (len(hubs) == 1) != c.in {
			t.Errorf("%s: ScopedHubs %v", c.name, hubs)
		}
	}
	rs := must[[]hub.RosterEntry](t)(s.ScopedHubRoster(ctx, office, "HZ", day, day))
	if len(rs) != 2 || rs[0].Person != "王伟" || rs[1].Person != "" || rs[1].Phone != "" {
		t.Errorf("office manager's roster %+v: want their branch named, the other counted", rs)
	}
	if rs := must[[]hub.RosterEntry](t)(s.ScopedHubRoster(ctx, city, "HZ", day, day)); rs[1].Person != "李娜" {
		t.Errorf("city manager's roster %+v", rs)
	}
	mine := hub.RosterEntry{Hub: "HZ", Day: day, Shift: hub.Early, Branch: "33000001", Person: "王伟", Status: hub.Present}
	if err := s.SetScopedRosterStatus(ctx, office, mine, a); err != nil {
		t.Fatal(err)
	}
	theirs := hub.RosterEntry{Hub: "HZ", Day: day, Shift: hub.Early, Branch: "33000002", Person: "李娜", Status: hub.NoShow}
	if err := s.SetScopedRosterStatus(ctx, office, theirs, a); !errors.Is(err, postcrm.ErrNotFound) {
		t.Errorf("office manager marking another branch: %v", err)
	}
	if err := s.SetScopedRosterStatus(ctx, city, theirs, a); err != nil {
		t.Fatal(err)
	}
	if rs := must[[]hub.RosterEntry](t)(s.HubRoster(ctx, "HZ", day, day)); rs[0].Status != hub.Present || rs[1].Status != hub.NoShow {
		t.Errorf("statuses %+v", rs)
	}
	added := hub.RosterEntry{Hub: "HZ", Day: day, Shift: hub.Late, Branch: "33000001", Person: "赵敏", Phone: "13800000000"}
	if err := s.AddScopedRosterVolunteer(ctx, office, added, a); err != nil {
		t.Fatal(err)
	}
	if err := s.AddScopedRosterVolunteer(ctx, office, added, a); !errors.Is(err, postcrm.ErrInvalid) {
		t.Errorf("adding the same volunteer twice: %v", err)
	}
	if err := s.AddScopedRosterVolunteer(ctx, office, hub.RosterEntry{Hub: "HZ", Day: day, Shift: hub.Late, Branch: "33000002", Person: "钱七"}, a); !errors.Is(err, postcrm.ErrNotFound) {
		t.Errorf("office manager adding to another branch: %v", err)
	}
	if err := s.AddScopedRosterVolunteer(ctx, other, added, a); !errors.Is(err, postcrm.ErrNotFound) {
		t.Errorf("another city adding: %v", err)
	}
	if rs := must[[]hub.RosterEntry](t)(s.HubRoster(ctx, "HZ", day, day)); len(rs) != 3 || rs[2].Person != "赵敏" || rs[2].Status != hub.Signed {
		t.Errorf("roster after the add %+v", rs)
	}
	snap := hub.CountSnapshot{Hub: "HZ", At: time.Unix(1_800_000_000, 0), OverdueGT24h: 7, Outsourced: 80, OutsourcedBaseline: 100}
	if err := s.SaveScopedHubCounts(ctx, office, snap, a); !errors.Is(err, postcrm.ErrNotAllowed) {
		t.Errorf("office manager saving counts: %v", err)
	}
	if err := s.SaveScopedHubCounts(ctx, city, snap, a); err != nil {
		t.Fatal(err)
	}
	if c := must[hub.CountSnapshot](t)(s.HubCountsAt(ctx, "HZ", snap.At)); c.OverdueGT24h != 7 || c.Outsourced != 80 {
		t.Errorf("saved counts %+v", c)
	}
	snap.Outsourced = -1
	if err := s.SaveScopedHubCounts(ctx, city, snap, a); !errors.Is(err, postcrm.ErrInvalid) {
		t.Errorf("negative count: %v", err)
	}

	set := hub.DefaultSettings("HZ")
	set.Threshold = 30 * time.Hour
	if err := s.SaveScopedHubSettings(ctx, office, set, a); !errors.Is(err, postcrm.ErrNotAllowed) {
		t.Errorf("office manager saving settings: %v", err)
	}
	if err := s.SaveScopedHubSettings(ctx, other, set, a); !errors.Is(err, postcrm.ErrNotFound) {
		t.Errorf("another city saving settings: %v", err)
	}
	if err := s.SaveScopedHubSettings(ctx, city, set, a); err != nil {
		t.Fatal(err)
	}
	if got := must[hub.Settings](t)(s.ScopedHubSettings(ctx, office, "HZ")); got.Threshold != 30*time.Hour {
		t.Errorf("threshold %s after the city manager's save", got.Threshold)
	}
	at := time.Date(2026, 11, 12, 9, 0, 0, 0, postcrm.ChinaTime)
	v := hub.Vehicle{Hub: "HZ", Vehicle: "浙A9", ArrivedAt: at, Pieces: 10}
	if err := s.SaveScopedHubVehicle(ctx, city, v, a); err != nil {
		t.Fatal(err)
	}
	if vs := must[[]hub.Vehicle](t)(s.ScopedHubVehicles(ctx, office, "HZ", time.Time{}, at)); len(vs) != 1 {
		t.Errorf("vehicles %+v", vs)
	}

	hash := "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	if err := s.CreateScopedHubLink(ctx, city, "HZ", hash, a); err != nil {
		t.Fatal(err)
	}
	l := must[hub.Link](t)(s.HubLink(ctx, hash))
	if l.Hub != "HZ" || !l.RevokedAt.IsZero() || l.ID != hash[:12] {
		t.Errorf("link %+v", l)
	}
	if err := s.RevokeScopedHubLink(ctx, city, "HZ", l.ID, a); err != nil {
		t.Fatal(err)
	}
	if l := must[hub.Link](t)(s.HubLink(ctx, hash)); l.RevokedAt.IsZero() {
		t.Error("revoked link reads as working")
	}
	if ls := must[[]hub.Link](t)(s.ScopedHubLinks(ctx, province, "HZ")); len(ls) != 1 {
		t.Errorf("links %+v", ls)
	}
	if _, err := s.HubLink(ctx, "ffff"); !errors.Is(err, postcrm.ErrNotFound) {
		t.Errorf("unknown link: %v", err)
	}
}
