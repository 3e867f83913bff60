package sqlstore

import (
	"context"
	"fmt"

	"postcrm"
)

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
