package clickhouse

import (
	"context"
	"fmt"
	"slices"

	"postcrm"
)

// The reports' reads: the month sums the SQL stores keep at import
// (office_monthly) or sum from their daily rollups, grouped here from the
// resolved waybills, in the SQL stores' order.

// LastDataDay is the latest day with any stored waybill, 0 when none.
func (s *Store) LastDataDay(ctx context.Context) (postcrm.Date, error) {
	var day uint32
	if err := s.conn.QueryRow(ctx, "SELECT max(day) FROM "+s.table("waybills")+" FINAL").Scan(&day); err != nil {
		return 0, fmt.Errorf("last data day: %w", err)
	}
	return postcrm.Date(day), nil
}

// OfficeMonths sums the items and postage by month, office, segment,
// payment and channel over the months [from, to].
func (s *Store) OfficeMonths(ctx context.Context, from, to postcrm.Month) ([]postcrm.OfficeMonth, error) {
	q := `SELECT intDiv(day, 100) AS month, office_code, customer_code != '' AS contract, payment, channel,
		toInt64(count()), sum(postage_fen)` + s.resolved() + `
		GROUP BY month, office_code, contract, payment, channel
		ORDER BY month, office_code, contract, payment, channel`
	out, err := queryAll(ctx, s, q, []any{uint32(from.First()), uint32(to.Last())}, func(sc scanner, m *postcrm.OfficeMonth) error {
		var month uint32
		var contract uint8
		var payment, channel string
		err := sc.Scan(&month, &m.OfficeCode, &contract, &payment, &channel, &m.Items, &m.PostageFen)
		m.Month, m.Contract, m.Payment, m.Channel = postcrm.Month(month), contract == 1, postcrm.Payment(payment), postcrm.Channel(channel)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("office months %d-%d: %w", from, to, err)
	}
	return out, nil
}

// CustomerMonthTotals sums the contract customers' items and postage by
// customer and month for the given months.
func (s *Store) CustomerMonthTotals(ctx context.Context, months ...postcrm.Month) ([]postcrm.CustomerMonth, error) {
	if len(months) == 0 {
		return nil, nil
	}
	set := make([]uint32, len(months))
	for i, m := range months {
		set[i] = uint32(m)
	}
	lo, hi := slices.Min(months), slices.Max(months)
	q := `SELECT customer_code, intDiv(day, 100) AS month, toInt64(count()), sum(postage_fen)` + s.resolved() + `
		AND customer_code != '' AND has(?, toUInt32(intDiv(day, 100)))
		GROUP BY customer_code, month ORDER BY customer_code, month`
	out, err := queryAll(ctx, s, q, []any{uint32(lo.First()), uint32(hi.Last()), set}, func(sc scanner, c *postcrm.CustomerMonth) error {
		var month uint32
		err := sc.Scan(&c.CustomerCode, &month, &c.Items, &c.PostageFen)
		c.Month = postcrm.Month(month)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("customer months %v: %w", months, err)
	}
	return out, nil
}
