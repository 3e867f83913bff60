package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"postcrm"
	"postcrm/hub"
)

var _ hub.Store = (*Store)(nil)

// The hub board's tables (migration 0028): hubs, their settings, vehicle
// arrivals, count snapshots, quotas and roster. Each record is upserted
// by its key; an identical row counts as unchanged.

// SaveHub registers a hub or renames it.
func (s *Store) SaveHub(ctx context.Context, h hub.Hub) error {
	if err := h.Validate(); err != nil {
		return err
	}
	err := s.inTx(ctx, func(w *writer) error {
		return s.exec(ctx, w.tx, "INSERT INTO hubs (code, name, city) VALUES (?, ?, ?)"+
			" ON CONFLICT (code) DO UPDATE SET name = excluded.name, city = excluded.city", h.Code, h.Name, h.City)
	})
	if err != nil {
		return fmt.Errorf("save hub %q: %w", h.Code, err)
	}
	return nil
}

// Hubs lists the registered hubs by code.
func (s *Store) Hubs(ctx context.Context) ([]hub.Hub, error) {
	return queryAll(ctx, s, "SELECT code, name, city FROM hubs ORDER BY code", nil, func(sc scanner, h *hub.Hub) error {
		return sc.Scan(&h.Code, &h.Name, &h.City)
	})
}

const hubSettingsCols = "threshold_min, amber_at, red_at, early_start, late_start, crew_rate, volunteer_rate, rate_window_min, target_at"

// HubSettings reads a hub's settings, the defaults if never saved.
func (s *Store) HubSettings(ctx context.Context, code string) (hub.Settings, error) {
	set := hub.DefaultSettings(code)
	var threshold, window, target int64
	err := s.db.QueryRowContext(ctx, s.rebind("SELECT "+hubSettingsCols+" FROM hub_settings WHERE hub = ?"), code).Scan(
		&threshold, &set.AmberAt, &set.RedAt, &set.EarlyStart, &set.LateStart,
		&set.PiecesPerCrewHour, &set.PiecesPerVolunteerHour, &window, &target)
	if errors.Is(err, sql.ErrNoRows) {
		return set, nil
	}
	if err != nil {
		return set, fmt.Errorf("read settings of hub %q: %w", code, err)
	}
	set.Threshold, set.RateWindow = time.Duration(threshold)*time.Minute, time.Duration(window)*time.Minute
	set.Target = unixTime(target)
	return set, nil
}

// SaveHubSettings replaces a hub's settings.
func (s *Store) SaveHubSettings(ctx context.Context, set hub.Settings) error {
	if err := set.Validate(); err != nil {
		return err
	}
	args := []any{set.Hub, int64(set.Threshold / time.Minute), set.AmberAt, set.RedAt, set.EarlyStart, set.LateStart,
		set.PiecesPerCrewHour, set.PiecesPerVolunteerHour, int64(set.RateWindow / time.Minute), unixOf(set.Target)}
	q := "INSERT INTO hub_settings (hub, " + hubSettingsCols + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (hub) DO UPDATE SET "
	var sets []string
	for _, c := range strings.Split(hubSettingsCols, ", ") {
		sets = append(sets, c+" = excluded."+c)
	}
	err := s.inTx(ctx, func(w *writer) error { return s.exec(ctx, w.tx, q+strings.Join(sets, ", "), args...) })
	if err != nil {
		return fmt.Errorf("save settings of hub %q: %w", set.Hub, err)
	}
	return nil
}

// hubRows is one table of hub records: its columns, the first keyCols
// of them its key.
type hubRows struct {
	table   string
	cols    []string
	keyCols int
}

var (
	hubVehicleRows = hubRows{"hub_vehicles", []string{"hub", "vehicle", "arrived_at", "route", "unload_started_at", "unload_finished_at", "bags", "pieces"}, 3}
	hubCountRows   = hubRows{"hub_counts", []string{"hub", "at", "overdue_le12h", "overdue_12_24h", "overdue_gt24h", "sorted_pieces", "outsourced", "outsourced_baseline"}, 2}
	hubQuotaRows   = hubRows{"hub_quotas", []string{"hub", "day", "shift", "branch", "needed"}, 4}
	hubRosterRows  = hubRows{"hub_roster", []string{"hub", "day", "shift", "branch", "person", "phone", "status"}, 5}
)

// upsert writes rows in one transaction: a new key is inserted, a key
// with other values updated, an identical row left alone.
func (s *Store) upsertHubRows(ctx context.Context, t hubRows, rows [][]any) (postcrm.WriteResult, error) {
	var res postcrm.WriteResult
	keyWhere := strings.Join(t.cols[:t.keyCols], " = ? AND ") + " = ?"
	sel := "SELECT " + strings.Join(t.cols[t.keyCols:], ", ") + " FROM " + t.table + " WHERE " + keyWhere
	ins := "INSERT INTO " + t.table + " (" + strings.Join(t.cols, ", ") + ") VALUES (?" + strings.Repeat(", ?", len(t.cols)-1) + ")"
	upd := "UPDATE " + t.table + " SET " + strings.Join(t.cols[t.keyCols:], " = ?, ") + " = ? WHERE " + keyWhere
	err := s.inTx(ctx, func(w *writer) error {
		for _, r := range rows {
			key, vals := r[:t.keyCols], r[t.keyCols:]
			old, err := queryAllTx(w, sel, key, func(sc scanner, got *[]string) error {
				*got = make([]string, len(vals))
				ptrs := make([]any, len(vals))
				for i := range *got {
					ptrs[i] = &(*got)[i]
				}
				return sc.Scan(ptrs...)
			})
			if err != nil {
				return err
			}
			switch {
			case len(old) == 0:
				res.Inserted++
				err = s.exec(ctx, w.tx, ins, r...)
			case sameValues(old[0], vals):
				res.Unchanged++
			default:
				res.Updated++
				err = s.exec(ctx, w.tx, upd, append(append([]any(nil), vals...), key...)...)
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return postcrm.WriteResult{}, fmt.Errorf("save %s: %w", t.table, err)
	}
	return res, nil
}

func sameValues(old []string, vals []any) bool {
	for i, v := range vals {
		if old[i] != fmt.Sprint(v) {
			return false
		}
	}
	return true
}

// unixOf is t in Unix seconds, 0 for the zero time.
func unixOf(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}

// unixTime is the time of Unix seconds in China time, zero for 0.
func unixTime(sec int64) time.Time {
	if sec == 0 {
		return time.Time{}
	}
	return time.Unix(sec, 0).In(postcrm.ChinaTime)
}

// SaveHubVehicles upserts vehicle arrivals by hub, vehicle and arrival.
func (s *Store) SaveHubVehicles(ctx context.Context, vs []hub.Vehicle) (postcrm.WriteResult, error) {
	rows := make([][]any, len(vs))
	for i, v := range vs {
		if err := v.Validate(); err != nil {
			return postcrm.WriteResult{}, fmt.Errorf("vehicle %q: %w", v.Vehicle, err)
		}
		rows[i] = []any{v.Hub, v.Vehicle, unixOf(v.ArrivedAt), v.Route, unixOf(v.UnloadStarted), unixOf(v.UnloadFinished), int64(v.Bags), int64(v.Pieces)}
	}
	return s.upsertHubRows(ctx, hubVehicleRows, rows)
}

// HubVehicles lists the hub's vehicles that arrived by at and had not
// finished unloading by since, by arrival.
func (s *Store) HubVehicles(ctx context.Context, code string, since, at time.Time) ([]hub.Vehicle, error) {
	q := "SELECT " + strings.Join(hubVehicleRows.cols, ", ") + " FROM hub_vehicles" +
		" WHERE hub = ? AND arrived_at <= ? AND (unload_finished_at = 0 OR unload_finished_at > ?) ORDER BY arrived_at, vehicle"
	vs, err := queryAll(ctx, s, q, []any{code, at.Unix(), unixOf(since)}, func(sc scanner, v *hub.Vehicle) error {
		var arrived, started, finished int64
		err := sc.Scan(&v.Hub, &v.Vehicle, &arrived, &v.Route, &started, &finished, &v.Bags, &v.Pieces)
		v.ArrivedAt, v.UnloadStarted, v.UnloadFinished = unixTime(arrived), unixTime(started), unixTime(finished)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read vehicles of hub %q: %w", code, err)
	}
	return vs, nil
}

// SaveHubCounts upserts count snapshots by hub and moment.
func (s *Store) SaveHubCounts(ctx context.Context, cs []hub.CountSnapshot) (postcrm.WriteResult, error) {
	rows := make([][]any, len(cs))
	for i, c := range cs {
		if err := c.Validate(); err != nil {
			return postcrm.WriteResult{}, err
		}
		rows[i] = []any{c.Hub, c.At.Unix(), int64(c.OverdueLE12h), int64(c.Overdue12to24h), int64(c.OverdueGT24h),
			int64(c.SortedPieces), int64(c.Outsourced), int64(c.OutsourcedBaseline)}
	}
	return s.upsertHubRows(ctx, hubCountRows, rows)
}

// HubCountsAt is the hub's latest snapshot at or before at.
func (s *Store) HubCountsAt(ctx context.Context, code string, at time.Time) (hub.CountSnapshot, error) {
	q := "SELECT " + strings.Join(hubCountRows.cols, ", ") + " FROM hub_counts WHERE hub = ? AND at <= ? ORDER BY at DESC LIMIT 1"
	c := hub.CountSnapshot{}
	var when int64
	err := s.db.QueryRowContext(ctx, s.rebind(q), code, at.Unix()).Scan(&c.Hub, &when, &c.OverdueLE12h, &c.Overdue12to24h,
		&c.OverdueGT24h, &c.SortedPieces, &c.Outsourced, &c.OutsourcedBaseline)
	if errors.Is(err, sql.ErrNoRows) {
		return c, fmt.Errorf("counts of hub %q by %s: %w", code, at, postcrm.ErrNotFound)
	}
	if err != nil {
		return c, fmt.Errorf("read counts of hub %q: %w", code, err)
	}
	c.At = unixTime(when)
	return c, nil
}

// SaveHubQuotas upserts quotas by hub, day, shift and branch.
func (s *Store) SaveHubQuotas(ctx context.Context, qs []hub.Quota) (postcrm.WriteResult, error) {
	rows := make([][]any, len(qs))
	for i, q := range qs {
		if err := q.Validate(); err != nil {
			return postcrm.WriteResult{}, err
		}
		rows[i] = []any{q.Hub, int64(q.Day), string(q.Shift), q.Branch, int64(q.Needed)}
	}
	return s.upsertHubRows(ctx, hubQuotaRows, rows)
}

// SaveHubRoster upserts roster entries by hub, day, shift, branch and person.
func (s *Store) SaveHubRoster(ctx context.Context, rs []hub.RosterEntry) (postcrm.WriteResult, error) {
	rows := make([][]any, len(rs))
	for i, r := range rs {
		if err := r.Validate(); err != nil {
			return postcrm.WriteResult{}, err
		}
		rows[i] = []any{r.Hub, int64(r.Day), string(r.Shift), r.Branch, r.Person, r.Phone, string(r.Status)}
	}
	return s.upsertHubRows(ctx, hubRosterRows, rows)
}

// HubQuotas lists the hub's quotas of the days from..to.
func (s *Store) HubQuotas(ctx context.Context, code string, from, to postcrm.Date) ([]hub.Quota, error) {
	q := "SELECT hub, day, shift, branch, needed FROM hub_quotas WHERE hub = ? AND day BETWEEN ? AND ? ORDER BY day, shift, branch"
	return queryAll(ctx, s, q, []any{code, int64(from), int64(to)}, func(sc scanner, x *hub.Quota) error {
		var day int64
		err := sc.Scan(&x.Hub, &day, &x.Shift, &x.Branch, &x.Needed)
		x.Day = postcrm.Date(day)
		return err
	})
}

// HubRoster lists the hub's roster of the days from..to.
func (s *Store) HubRoster(ctx context.Context, code string, from, to postcrm.Date) ([]hub.RosterEntry, error) {
	q := "SELECT hub, day, shift, branch, person, phone, status FROM hub_roster WHERE hub = ? AND day BETWEEN ? AND ? ORDER BY day, shift, branch, person"
	return queryAll(ctx, s, q, []any{code, int64(from), int64(to)}, func(sc scanner, x *hub.RosterEntry) error {
		var day int64
		err := sc.Scan(&x.Hub, &day, &x.Shift, &x.Branch, &x.Person, &x.Phone, &x.Status)
		x.Day = postcrm.Date(day)
		return err
	})
}
