package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"postcrm"
)

// OfficeStaff lists the staff of offices within sc, by office and ID:
// the assignment forms' choices, read without the rest of the province's
// staff. Staff own nothing, so a courier's scope holds none. offices is
// one IN list: a province has a few hundred offices, far below either
// dialect's parameter limit.
func (s *Store) OfficeStaff(ctx context.Context, sc postcrm.Scope, offices []string) ([]postcrm.Staff, error) {
	if len(offices) == 0 {
		return nil, nil
	}
	var f filter
	if err := f.scope(sc, scopeCols{office: "st.office_code"}); err != nil {
		return nil, fmt.Errorf("read staff of offices: %w", err)
	}
	args := make([]any, len(offices))
	for i, o := range offices {
		args[i] = o
	}
	f.add("st.office_code IN (?"+strings.Repeat(", ?", len(offices)-1)+")", args...)
	q := "SELECT " + prefixed("st", staffTable.cols) + " FROM staff st" + f.where() + " ORDER BY st.office_code, st.id"
	staff, err := queryAll(ctx, s, q, f.args, staffTable.scan)
	if err != nil {
		return nil, fmt.Errorf("read staff of offices %v: %w", offices, err)
	}
	return staff, nil
}

// IsStaff tells whether id is a staff ID of the org data: what account
// administration asks before opening an account, without reading the
// staff list.
func (s *Store) IsStaff(ctx context.Context, id string) (bool, error) {
	n, err := s.count(ctx, "SELECT COUNT(*) FROM staff WHERE id = ?", []any{id})
	if err != nil {
		return false, fmt.Errorf("is %q staff: %w", id, err)
	}
	return n > 0, nil
}
