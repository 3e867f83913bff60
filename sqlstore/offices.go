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

// ScopedOffices lists the offices within sc by code; a courier's are
// those of the customers they own.
func (s *Store) ScopedOffices(ctx context.Context, sc postcrm.Scope) ([]postcrm.Office, error) {
	var f filter
	from, cols := " FROM offices o", scopeCols{office: "o.code"}
	if sc.Role == postcrm.RoleCourier {
		from = " FROM offices o JOIN customers c ON c.office_code = o.code"
		cols.owner = "c.owner_staff_id"
	}
	if err := f.scope(sc, cols); err != nil {
		return nil, fmt.Errorf("read offices: %w", err)
	}
	q := "SELECT DISTINCT o.code, o.name, o.city" + from + f.where() + " ORDER BY o.code"
	offices, err := queryAll(ctx, s, q, f.args, officesTable.scan)
	if err != nil {
		return nil, fmt.Errorf("read offices: %w", err)
	}
	return offices, nil
}
