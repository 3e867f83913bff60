package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"postcrm"
)

// The reports' month sums. Days are YYYYMMDD integers, so day/100 is the
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
