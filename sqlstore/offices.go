package sqlstore

import (
	"context"
	"fmt"

	"postcrm"
)

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
