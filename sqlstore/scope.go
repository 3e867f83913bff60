package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"

	"postcrm"
)

// Every scoped read (postcrm.ScopedReader, ScopedWalkins, ScopedFollowup)
// adds its scope with filter.scope, and a record outside the scope reads as
// postcrm.ErrNotFound.

// scopeCols names the columns of a query that a Scope is checked on.
type scopeCols struct {
	office string // the row's office code
	// owner is the row's owner staff ID; empty for rows that nobody owns
	// (walk-ins), which no courier sees.
	owner string
	// warning is the row's warning ID, for warnings: once the follow-up
	// dispatch has run, a courier sees the warnings dispatched to them
	// (not the held-out ones on their customers); before, those on the
	// customers they own. Office and city managers do not see the
	// held-out ones either: the control group is watched by the province
	// only, so that nobody follows it up by the way.
	warning string
	// customer is the row's customer code, for reading a customer: a
	// courier also sees the customers of the warnings dispatched to them
	// (a manager may hand a warning to someone other than the owner), so
	// that every warning in their list opens its customer.
	customer string
}

// customerScope is a contract customer's row, c, as a courier reads it.
var customerScope = scopeCols{office: "c.office_code", owner: "c.owner_staff_id", customer: "c.code"}

// ofDispatchedTo is the courier condition over a customer code column:
// a warning of that customer is dispatched to them. It binds the staff
// ID once.
func ofDispatchedTo(customer string) string {
	return customer + " IN (SELECT dd.customer_code FROM dispatches dd WHERE dd.assigned_to = ?)"
}

// notHeldOut is the condition that the warning in col is not in the
// control group.
func notHeldOut(col string) string {
	return " AND NOT EXISTS (SELECT 1 FROM dispatches dd WHERE dd.warning_id = " + col + " AND dd.held_out = ?)"
}

// withoutHeldOut adds notHeldOut over c's warning column, if it has one,
// to a manager's condition.
func withoutHeldOut(cond string, args []any, c scopeCols) (string, []any) {
	if c.warning == "" {
		return cond, args
	}
	return "(" + cond + notHeldOut(c.warning) + ")", append(args, true)
}

// dispatchedTo is the courier condition over a warning ID column: the
// warning is dispatched to them, or it is on a customer they own and not
// dispatched at all. It is one IN over a short list that the database
// builds once from two indexes (dispatches by assignee, warnings by
// owner), not a test of each of the month's warnings: at province scale
// that test made a courier's list page 10 times slower. It binds the
// staff ID twice.
func dispatchedTo(warning string) string {
	return warning + " IN (SELECT dd.warning_id FROM dispatches dd WHERE dd.assigned_to = ?" +
		" UNION ALL SELECT ow.id FROM warnings ow WHERE ow.owner_staff_id = ?" +
		" AND NOT EXISTS (SELECT 1 FROM dispatches nd WHERE nd.warning_id = ow.id))"
}

// officeInCity is the condition that the office in col is in the city bound
// to its one parameter.
func officeInCity(col string) string {
	return col + " IN (SELECT code FROM offices WHERE city = ?)"
}

// scopeWhere is the one place that turns a Scope into SQL: a condition
// over c's columns and its arguments. The province sees everything, a
// city manager their city's offices, an office manager their office, a
// courier the rows they own and, for warnings and customers, those
// dispatched to them. A scope that lacks what its role needs
// (a city manager without a city) is an error, never everything.
func scopeWhere(sc postcrm.Scope, c scopeCols) (string, []any, error) {
	switch sc.Role {
	case postcrm.RoleProvinceAdmin:
		return "1 = 1", nil, nil
	case postcrm.RoleCityManager:
		if sc.City == "" {
			return "", nil, errors.New("city manager's scope without a city")
		}
		cond, args := withoutHeldOut(officeInCity(c.office), []any{sc.City}, c)
		return cond, args, nil
	case postcrm.RoleOfficeManager:
		if sc.OfficeCode == "" {
			return "", nil, errors.New("office manager's scope without an office")
		}
		cond, args := withoutHeldOut(c.office+" = ?", []any{sc.OfficeCode}, c)
		return cond, args, nil
	case postcrm.RoleCourier:
		if sc.StaffID == "" {
			return "", nil, errors.New("courier's scope without a staff ID")
		}
		if c.owner == "" {
			return "1 = 0", nil, nil
		}
		if c.warning != "" {
			return dispatchedTo(c.warning), []any{sc.StaffID, sc.StaffID}, nil
		}
		if c.customer != "" {
			return "(" + c.owner + " = ? OR " + ofDispatchedTo(c.customer) + ")", []any{sc.StaffID, sc.StaffID}, nil
		}
		return c.owner + " = ?", []any{sc.StaffID}, nil
	}
	return "", nil, fmt.Errorf("scope of unknown role %q", sc.Role)
}

// filter collects the AND-ed conditions of a WHERE clause and their
// arguments.
type filter struct {
	conds []string
	args  []any
}

func (f *filter) add(cond string, args ...any) {
	f.conds = append(f.conds, cond)
	f.args = append(f.args, args...)
}

// scope adds sc's condition over c.
func (f *filter) scope(sc postcrm.Scope, c scopeCols) error {
	cond, args, err := scopeWhere(sc, c)
	if err != nil {
		return err
	}
	f.add(cond, args...)
	return nil
}

// where is the WHERE clause, empty without conditions.
func (f *filter) where() string {
	if len(f.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(f.conds, " AND ")
}

// withNames scans a record's columns and then the names a query joined
// beside them.
type withNames struct {
	sc    scanner
	names []any
}

func (x withNames) Scan(dest ...any) error { return x.sc.Scan(append(dest, x.names...)...) }

// prefixed lists cols as alias.col, for queries that join tables sharing
// column names.
func prefixed(alias string, cols []string) string {
	return alias + "." + strings.Join(cols, ", "+alias+".")
}

// pageArgs appends LIMIT and OFFSET values; a limit of 0 is no limit.
func pageArgs(args []any, offset, limit int) []any {
	l := int64(limit)
	if limit <= 0 {
		l = math.MaxInt64
	}
	return append(args, l, int64(max(offset, 0)))
}

// countedPage is one page of what sel (a SELECT up to its FROM clause and
// joins) reads under f in order, and how many rows of from (the list's
// table without the joins of names) match f in all.
func countedPage[T any](ctx context.Context, s *Store, from, sel string, f filter, order string, offset, limit int,
	scan func(scanner, *T) error) ([]T, int, error) {
	total, err := s.count(ctx, "SELECT COUNT(*) FROM "+from+f.where(), f.args)
	if err != nil {
		return nil, 0, fmt.Errorf("count: %w", err)
	}
	rows, err := queryAll(ctx, s, sel+f.where()+" ORDER BY "+order+" LIMIT ? OFFSET ?", pageArgs(f.args, offset, limit), scan)
	return rows, total, err
}
