package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"postcrm"
)

var alertCols = []string{"kind", "customer_code", "office_code", "owner_staff_id", "raised_on", "last_shipped", "silent_days",
	"expected_items", "actual_items", "p", "score", "reason", "cleared_on", "cleared_why", "warning_id"}

func scanAlert(sc scanner, a *postcrm.Alert) error {
	var kind string
	var raised, last, cleared int64
	err := sc.Scan(&a.ID, &kind, &a.CustomerCode, &a.OfficeCode, &a.OwnerStaffID, &raised, &last, &a.SilentDays,
		&a.ExpectedItems, &a.ActualItems, &a.P, &a.Score, &a.Reason, &cleared, &a.ClearedWhy, &a.WarningID)
	a.Kind, a.RaisedOn, a.LastShipped, a.ClearedOn = postcrm.WarningKind(kind), postcrm.Date(raised), postcrm.Date(last), postcrm.Date(cleared)
	return err
}

const selectAlerts = "SELECT id, kind, customer_code, office_code, owner_staff_id, raised_on, last_shipped, silent_days," +
	" expected_items, actual_items, p, score, reason, cleared_on, cleared_why, warning_id FROM alerts"

// AlertsSince lists the alerts open on or cleared after since (cleared
// on 0 or after it), by customer code then day raised; alerts raised
// after the day a caller judges are for it to leave out (alert.Known).
func (s *Store) AlertsSince(ctx context.Context, since postcrm.Date) ([]postcrm.Alert, error) {
	q := selectAlerts + " WHERE cleared_on = 0 OR cleared_on >= ? ORDER BY customer_code, raised_on"
	as, err := queryAll(ctx, s, q, []any{int64(since)}, scanAlert)
	if err != nil {
		return nil, fmt.Errorf("read alerts since %s: %w", since, err)
	}
	return as, nil
}

// LastAlertRun is the latest day the alerts were stored for, 0 when none.
func (s *Store) LastAlertRun(ctx context.Context) (postcrm.Date, error) {
	var day sql.NullInt64
	if err := s.db.QueryRowContext(ctx, "SELECT MAX(day) FROM alert_runs").Scan(&day); err != nil {
		return 0, fmt.Errorf("read last alert run: %w", err)
	}
	return postcrm.Date(day.Int64), nil
}

// SaveAlertRun stores a day's judgement in one transaction: the raised
// alerts, each with its follow-up case (a warning of its kind in the
// day's month, or the month's warning already there for the customer,
// which it attaches to), the cleared ones' day and why, and the run. A
// second run for the same day adds nothing twice. It returns the raised
// alerts with their IDs and warning IDs.
func (s *Store) SaveAlertRun(ctx context.Context, day postcrm.Date, raised, cleared []postcrm.Alert) ([]postcrm.Alert, error) {
	out := append([]postcrm.Alert(nil), raised...)
	err := s.inTx(ctx, func(w *writer) error {
		if len(raised) > 0 {
			if err := w.bump(versionAnalysis); err != nil {
				return err
			}
		}
		for i := range out {
			if err := w.saveAlert(day, &out[i]); err != nil {
				return err
			}
		}
		for _, a := range cleared {
			err := s.exec(ctx, w.tx, "UPDATE alerts SET cleared_on = ?, cleared_why = ? WHERE id = ? AND cleared_on = 0",
				int64(a.ClearedOn), a.ClearedWhy, a.ID)
			if err != nil {
				return err
			}
		}
		return s.exec(ctx, w.tx, "INSERT INTO alert_runs (day, raised, cleared) VALUES (?, ?, ?)"+
			" ON CONFLICT (day) DO UPDATE SET raised = excluded.raised, cleared = excluded.cleared",
			int64(day), int64(len(raised)), int64(len(cleared)))
	})
	if err != nil {
		return nil, fmt.Errorf("save alerts of %s: %w", day, err)
	}
	return out, nil
}

// saveAlert stores a raised alert and its case, keeping an alert already
// stored for the customer and day.
func (w *writer) saveAlert(day postcrm.Date, a *postcrm.Alert) error {
	if a.RaisedOn != day || !a.Kind.IsAlert() {
		return fmt.Errorf("alert of %s: raised on %s as %q", a.CustomerCode, a.RaisedOn, a.Kind)
	}
	month := int64(day.YearMonth())
	ins := "INSERT INTO warnings (month, customer_code, sender_phone, kind, office_code, owner_staff_id, expected_items," +
		" actual_items, expected_fen, actual_fen, revenue_at_risk_fen, score, reason) VALUES (?, ?, '', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)" +
		" ON CONFLICT (month, customer_code, sender_phone) DO NOTHING"
	err := w.s.exec(w.ctx, w.tx, ins, month, a.CustomerCode, string(a.Kind), a.OfficeCode, a.OwnerStaffID,
		a.ExpectedItems, a.ActualItems, a.ExpectedFen, a.ActualFen, max(0, a.ExpectedFen-a.ActualFen), a.Score, a.Reason)
	if err != nil {
		return err
	}
	if err := w.one("SELECT id FROM warnings WHERE month = ? AND customer_code = ? AND sender_phone = ''",
		[]any{month, a.CustomerCode}, &a.WarningID); err != nil {
		return err
	}
	ins = "INSERT INTO alerts (" + strings.Join(alertCols, ", ") + ") VALUES (" + strings.Repeat("?, ", len(alertCols)-1) + "?)" +
		" ON CONFLICT (customer_code, raised_on) DO NOTHING"
	err = w.s.exec(w.ctx, w.tx, ins, string(a.Kind), a.CustomerCode, a.OfficeCode, a.OwnerStaffID, int64(a.RaisedOn),
		int64(a.LastShipped), int64(a.SilentDays), a.ExpectedItems, a.ActualItems, a.P, a.Score, a.Reason, int64(0), "", a.WarningID)
	if err != nil {
		return err
	}
	return w.one("SELECT id FROM alerts WHERE customer_code = ? AND raised_on = ?", []any{a.CustomerCode, int64(day)}, &a.ID)
}

// one reads a single int64 within the transaction.
func (w *writer) one(q string, args []any, dst *int64) error {
	found := false
	err := w.query(stmtKey{text: q}, func() string { return q }, args, func(sc scanner) error {
		found = true
		return sc.Scan(dst)
	})
	if err == nil && !found {
		err = errors.New("no row")
	}
	if err != nil {
		return fmt.Errorf("%.80q: %w", q, err)
	}
	return nil
}

// OpenAlertCases maps each customer with an open alert to the alert's
// follow-up case (its warning ID): the month's warning for the customer
// attaches to it instead of opening a second case.
func (s *Store) OpenAlertCases(ctx context.Context) (map[string]int64, error) {
	cases := map[string]int64{}
	err := each(ctx, s, "SELECT customer_code, warning_id FROM alerts WHERE cleared_on = 0", nil, func(sc scanner) error {
		var code string
		var id int64
		if err := sc.Scan(&code, &id); err != nil {
			return err
		}
		cases[code] = id
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read open alert cases: %w", err)
	}
	return cases, nil
}

// AlertSettings reads the province's alert levels.
func (s *Store) AlertSettings(ctx context.Context) (postcrm.AlertSettings, error) {
	var set postcrm.AlertSettings
	const q = "SELECT silent_level, slowdown_level, recent_days, min_drop FROM alert_settings WHERE id = 1"
	if err := s.db.QueryRowContext(ctx, q).Scan(&set.SilentLevel, &set.SlowdownLevel, &set.RecentDays, &set.MinDrop); err != nil {
		return set, fmt.Errorf("read alert settings: %w", err)
	}
	return set, nil
}

// SaveAlertSettings replaces the alert levels, with an audit entry; the
// caller has checked them (AlertSettings.Validate).
func (s *Store) SaveAlertSettings(ctx context.Context, set postcrm.AlertSettings, a postcrm.Actor) error {
	err := s.inTx(ctx, func(w *writer) error {
		err := s.exec(ctx, w.tx, "UPDATE alert_settings SET silent_level = ?, slowdown_level = ?, recent_days = ?, min_drop = ? WHERE id = 1",
			set.SilentLevel, set.SlowdownLevel, int64(set.RecentDays), set.MinDrop)
		if err != nil {
			return err
		}
		return w.audit(a, "alert_settings", fmt.Sprintf("silent_level=%g slowdown_level=%g recent_days=%d min_drop=%g",
			set.SilentLevel, set.SlowdownLevel, set.RecentDays, set.MinDrop))
	})
	if err != nil {
		return fmt.Errorf("save alert settings: %w", err)
	}
	return nil
}

// AlertHistoryCache reads the histories kept for month and the digest
// of the rollups they were read from; nil when none are kept.
func (s *Store) AlertHistoryCache(ctx context.Context, month postcrm.Month) (string, []byte, error) {
	var digest string
	var body []byte
	err := s.db.QueryRowContext(ctx, s.rebind("SELECT digest, body FROM alert_history_cache WHERE month = ?"), int64(month)).Scan(&digest, &body)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil, nil
	}
	if err != nil {
		return "", nil, fmt.Errorf("read alert history cache of %d: %w", month, err)
	}
	return digest, body, nil
}

// SaveAlertHistoryCache keeps the histories of month with the digest of
// the rollups they were read from, replacing those kept for it and
// dropping other months'.
func (s *Store) SaveAlertHistoryCache(ctx context.Context, month postcrm.Month, digest string, body []byte) error {
	err := s.inTx(ctx, func(w *writer) error {
		if err := s.exec(ctx, w.tx, "DELETE FROM alert_history_cache WHERE month <> ?", int64(month)); err != nil {
			return err
		}
		return s.exec(ctx, w.tx, "INSERT INTO alert_history_cache (month, digest, body) VALUES (?, ?, ?)"+
			" ON CONFLICT (month) DO UPDATE SET digest = excluded.digest, body = excluded.body", int64(month), digest, body)
	})
	if err != nil {
		return fmt.Errorf("save alert history cache of %d: %w", month, err)
	}
	return nil
}

// CustomerDaysDigest sums up the contract customers' rollups of a range
// of days — rows, items and postage — so that a change to any of them
// (an import of old items, a correction) shows without reading them.
func (s *Store) CustomerDaysDigest(ctx context.Context, r postcrm.DayRange) (string, error) {
	var n, items, fen sql.NullInt64
	err := s.db.QueryRowContext(ctx, s.rebind("SELECT COUNT(*), SUM(items), SUM(postage_fen) FROM customer_daily WHERE day BETWEEN ? AND ?"),
		dayArgs(r)...).Scan(&n, &items, &fen)
	if err != nil {
		return "", fmt.Errorf("digest customer days %s..%s: %w", r.From, r.To, err)
	}
	return fmt.Sprintf("%d/%d/%d", n.Int64, items.Int64, fen.Int64), nil
}
