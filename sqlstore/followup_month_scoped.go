package sqlstore

import (
	"context"
	"fmt"

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
