package sqlstore

import (
	"context"
	"fmt"
	"math"
	"strings"

	"postcrm"
)

// The ScopedReader methods: every query adds its scope with filter.scope,
// and a record outside the scope reads as postcrm.ErrNotFound.

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

var (
	warningRowSelect = "SELECT w.id, " + prefixed("w", warningCols) +
		", COALESCE(c.name, ''), COALESCE(o.name, ''), COALESCE(o.city, ''), COALESCE(st.name, '')" +
		" FROM warnings w LEFT JOIN customers c ON c.code = w.customer_code" +
		" LEFT JOIN offices o ON o.code = w.office_code LEFT JOIN staff st ON st.id = w.owner_staff_id"
	// A warning's owner is the customer's owner when it was raised.
	warningScope = scopeCols{office: "w.office_code", owner: "w.owner_staff_id", warning: "w.id"}
)

func scanWarningRow(sc scanner, r *postcrm.WarningRow) error {
	return scanWarning(withNames{sc, []any{&r.CustomerName, &r.OfficeName, &r.City, &r.OwnerName}}, &r.Warning)
}

// ScopedWarnings returns one page of the warnings q selects within sc,
// highest revenue at risk first, and how many there are.
func (s *Store) ScopedWarnings(ctx context.Context, sc postcrm.Scope, q postcrm.WarningQuery) ([]postcrm.WarningRow, int, error) {
	var f filter
	if err := f.scope(sc, warningScope); err != nil {
		return nil, 0, fmt.Errorf("read warnings: %w", err)
	}
	if q.Month != 0 {
		f.add("w.month = ?", int64(q.Month))
	}
	if q.City != "" {
		f.add(officeInCity("w.office_code"), q.City)
	}
	if q.OfficeCode != "" {
		f.add("w.office_code = ?", q.OfficeCode)
	}
	if q.Owner != "" {
		f.add("w.owner_staff_id = ?", q.Owner)
	}
	if q.Kind != "" {
		f.add("w.kind = ?", string(q.Kind))
	}
	rows, total, err := countedPage(ctx, s, "warnings w", warningRowSelect, f, "w.revenue_at_risk_fen DESC, w.id", q.Offset, q.Limit, scanWarningRow)
	if err != nil {
		return nil, 0, fmt.Errorf("read warnings: %w", err)
	}
	return rows, total, nil
}

// ScopedWarning reads one warning within sc.
func (s *Store) ScopedWarning(ctx context.Context, sc postcrm.Scope, id int64) (postcrm.WarningRow, error) {
	var f filter
	if err := f.scope(sc, warningScope); err != nil {
		return postcrm.WarningRow{}, fmt.Errorf("read warning %d: %w", id, err)
	}
	f.add("w.id = ?", id)
	var r postcrm.WarningRow
	if err := scanWarningRow(s.db.QueryRowContext(ctx, s.rebind(warningRowSelect+f.where()), f.args...), &r); err != nil {
		return postcrm.WarningRow{}, fmt.Errorf("read warning %d: %w", id, notFound(err))
	}
	return r, nil
}

// LatestWarningMonth is the newest month with a warning within
// sc, 0 when there is none: the month the pages open on.
func (s *Store) LatestWarningMonth(ctx context.Context, sc postcrm.Scope) (postcrm.Month, error) {
	var f filter
	if err := f.scope(sc, warningScope); err != nil {
		return 0, fmt.Errorf("latest warning month: %w", err)
	}
	month, err := s.count(ctx, "SELECT COALESCE(MAX(w.month), 0) FROM warnings w"+f.where(), f.args)
	if err != nil {
		return 0, fmt.Errorf("latest warning month: %w", err)
	}
	return postcrm.Month(month), nil
}

// months adds the days of months [from, to] over the YYYYMMDD column
// day.
func (f *filter) months(day string, from, to postcrm.Month) {
	f.add(day+" BETWEEN ? AND ?", monthDays(from, to)...)
}

func scanMonthTotal(sc scanner, m *postcrm.MonthTotal) error {
	return sc.Scan(&m.Month, &m.Contract, &m.Items, &m.PostageFen)
}

// MonthTotals sums items and postage per month, contract customers before
// walk-ins: from the office month sums (office_monthly) for offices,
// cities and the province, and for a courier from the daily rollup of the
// contract customers they own (no walk-in is anybody's).
func (s *Store) MonthTotals(ctx context.Context, sc postcrm.Scope, fromMonth, toMonth postcrm.Month) ([]postcrm.MonthTotal, error) {
	var f filter
	from, cols, month, segment := " FROM office_monthly t", scopeCols{office: "t.office_code"}, "t.month", "t.contract"
	if sc.Role == postcrm.RoleCourier {
		from = " FROM customer_daily t JOIN customers c ON c.code = t.customer_code"
		cols, month, segment = scopeCols{office: "c.office_code", owner: "c.owner_staff_id"}, "t.day / 100", "1 = 1"
		f.months("t.day", fromMonth, toMonth)
	} else {
		f.add("t.month BETWEEN ? AND ?", int64(fromMonth), int64(toMonth))
	}
	if err := f.scope(sc, cols); err != nil {
		return nil, fmt.Errorf("month totals: %w", err)
	}
	q := "SELECT " + month + ", " + segment + ", CAST(SUM(t.items) AS BIGINT), CAST(SUM(t.postage_fen) AS BIGINT)" +
		from + f.where() + " GROUP BY " + month + ", " + segment + " ORDER BY 1, 2 DESC"
	totals, err := queryAll(ctx, s, q, f.args, scanMonthTotal)
	if err != nil {
		return nil, fmt.Errorf("month totals: %w", err)
	}
	return totals, nil
}

var customerViewSelect = "SELECT " + prefixed("c", customersTable.cols) +
	", COALESCE(o.name, ''), COALESCE(o.city, ''), COALESCE(st.name, '')" +
	" FROM customers c LEFT JOIN offices o ON o.code = c.office_code LEFT JOIN staff st ON st.id = c.owner_staff_id"

// ScopedCustomer reads one contract customer within sc.
func (s *Store) ScopedCustomer(ctx context.Context, sc postcrm.Scope, code string) (postcrm.CustomerView, error) {
	var f filter
	if err := f.scope(sc, customerScope); err != nil {
		return postcrm.CustomerView{}, fmt.Errorf("read customer %q: %w", code, err)
	}
	f.add("c.code = ?", code)
	var v postcrm.CustomerView
	row := s.db.QueryRowContext(ctx, s.rebind(customerViewSelect+f.where()), f.args...)
	if err := customersTable.scan(withNames{row, []any{&v.OfficeName, &v.City, &v.OwnerName}}, &v.Customer); err != nil {
		return postcrm.CustomerView{}, fmt.Errorf("read customer %q: %w", code, notFound(err))
	}
	return v, nil
}

// CustomerMonths is one customer's items and postage per month, from its
// daily rollup; ErrNotFound when the customer is outside sc.
func (s *Store) CustomerMonths(ctx context.Context, sc postcrm.Scope, code string, fromMonth, toMonth postcrm.Month) ([]postcrm.MonthTotal, error) {
	if _, err := s.ScopedCustomer(ctx, sc, code); err != nil {
		return nil, err
	}
	f := filter{conds: []string{"customer_code = ?"}, args: []any{code}}
	f.months("day", fromMonth, toMonth)
	q := "SELECT day / 100, 1 = 1, CAST(SUM(items) AS BIGINT), CAST(SUM(postage_fen) AS BIGINT) FROM customer_daily" +
		f.where() + " GROUP BY day / 100 ORDER BY 1"
	totals, err := queryAll(ctx, s, q, f.args, scanMonthTotal)
	if err != nil {
		return nil, fmt.Errorf("months of customer %q: %w", code, err)
	}
	return totals, nil
}

// defaultWaybills is how many waybills CustomerWaybills lists without a
// limit: a big customer has hundreds of thousands.
const defaultWaybills = 50

// CustomerWaybills lists a customer's latest waybills, newest first;
// ErrNotFound when the customer is outside sc.
func (s *Store) CustomerWaybills(ctx context.Context, sc postcrm.Scope, code string, limit int) ([]postcrm.Waybill, error) {
	if _, err := s.ScopedCustomer(ctx, sc, code); err != nil {
		return nil, err
	}
	if limit <= 0 {
		limit = defaultWaybills
	}
	ws, err := s.LatestCustomerWaybills(ctx, code, limit)
	if err != nil {
		return nil, fmt.Errorf("waybills of customer %q: %w", code, err)
	}
	return ws, nil
}

// CustomerWarnings lists a customer's warnings within sc, newest month
// first; ErrNotFound when the customer is outside sc. A courier who took
// the customer over does not see the warnings raised for its former
// owner, so that every warning listed opens with ScopedWarning.
func (s *Store) CustomerWarnings(ctx context.Context, sc postcrm.Scope, code string) ([]postcrm.WarningRow, error) {
	if _, err := s.ScopedCustomer(ctx, sc, code); err != nil {
		return nil, err
	}
	var f filter
	if err := f.scope(sc, warningScope); err != nil {
		return nil, err
	}
	f.add("w.customer_code = ?", code)
	q := warningRowSelect + f.where() + " ORDER BY w.month DESC, w.id DESC"
	rows, err := queryAll(ctx, s, q, f.args, scanWarningRow)
	if err != nil {
		return nil, fmt.Errorf("warnings of customer %q: %w", code, err)
	}
	return rows, nil
}

// TopWalkins lists one page of a month's walk-ins within sc by 12-month
// value, highest first, and how many there are. Walk-ins have no owner,
// so a courier's scope holds none.
func (s *Store) TopWalkins(ctx context.Context, sc postcrm.Scope, month postcrm.Month, offset, limit int) ([]postcrm.WalkinRow, int, error) {
	total, err := s.WalkinCount(ctx, sc, month)
	if err != nil {
		return nil, 0, err
	}
	rows, err := s.WalkinsPage(ctx, sc, month, offset, limit)
	return rows, total, err
}

// walkinFilter is a month's walk-ins within sc.
func walkinFilter(sc postcrm.Scope, month postcrm.Month) (filter, error) {
	var f filter
	if err := f.scope(sc, scopeCols{office: "ws.office_code"}); err != nil {
		return f, fmt.Errorf("read walk-ins: %w", err)
	}
	f.add("ws.month = ?", int64(month))
	return f, nil
}

// WalkinCount counts a month's walk-ins within sc: at province scope a
// walk through the month's index entries, a million in a province, which
// is why the page keeps it.
func (s *Store) WalkinCount(ctx context.Context, sc postcrm.Scope, month postcrm.Month) (int, error) {
	f, err := walkinFilter(sc, month)
	if err != nil {
		return 0, err
	}
	n, err := s.count(ctx, "SELECT COUNT(*) FROM walkin_scores ws"+f.where(), f.args)
	if err != nil {
		return 0, fmt.Errorf("count walk-ins: %w", err)
	}
	return n, nil
}

// WalkinsPage lists one page of a month's walk-ins within sc by 12-month
// value, highest first (by phone among equals: the value index's order,
// so a page reads its rows and no more).
func (s *Store) WalkinsPage(ctx context.Context, sc postcrm.Scope, month postcrm.Month, offset, limit int) ([]postcrm.WalkinRow, error) {
	f, err := walkinFilter(sc, month)
	if err != nil {
		return nil, err
	}
	q := "SELECT " + prefixed("ws", walkinScoreCols) + ", COALESCE(o.name, ''), COALESCE(o.city, '')" +
		" FROM walkin_scores ws LEFT JOIN offices o ON o.code = ws.office_code" + f.where() +
		" ORDER BY ws.clv_12m_fen DESC, ws.phone LIMIT ? OFFSET ?"
	rows, err := queryAll(ctx, s, q, pageArgs(f.args, offset, limit), func(sc scanner, r *postcrm.WalkinRow) error {
		return scanWalkinScore(withNames{sc, []any{&r.OfficeName, &r.City}}, &r.WalkinScore)
	})
	if err != nil {
		return nil, fmt.Errorf("read walk-ins: %w", err)
	}
	return rows, nil
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
