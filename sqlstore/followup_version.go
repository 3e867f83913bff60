package sqlstore

import (
	"context"
	"fmt"
	"strconv"
	"strings"
)

// followupVersionQuery sums up what a month's measurement reads: the
// import log (waybills, customers and offices only change by imports),
// the suspensions, and the month's warnings, dispatches and contacts (a
// contact bumps its dispatch's count; a re-attached dispatch changes its
// warning ID). It binds the month three times.
const followupVersionQuery = "SELECT" +
	" (SELECT COALESCE(MAX(id), 0) FROM import_runs)," +
	" (SELECT COUNT(*) FROM suspensions)," +
	" (SELECT CAST(COALESCE(SUM(from_day + to_day), 0) AS BIGINT) FROM suspensions)," +
	" (SELECT COUNT(*) FROM warnings WHERE month = ?)," +
	" (SELECT CAST(COALESCE(SUM(id + actual_items + revenue_at_risk_fen), 0) AS BIGINT) FROM warnings WHERE month = ?)," +
	" (SELECT CAST(COALESCE(SUM(warning_id + contacts), 0) AS BIGINT) FROM dispatches WHERE month = ?)"

// FollowupVersion is a fingerprint of what measuring month's follow-up
// reads.
func (s *Store) FollowupVersion(ctx context.Context, month int) (string, error) {
	v := make([]int64, 6)
	dests := make([]any, len(v))
	for i := range v {
		dests[i] = &v[i]
	}
	m := int64(month)
	if err := s.db.QueryRowContext(ctx, s.rebind(followupVersionQuery), m, m, m).Scan(dests...); err != nil {
		return "", fmt.Errorf("read follow-up version of %d: %w", month, err)
	}
	parts := make([]string, len(v))
	for i, n := range v {
		parts[i] = strconv.FormatInt(n, 10)
	}
	return strings.Join(parts, "/"), nil
}
