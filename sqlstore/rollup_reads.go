package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"strings"

	"postcrm"
)

// Reads of the rollups: the analysis's day streams and the month sums of
// the reports and the dashboards. Days are YYYYMMDD integers, so day/100 is the
// month in both dialects (integer division); SUM is cast because
// PostgreSQL widens a BIGINT sum to NUMERIC.

// LastDataDay is the latest day in courier_daily, 0 when it is empty.
func (s *Store) LastDataDay(ctx context.Context) (postcrm.Date, error) {
	var day sql.NullInt64
	if err := s.db.QueryRowContext(ctx, "SELECT MAX(day) FROM courier_daily").Scan(&day); err != nil {
		return 0, fmt.Errorf("last data day: %w", err)
	}
	return postcrm.Date(day.Int64), nil
}

// monthDays is the day range of the months [from, to].
func monthDays(from, to postcrm.Month) []any { return []any{int64(from.First()), int64(to.Last())} }

// OfficeMonths reads office_monthly, the month sums of courier_daily that
// the import keeps.
func (s *Store) OfficeMonths(ctx context.Context, from, to postcrm.Month) ([]postcrm.OfficeMonth, error) {
	rows, err := queryAll(ctx, s, `SELECT month, office_code, contract, payment, channel, items, postage_fen
		FROM office_monthly WHERE month BETWEEN ? AND ?
		ORDER BY month, office_code, contract, payment, channel`, []any{int64(from), int64(to)},
		func(sc scanner, m *postcrm.OfficeMonth) error {
			var month int64
			var payment, channel string
			err := sc.Scan(&month, &m.OfficeCode, &m.Contract, &payment, &channel, &m.Items, &m.PostageFen)
			m.Month, m.Payment, m.Channel = postcrm.Month(month), postcrm.Payment(payment), postcrm.Channel(channel)
			return err
		})
	if err != nil {
		return nil, fmt.Errorf("office months %d-%d: %w", from, to, err)
	}
	return rows, nil
}

// CustomerMonthTotals sums customer_daily per customer and month for the
// given months, in one pass over the table.
func (s *Store) CustomerMonthTotals(ctx context.Context, months ...postcrm.Month) ([]postcrm.CustomerMonth, error) {
	if len(months) == 0 {
		return nil, nil
	}
	var where []string
	var args []any
	for _, m := range months {
		where = append(where, "day BETWEEN ? AND ?")
		args = append(args, monthDays(m, m)...)
	}
	rows, err := queryAll(ctx, s, `SELECT customer_code, day / 100,
		CAST(SUM(items) AS BIGINT), CAST(SUM(postage_fen) AS BIGINT)
		FROM customer_daily WHERE `+strings.Join(where, " OR ")+`
		GROUP BY customer_code, day / 100 ORDER BY customer_code, day / 100`, args,
		func(sc scanner, c *postcrm.CustomerMonth) error {
			var month int64
			err := sc.Scan(&c.CustomerCode, &month, &c.Items, &c.PostageFen)
			c.Month = postcrm.Month(month)
			return err
		})
	if err != nil {
		return nil, fmt.Errorf("customer months %v: %w", months, err)
	}
	return rows, nil
}

// MemberDays counts members per registration day, office and recruiter.
func (s *Store) MemberDays(ctx context.Context, r postcrm.DayRange) ([]postcrm.MemberDay, error) {
	rows, err := queryAll(ctx, s, `SELECT registered_on, office_code, staff_id, COUNT(*)
		FROM members WHERE registered_on BETWEEN ? AND ?
		GROUP BY registered_on, office_code, staff_id
		ORDER BY registered_on, office_code, staff_id`, dayArgs(r),
		func(sc scanner, m *postcrm.MemberDay) error {
			var day int64
			err := sc.Scan(&day, &m.OfficeCode, &m.StaffID, &m.Members)
			m.Day = postcrm.Date(day)
			return err
		})
	if err != nil {
		return nil, fmt.Errorf("member days: %w", err)
	}
	return rows, nil
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

// dayArgs turns a range with open bounds into BETWEEN arguments.
func dayArgs(r postcrm.DayRange) []any {
	to := int64(r.To)
	if to == 0 {
		to = math.MaxInt32
	}
	return []any{int64(r.From), to}
}

// CustomerDays streams customer_daily by customer and day.
func (s *Store) CustomerDays(ctx context.Context, r postcrm.DayRange, fn func(postcrm.CustomerDay) error) error {
	return stream(ctx, s, `SELECT customer_code, day, items, postage_fen FROM customer_daily
		WHERE day BETWEEN ? AND ? ORDER BY customer_code, day`, dayArgs(r),
		func(sc scanner, d *postcrm.CustomerDay) error {
			var day int64
			err := sc.Scan(&d.CustomerCode, &day, &d.Items, &d.PostageFen)
			d.Day = postcrm.Date(day)
			return err
		}, fn)
}

// WalkinDays streams walkin_daily by phone, day and office.
func (s *Store) WalkinDays(ctx context.Context, r postcrm.DayRange, fn func(postcrm.WalkinDay) error) error {
	return stream(ctx, s, `SELECT phone, day, office_code, items, postage_fen FROM walkin_daily
		WHERE day BETWEEN ? AND ? ORDER BY phone, day, office_code`, dayArgs(r),
		func(sc scanner, d *postcrm.WalkinDay) error {
			var day int64
			err := sc.Scan(&d.Phone, &day, &d.OfficeCode, &d.Items, &d.PostageFen)
			d.Day = postcrm.Date(day)
			return err
		}, fn)
}

// CourierDays streams courier_daily in key order, day first.
func (s *Store) CourierDays(ctx context.Context, r postcrm.DayRange, fn func(postcrm.CourierDay) error) error {
	return stream(ctx, s, `SELECT day, office_code, courier_staff_id, contract, payment, channel, items, postage_fen
		FROM courier_daily WHERE day BETWEEN ? AND ?
		ORDER BY day, office_code, courier_staff_id, contract, payment, channel`, dayArgs(r),
		func(sc scanner, d *postcrm.CourierDay) error {
			var day int64
			var payment, channel string
			err := sc.Scan(&day, &d.OfficeCode, &d.CourierStaffID, &d.Contract, &payment, &channel, &d.Items, &d.PostageFen)
			d.Day, d.Payment, d.Channel = postcrm.Date(day), postcrm.Payment(payment), postcrm.Channel(channel)
			return err
		}, fn)
}
