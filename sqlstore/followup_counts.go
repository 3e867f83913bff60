package sqlstore

import (
	"context"
	"fmt"

	"postcrm"
)

// DispatchCounts sums the month's dispatched warnings in sc by kind,
// status, dispatch day and whether any contact was recorded; like the
// lists, it leaves out the held-out ones and those whose warning is gone.
func (s *Store) DispatchCounts(ctx context.Context, sc postcrm.Scope, month postcrm.Month) ([]postcrm.DispatchCount, error) {
	f, err := dispatchFilter(sc, postcrm.DispatchQuery{Month: month})
	if err != nil {
		return nil, fmt.Errorf("count dispatches of %d: %w", month, err)
	}
	q := "SELECT d.kind, d.status, d.dispatched_on, CASE WHEN d.contacts > 0 THEN 1 ELSE 0 END, COUNT(*)" +
		" FROM dispatches d JOIN warnings w ON w.id = d.warning_id" + f.where() + " GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4"
	out, err := queryAll(ctx, s, q, f.args, func(sc scanner, c *postcrm.DispatchCount) error {
		var kind, status string
		var on, contacted int64
		err := sc.Scan(&kind, &status, &on, &contacted, &c.N)
		c.Kind, c.Status, c.DispatchedOn, c.Contacted = postcrm.WarningKind(kind), postcrm.DispatchStatus(status), postcrm.Date(on), contacted == 1
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("count dispatches of %d: %w", month, err)
	}
	return out, nil
}
