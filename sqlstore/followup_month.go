package sqlstore

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"postcrm"
)

// ScopedFollowupMonth reads month's warnings, dispatches and contacts in
// a manager's scope for the effect figures. The scope is taken over the
// office columns only, not over the warning column that hides the
// control group from managers: the uplift compares the contacted with
// the held out of the same offices, so the held-out dispatches are read
// too, and the caller shows them summed (see postcrm.FollowupMonth). A
// courier's scope is refused (postcrm.MayReadFollowupMonth).
func (s *Store) ScopedFollowupMonth(ctx context.Context, sc postcrm.Scope, month postcrm.Month) (postcrm.FollowupMonth, error) {
	m, err := s.scopedFollowupMonth(ctx, sc, month)
	if err != nil {
		return postcrm.FollowupMonth{}, fmt.Errorf("read follow-up of %d: %w", month, err)
	}
	return m, nil
}

func (s *Store) scopedFollowupMonth(ctx context.Context, sc postcrm.Scope, month postcrm.Month) (postcrm.FollowupMonth, error) {
	if err := postcrm.MayReadFollowupMonth(sc.Role); err != nil {
		return postcrm.FollowupMonth{}, err
	}
	m := postcrm.FollowupMonth{Month: month}
	var err error
	m.Warnings, err = scopedMonthRows(ctx, s, sc, month, "warnings", "SELECT w.id, "+prefixed("w", warningCols)+" FROM warnings w",
		"w.month", "w.office_code", "w.id", scanWarning)
	if err != nil {
		return m, err
	}
	m.Dispatches, err = scopedMonthRows(ctx, s, sc, month, "dispatches", "SELECT "+prefixed("d", dispatchCols)+" FROM dispatches d",
		"d.month", "d.office_code", "d.warning_id", scanDispatch)
	if err != nil {
		return m, err
	}
	m.Contacts, err = scopedMonthRows(ctx, s, sc, month, "contacts",
		"SELECT "+prefixed("k", contactCols)+" FROM contacts k JOIN dispatches d ON d.warning_id = k.warning_id",
		"d.month", "d.office_code", "k.warning_id, k.id", scanContact)
	return m, err
}

// scopedMonthRows reads the rows (what, for errors) of sel whose monthCol
// is month and whose office (officeCol) is in sc, in order.
func scopedMonthRows[T any](ctx context.Context, s *Store, sc postcrm.Scope, month postcrm.Month, what, sel, monthCol, officeCol, order string,
	scan func(scanner, *T) error) ([]T, error) {
	f := filter{conds: []string{monthCol + " = ?"}, args: []any{int64(month)}}
	if err := f.scope(sc, scopeCols{office: officeCol}); err != nil {
		return nil, err
	}
	q := sel + f.where() + " ORDER BY " + order
	rows, err := queryAll(ctx, s, q, f.args, scan)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return rows, nil
}

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
func (s *Store) FollowupVersion(ctx context.Context, month postcrm.Month) (string, error) {
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
