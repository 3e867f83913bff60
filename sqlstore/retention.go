package sqlstore

import (
	"context"
	"fmt"

	"postcrm"
)

// Retention: `postcrm prune` deletes the raw waybills older than the
// months the province keeps. The rollups (customer_daily, walkin_daily,
// courier_daily, office_monthly), warnings, scores and follow-up are
// kept, so the analysis, the reports and the trends do not change; the
// customer page lists fewer old waybills. The day before which waybills
// are gone is kept, and imports skip waybills before it.

// PruneWaybills deletes the waybills accepted before the day before, a
// month at a time (each its own transaction, so that a province's years
// do not make one huge transaction), and records the day. It returns
// the rows deleted.
func (s *Store) PruneWaybills(ctx context.Context, before postcrm.Date) (int64, error) {
	var oldest int64
	if err := s.db.QueryRowContext(ctx, s.rebind("SELECT COALESCE(MIN(day), 0) FROM waybills WHERE day < ?"), int64(before)).Scan(&oldest); err != nil {
		return 0, fmt.Errorf("oldest waybill: %w", err)
	}
	var total int64
	from := postcrm.Date(oldest)
	for from != 0 && from < before {
		to := min(postcrm.NewDate(from.Year(), from.Month()+1, 1), before)
		err := s.inTx(ctx, func(w *writer) error {
			r, err := w.tx.ExecContext(ctx, s.rebind("DELETE FROM waybills WHERE day >= ? AND day < ?"), int64(from), int64(to))
			if err != nil {
				return err
			}
			n, err := r.RowsAffected()
			total += n
			return err
		})
		if err != nil {
			return total, fmt.Errorf("delete waybills from %s to %s: %w", from, to, err)
		}
		from = to
	}
	const mark = `INSERT INTO waybill_retention (id, before_day) VALUES (1, ?)
		ON CONFLICT (id) DO UPDATE SET before_day = CASE WHEN excluded.before_day > waybill_retention.before_day
		THEN excluded.before_day ELSE waybill_retention.before_day END`
	if _, err := s.db.ExecContext(ctx, s.rebind(mark), int64(before)); err != nil {
		return total, fmt.Errorf("record the pruned day: %w", err)
	}
	return total, nil
}

// PrunedBefore is the day before which the waybills were pruned, 0 when
// none were.
func (s *Store) PrunedBefore(ctx context.Context) (postcrm.Date, error) {
	var d int64
	err := s.db.QueryRowContext(ctx, "SELECT COALESCE(MAX(before_day), 0) FROM waybill_retention").Scan(&d)
	if err != nil {
		return 0, fmt.Errorf("read the pruned day: %w", err)
	}
	return postcrm.Date(d), nil
}

// keptWaybills leaves out the waybills before the pruned day, counting
// them as unchanged: their rollups are stored already.
func (w *writer) keptWaybills(recs []postcrm.Waybill) ([]postcrm.Waybill, int, error) {
	var before int64
	const q = "SELECT COALESCE(MAX(before_day), 0) FROM waybill_retention"
	err := w.query(stmtKey{text: q}, func() string { return q }, nil, func(sc scanner) error { return sc.Scan(&before) })
	if err != nil || before == 0 {
		return recs, 0, err
	}
	kept := recs[:0:0]
	for _, r := range recs {
		if int64(postcrm.DateOf(r.AcceptedAt)) >= before {
			kept = append(kept, r)
		}
	}
	return kept, len(recs) - len(kept), nil
}
