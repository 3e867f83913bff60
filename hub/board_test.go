package hub_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"postcrm"
	"postcrm/hub"
	"postcrm/sqlite"
	"postcrm/sqlstore"
)

// peakMoment is the fixture's peak: a Double-11 morning.
var peakMoment = time.Date(2026, 11, 12, 9, 0, 0, 0, postcrm.ChinaTime)

func openStore(t testing.TB) *sqlstore.Store {
	t.Helper()
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "hub.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// loadPeak registers hub HZ and stores its peak.
func loadPeak(t testing.TB, s *sqlstore.Store) {
	t.Helper()
	ctx := context.Background()
	if err := s.SaveHub(ctx, hub.Hub{Code: "HZ", Name: "杭州邮件处理中心", City: "杭州"}); err != nil {
		t.Fatal(err)
	}
	d := hub.Peak("HZ", peakMoment, 1, nil)
	for _, err := range []error{
		second(s.SaveHubVehicles(ctx, d.Vehicles)), second(s.SaveHubCounts(ctx, d.Counts)),
		second(s.SaveHubQuotas(ctx, d.Quotas)), second(s.SaveHubRoster(ctx, d.Roster)),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
}

func second[T any](_ T, err error) error { return err }

// sqlBoard is the board's counts computed by SQL over the raw rows, by
// the definitions, independently of package hub.
type sqlBoard struct {
	waiting, over, bags, pieces, unloading int
	oldest                                 int64 // seconds
	lastHour, lastHourBags, lastHourPieces int
	needed, signed, present, openSlots     int
}

func boardBySQL(t *testing.T, db *sql.DB, at time.Time, threshold time.Duration, day postcrm.Date, shift hub.Shift) sqlBoard {
	t.Helper()
	var b sqlBoard
	a := at.Unix()
	row := func(q string, args []any, dest ...any) {
		t.Helper()
		if err := db.QueryRow(q, args...).Scan(dest...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	waiting := "hub = 'HZ' AND arrived_at <= ?1 AND (unload_started_at = 0 OR unload_started_at > ?1)"
	row("SELECT COUNT(*), COALESCE(SUM(bags), 0), COALESCE(SUM(pieces), 0), COALESCE(MAX(?1 - arrived_at), 0) FROM hub_vehicles WHERE "+waiting,
		[]any{a}, &b.waiting, &b.bags, &b.pieces, &b.oldest)
	row("SELECT COUNT(*) FROM hub_vehicles WHERE "+waiting+" AND ?1 - arrived_at >= ?2", []any{a, int64(threshold / time.Second)}, &b.over)
	row("SELECT COUNT(*) FROM hub_vehicles WHERE hub = 'HZ' AND unload_started_at <> 0 AND unload_started_at <= ?1"+
		" AND (unload_finished_at = 0 OR unload_finished_at > ?1)", []any{a}, &b.unloading)
	row("SELECT COUNT(*), COALESCE(SUM(bags), 0), COALESCE(SUM(pieces), 0) FROM hub_vehicles WHERE hub = 'HZ'"+
		" AND unload_finished_at > ?1 - 3600 AND unload_finished_at <= ?1", []any{a}, &b.lastHour, &b.lastHourBags, &b.lastHourPieces)
	row(`SELECT COALESCE(SUM(n), 0), COALESCE(SUM(s), 0), COALESCE(SUM(p), 0), COALESCE(SUM(MAX(0, n - s)), 0) FROM (
		SELECT br.branch,
			(SELECT COALESCE(SUM(needed), 0) FROM hub_quotas q WHERE q.hub = 'HZ' AND q.day = ?1 AND q.shift = ?2 AND q.branch = br.branch) AS n,
			(SELECT COUNT(*) FROM hub_roster r WHERE r.hub = 'HZ' AND r.day = ?1 AND r.shift = ?2 AND r.branch = br.branch) AS s,
			(SELECT COUNT(*) FROM hub_roster r WHERE r.hub = 'HZ' AND r.day = ?1 AND r.shift = ?2 AND r.branch = br.branch AND r.status = 'present') AS p
		FROM (SELECT branch FROM hub_quotas WHERE hub = 'HZ' AND day = ?1 AND shift = ?2
			UNION SELECT branch FROM hub_roster WHERE hub = 'HZ' AND day = ?1 AND shift = ?2) br)`,
		[]any{int64(day), string(shift)}, &b.needed, &b.signed, &b.present, &b.openSlots)
	return b
}

func checkAgainstSQL(t *testing.T, s *sqlstore.Store, at time.Time) hub.Board {
	t.Helper()
	b, err := hub.Load(context.Background(), s, "HZ", at)
	if err != nil {
		t.Fatal(err)
	}
	want := boardBySQL(t, s.DB(), at, b.Settings.Threshold, b.Shift.Day, b.Shift.Name)
	got := sqlBoard{waiting: b.Waiting, over: b.WaitingOver, bags: b.WaitingBags, pieces: b.WaitingPieces,
		unloading: b.Unloading, oldest: int64(b.OldestWait / time.Second),
		lastHour: b.LastHour.Vehicles, lastHourBags: b.LastHour.Bags, lastHourPieces: b.LastHour.Pieces,
		needed: b.Shift.Needed, signed: b.Shift.Signed, present: b.Shift.Present, openSlots: b.Shift.OpenSlots}
	if got != want {
		t.Errorf("at %s:\nboard %+v\nSQL   %+v", at.Format(hub.TimeLayout), got, want)
	}
	return b
}

// TestBoardMatchesSQL: at moments before, at and after the peak, the
// board's counts equal the definitions computed in SQL over the
// raw rows; at the peak 192 vehicles have waited 24 hours or more.
func TestBoardMatchesSQL(t *testing.T) {
	s := openStore(t)
	loadPeak(t, s)
	for _, h := range []int{-50, -30, -12, -1, 0, 2, 5, 13, 20, 40} {
		at := peakMoment.Add(time.Duration(h) * time.Hour)
		b := checkAgainstSQL(t, s, at)
		if h == 0 && b.WaitingOver != 192 {
			t.Errorf("at the peak %d vehicles over 24 h, want 192", b.WaitingOver)
		}
	}
	// Attendance and open slots of the peak's shift: the overfull branch
	// does not hide the short one.
	b := checkAgainstSQL(t, s, peakMoment)
	if b.Shift.OpenSlots == 0 || b.Shift.Signed < b.Shift.Needed-b.Shift.OpenSlots {
		t.Errorf("shift %+v: want a gap shown beside a surplus", b.Shift)
	}
}

// TestThresholdChangeTakesEffect: a saved threshold or colour band shows
// at the next computation of the same store, no restart.
func TestThresholdChangeTakesEffect(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	loadPeak(t, s)
	before := checkAgainstSQL(t, s, peakMoment)
	set, err := s.HubSettings(ctx, "HZ")
	if err != nil {
		t.Fatal(err)
	}
	set.Threshold = 12 * time.Hour
	set.AmberAt, set.RedAt = 100, 1000
	if err := s.SaveHubSettings(ctx, set); err != nil {
		t.Fatal(err)
	}
	after := checkAgainstSQL(t, s, peakMoment)
	if after.WaitingOver <= before.WaitingOver {
		t.Errorf("12 h threshold: %d over, 24 h: %d; want more", after.WaitingOver, before.WaitingOver)
	}
	if before.Settings.Band(before.WaitingOver) != "red" || after.Settings.Band(after.WaitingOver) != "amber" {
		t.Errorf("bands: %s before, %s after; want red then amber", before.Settings.Band(before.WaitingOver), after.Settings.Band(after.WaitingOver))
	}
}

// TestLaterRowUpdatesVehicle: the same hub, vehicle and arrival sent
// again with its unload times updates the row; the board then sees it
// unloading.
func TestLaterRowUpdatesVehicle(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	if err := s.SaveHub(ctx, hub.Hub{Code: "HZ", Name: "杭州"}); err != nil {
		t.Fatal(err)
	}
	v := hub.Vehicle{Hub: "HZ", Vehicle: "浙A1", ArrivedAt: peakMoment.Add(-2 * time.Hour), Pieces: 100}
	res, err := s.SaveHubVehicles(ctx, []hub.Vehicle{v})
	if err != nil || res.Inserted != 1 {
		t.Fatalf("first save %+v, %v", res, err)
	}
	v.UnloadStarted = peakMoment.Add(-time.Hour)
	if res, err = s.SaveHubVehicles(ctx, []hub.Vehicle{v, v}); err != nil || res.Updated != 1 || res.Unchanged != 1 {
		t.Fatalf("second save %+v, %v", res, err)
	}
	b, err := hub.Load(ctx, s, "HZ", peakMoment)
	if err != nil {
		t.Fatal(err)
	}
	if b.Waiting != 0 || b.Unloading != 1 {
		t.Errorf("waiting %d, unloading %d; want 0 and 1", b.Waiting, b.Unloading)
	}
}
