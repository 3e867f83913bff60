package sqlstore

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"postcrm"
)

// Warnings are keyed by (month, customer_code, sender_phone), the first
// columns; id is the database's and never written.
var warningCols = []string{"month", "customer_code", "sender_phone", "kind", "office_code", "owner_staff_id",
	"expected_items", "actual_items", "expected_fen", "actual_fen", "revenue_at_risk_fen", "score", "reason"}

var upsertWarnings = upsertInto("warnings", warningCols, 3)

// warningKey is a warning's natural key within its month.
type warningKey struct{ customer, phone string }

// SaveWarnings upserts ws by key, so that a warning raised again keeps
// its ID, and deletes the month's warnings of kinds that ws no longer
// raises, all in one transaction.
func (s *Store) SaveWarnings(ctx context.Context, month postcrm.Month, kinds []postcrm.WarningKind, ws []postcrm.Warning) error {
	raised := make(map[warningKey]bool, len(ws))
	for i := range ws {
		w := &ws[i]
		if w.Month != month {
			return fmt.Errorf("save warnings of %d: warning for %s%s is of month %d", month, w.CustomerCode, w.SenderPhone, w.Month)
		}
		k := warningKey{w.CustomerCode, w.SenderPhone}
		if raised[k] {
			// One statement may not update a row twice (PostgreSQL).
			return fmt.Errorf("save warnings of %d: two warnings for %q/%q", month, w.CustomerCode, w.SenderPhone)
		}
		raised[k] = true
	}
	err := s.inTx(ctx, func(tx *writer) error {
		if err := tx.bump(versionAnalysis); err != nil {
			return err
		}
		stale, err := tx.staleWarnings(month, kinds, raised)
		if err != nil {
			return err
		}
		if len(stale) > 0 {
			if err := byKeys(tx.s, "DELETE FROM warnings WHERE id", stale, tx.exec); err != nil {
				return fmt.Errorf("delete warnings no longer raised: %w", err)
			}
		}
		err = tx.writeRows(&upsertWarnings, len(ws), func(i int, a []any) []any {
			w := &ws[i]
			return append(a, int64(w.Month), w.CustomerCode, w.SenderPhone, string(w.Kind), w.OfficeCode, w.OwnerStaffID,
				w.ExpectedItems, w.ActualItems, w.ExpectedFen, w.ActualFen, w.RevenueAtRiskFen, w.Score, w.Reason)
		})
		if err != nil {
			return fmt.Errorf("upsert warnings: %w", err)
		}
		// Fresh statistics for the query planner, whose guess without them
		// is that a month holds a few warnings: it then reads a courier's
		// handful by scanning the whole month in the list's order.
		if _, err := tx.tx.ExecContext(tx.ctx, "ANALYZE warnings"); err != nil {
			return fmt.Errorf("analyze warnings: %w", err)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("save warnings of %d: %w", month, err)
	}
	return nil
}

// staleWarnings returns the IDs of the month's stored warnings of kinds
// whose key is not raised.
func (w *writer) staleWarnings(month postcrm.Month, kinds []postcrm.WarningKind, raised map[warningKey]bool) ([]int64, error) {
	// A warning an early alert raised or attached to is the alert's
	// follow-up case: a re-run that no longer raises the month's warning
	// leaves it standing.
	const q = "SELECT id, kind, customer_code, sender_phone FROM warnings WHERE month = ?" +
		" AND id NOT IN (SELECT warning_id FROM alerts)"
	var stale []int64
	err := w.query(stmtKey{text: q}, func() string { return q }, []any{int64(month)}, func(sc scanner) error {
		var id int64
		var kind string
		var k warningKey
		if err := sc.Scan(&id, &kind, &k.customer, &k.phone); err != nil {
			return err
		}
		if !raised[k] && slices.Contains(kinds, postcrm.WarningKind(kind)) {
			stale = append(stale, id)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read stored warnings: %w", err)
	}
	return stale, nil
}

// Warnings lists a month's warnings, highest score first, then by key.
func (s *Store) Warnings(ctx context.Context, month postcrm.Month) ([]postcrm.Warning, error) {
	q := "SELECT id, " + strings.Join(warningCols, ", ") + " FROM warnings WHERE month = ?" +
		" ORDER BY score DESC, customer_code, sender_phone"
	ws, err := queryAll(ctx, s, q, []any{int64(month)}, scanWarning)
	if err != nil {
		return nil, fmt.Errorf("read warnings of %d: %w", month, err)
	}
	return ws, nil
}

// scanWarning scans the id and warningCols, in that order.
func scanWarning(sc scanner, w *postcrm.Warning) error {
	var kind string
	err := sc.Scan(&w.ID, &w.Month, &w.CustomerCode, &w.SenderPhone, &kind, &w.OfficeCode, &w.OwnerStaffID,
		&w.ExpectedItems, &w.ActualItems, &w.ExpectedFen, &w.ActualFen, &w.RevenueAtRiskFen, &w.Score, &w.Reason)
	w.Kind = postcrm.WarningKind(kind)
	return err
}

// WarningCounts counts a month's warnings within sc by kind, in one
// grouped query rather than a count per kind: the dashboard's figures.
func (s *Store) WarningCounts(ctx context.Context, sc postcrm.Scope, month postcrm.Month) (map[postcrm.WarningKind]int, error) {
	var f filter
	if err := f.scope(sc, warningScope); err != nil {
		return nil, fmt.Errorf("count warnings: %w", err)
	}
	f.add("w.month = ?", int64(month))
	counts := map[postcrm.WarningKind]int{}
	err := each(ctx, s, "SELECT w.kind, COUNT(*) FROM warnings w"+f.where()+" GROUP BY w.kind", f.args, func(sc scanner) error {
		var kind string
		var n int64
		if err := sc.Scan(&kind, &n); err != nil {
			return err
		}
		counts[postcrm.WarningKind(kind)] = int(n)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("count warnings of %d: %w", month, err)
	}
	return counts, nil
}

var (
	warningRowSelect = "SELECT w.id, " + prefixed("w", warningCols) +
		", COALESCE(c.name, ''), COALESCE(o.name, ''), COALESCE(o.city, ''), COALESCE(st.name, '')" +
		" FROM warnings w LEFT JOIN customers c ON c.code = w.customer_code" +
		" LEFT JOIN offices o ON o.code = w.office_code LEFT JOIN staff st ON st.id = w.owner_staff_id"
	// A warning's owner is the customer's owner when it was raised.
	warningScope = scopeCols{office: "w.office_code", owner: "w.owner_staff_id", warning: "w.id"}
)

func scanWarningRow(sc scanner, r *postcrm.WarningRow) error {
	return scanWarning(withNames{sc, []any{&r.CustomerName, &r.OfficeName, &r.City, &r.OwnerName}}, &r.Warning)
}

// ScopedWarnings returns one page of the warnings q selects within sc,
// highest revenue at risk first, and how many there are.
func (s *Store) ScopedWarnings(ctx context.Context, sc postcrm.Scope, q postcrm.WarningQuery) ([]postcrm.WarningRow, int, error) {
	var f filter
	if err := f.scope(sc, warningScope); err != nil {
		return nil, 0, fmt.Errorf("read warnings: %w", err)
	}
	if q.Month != 0 {
		f.add("w.month = ?", int64(q.Month))
	}
	if q.City != "" {
		f.add(officeInCity("w.office_code"), q.City)
	}
	if q.OfficeCode != "" {
		f.add("w.office_code = ?", q.OfficeCode)
	}
	if q.Owner != "" {
		f.add("w.owner_staff_id = ?", q.Owner)
	}
	if q.Kind != "" {
		f.add("w.kind = ?", string(q.Kind))
	}
	rows, total, err := countedPage(ctx, s, "warnings w", warningRowSelect, f, "w.revenue_at_risk_fen DESC, w.id", q.Offset, q.Limit, scanWarningRow)
	if err != nil {
		return nil, 0, fmt.Errorf("read warnings: %w", err)
	}
	return rows, total, nil
}

// ScopedWarning reads one warning within sc.
func (s *Store) ScopedWarning(ctx context.Context, sc postcrm.Scope, id int64) (postcrm.WarningRow, error) {
	var f filter
	if err := f.scope(sc, warningScope); err != nil {
		return postcrm.WarningRow{}, fmt.Errorf("read warning %d: %w", id, err)
	}
	f.add("w.id = ?", id)
	var r postcrm.WarningRow
	if err := scanWarningRow(s.db.QueryRowContext(ctx, s.rebind(warningRowSelect+f.where()), f.args...), &r); err != nil {
		return postcrm.WarningRow{}, fmt.Errorf("read warning %d: %w", id, notFound(err))
	}
	return r, nil
}

// LatestWarningMonth is the newest month with a warning within
// sc, 0 when there is none: the month the pages open on.
func (s *Store) LatestWarningMonth(ctx context.Context, sc postcrm.Scope) (postcrm.Month, error) {
	var f filter
	if err := f.scope(sc, warningScope); err != nil {
		return 0, fmt.Errorf("latest warning month: %w", err)
	}
	month, err := s.count(ctx, "SELECT COALESCE(MAX(w.month), 0) FROM warnings w"+f.where(), f.args)
	if err != nil {
		return 0, fmt.Errorf("latest warning month: %w", err)
	}
	return postcrm.Month(month), nil
}
