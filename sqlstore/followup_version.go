package sqlstore

import (
	"context"
	"fmt"
	"strconv"
	"strings"
)

// followupVersionQuery sums up what the later months' analyses of a
// month's measurement read: the import log (waybills, offices and the
// customers' status only change by imports; the pool's AssignOwner
// changes an owner, which no analysis reads), the adjustments, the
// month's warnings (whose customers are measured) and the stored holiday
// table (the calendar the analyses use). Dispatches, assignees
// and contacts are not in it: followup.Cache builds the cases from them
// afresh on every read. It binds the month twice.
const followupVersionQuery = "SELECT" +
	" (SELECT COALESCE(MAX(id), 0) FROM import_runs)," +
	" (SELECT COUNT(*) FROM adjustments)," +
	" (SELECT CAST(COALESCE(SUM(from_day + to_day + LENGTH(status) + LENGTH(scope) + LENGTH(provinces) + LENGTH(products)), 0) AS BIGINT) FROM adjustments)," +
	" (SELECT COUNT(*) FROM warnings WHERE month = ?)," +
	" (SELECT CAST(COALESCE(SUM(id + actual_items + revenue_at_risk_fen), 0) AS BIGINT) FROM warnings WHERE month = ?)," +
	" (SELECT COALESCE(MAX(version), 0) FROM holiday_table)"

// FollowupVersion is a fingerprint of what measuring month's follow-up
// analyses.
func (s *Store) FollowupVersion(ctx context.Context, month int) (string, error) {
	v := make([]int64, 6)
	dests := make([]any, len(v))
	for i := range v {
		dests[i] = &v[i]
	}
	m := int64(month)
	if err := s.db.QueryRowContext(ctx, s.rebind(followupVersionQuery), m, m).Scan(dests...); err != nil {
		return "", fmt.Errorf("read follow-up version of %d: %w", month, err)
	}
	parts := make([]string, len(v))
	for i, n := range v {
		parts[i] = strconv.FormatInt(n, 10)
	}
	return strings.Join(parts, "/"), nil
}
