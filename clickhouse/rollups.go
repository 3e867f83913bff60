package clickhouse

import (
	"context"
	"fmt"
	"math"

	"postcrm"
)

// The rollups the analysis and the reports read are not kept as tables,
// as the SQL stores keep them: they are computed from the resolved
// waybills (FINAL) when read, so a re-sent waybill is counted once and a
// changed one with its latest content. Each shard groups its own
// waybills and the server the store talks to merges the groups; the
// keys and the order are those of the SQL stores' rollup tables.

// dayRange is r as the bounds of day BETWEEN ? AND ?.
func dayRange(r postcrm.DayRange) []any {
	to := uint32(r.To)
	if r.To == 0 {
		to = math.MaxUint32
	}
	return []any{uint32(r.From), to}
}

// resolved selects the resolved waybills of a day range: FINAL on the
// Distributed table resolves each shard's versions there, before the
// shard groups its rows. The filter must see resolved rows only: the
// connections turn off moving it to PREWHERE (optimize_move_to_prewhere),
// which is read before versions are resolved. (On 18.16 the contract
// suite passes either way; the setting keeps it so on other versions.)
func (s *Store) resolved() string {
	return " FROM " + s.table("waybills") + " FINAL WHERE day BETWEEN ? AND ? "
}

// CustomerDays streams the contract customers' items and postage per
// customer and day, by customer and day.
func (s *Store) CustomerDays(ctx context.Context, r postcrm.DayRange, fn func(postcrm.CustomerDay) error) error {
	q := `SELECT customer_code, day, toInt64(count()), sum(postage_fen) ` + s.resolved() + `AND customer_code != ''
		GROUP BY customer_code, day ORDER BY customer_code, day`
	return stream(ctx, s, q, dayRange(r), func(sc scanner, d *postcrm.CustomerDay) error {
		var day uint32
		err := sc.Scan(&d.CustomerCode, &day, &d.Items, &d.PostageFen)
		d.Day = postcrm.Date(day)
		return err
	}, fn)
}

// WalkinDays streams the walk-ins' items and postage per phone, day and
// office, in that order; walk-in waybills without a phone count for no
// one, as in the SQL stores.
func (s *Store) WalkinDays(ctx context.Context, r postcrm.DayRange, fn func(postcrm.WalkinDay) error) error {
	q := `SELECT sender_phone, day, office_code, toInt64(count()), sum(postage_fen) ` + s.resolved() +
		`AND customer_code = '' AND sender_phone != ''
		GROUP BY sender_phone, day, office_code ORDER BY sender_phone, day, office_code`
	return stream(ctx, s, q, dayRange(r), func(sc scanner, d *postcrm.WalkinDay) error {
		var day uint32
		err := sc.Scan(&d.Phone, &day, &d.OfficeCode, &d.Items, &d.PostageFen)
		d.Day = postcrm.Date(day)
		return err
	}, fn)
}

// CourierDays streams the items and postage per day, office, courier,
// segment, payment and channel, day first.
func (s *Store) CourierDays(ctx context.Context, r postcrm.DayRange, fn func(postcrm.CourierDay) error) error {
	q := `SELECT day, office_code, courier_staff_id, customer_code != '' AS contract, payment, channel,
		toInt64(count()), sum(postage_fen)` + s.resolved() + `
		GROUP BY day, office_code, courier_staff_id, contract, payment, channel
		ORDER BY day, office_code, courier_staff_id, contract, payment, channel`
	return stream(ctx, s, q, dayRange(r), func(sc scanner, d *postcrm.CourierDay) error {
		var day uint32
		var contract uint8
		var payment, channel string
		err := sc.Scan(&day, &d.OfficeCode, &d.CourierStaffID, &contract, &payment, &channel, &d.Items, &d.PostageFen)
		d.Day, d.Contract, d.Payment, d.Channel = postcrm.Date(day), contract == 1, postcrm.Payment(payment), postcrm.Channel(channel)
		return err
	}, fn)
}

// CustomerMix streams the contract customers' items per month by
// destination province (dim "d"), product ("p") and both together ("j",
// postcrm.JointValue: only where the waybill names both), by customer.
func (s *Store) CustomerMix(ctx context.Context, from, to postcrm.Month, fn func(postcrm.MixRow) error) error {
	q := `SELECT customer_code, intDiv(day, 100) AS month, tupleElement(dv, 1) AS dim, tupleElement(dv, 2) AS value,
		toInt64(count()) FROM ` + s.table("waybills") + ` FINAL
		ARRAY JOIN [('d', dest_province), ('p', product),
			('j', if(dest_province != '' AND product != '', concat(dest_province, ?, product), ''))] AS dv
		WHERE day BETWEEN ? AND ? AND customer_code != '' AND value != ''
		GROUP BY customer_code, month, dim, value ORDER BY customer_code, month, dim, value`
	joint := postcrm.JointValue("", "")
	return stream(ctx, s, q, []any{joint, uint32(from.First()), uint32(to.Last())}, func(sc scanner, m *postcrm.MixRow) error {
		var month uint32
		err := sc.Scan(&m.CustomerCode, &month, &m.Dim, &m.Value, &m.Items)
		m.Month = postcrm.Month(month)
		return err
	}, fn)
}

type scanner interface{ Scan(dest ...any) error }

// stream runs q, scans each row into a T and hands it to fn as it
// arrives: sqlstore's stream, on the cluster.
func stream[T any](ctx context.Context, s *Store, q string, args []any, scan func(scanner, *T) error, fn func(T) error) error {
	rows, err := s.conn.Query(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("fact store: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var v T
		if err := scan(rows, &v); err != nil {
			return err
		}
		if err := fn(v); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("fact store: %w", err)
	}
	return nil
}

// queryAll is stream gathering the rows.
func queryAll[T any](ctx context.Context, s *Store, q string, args []any, scan func(scanner, *T) error) ([]T, error) {
	var all []T
	err := stream(ctx, s, q, args, scan, func(v T) error {
		all = append(all, v)
		return nil
	})
	return all, err
}

// MixValues lists the destination provinces (dim "d") or products ("p")
// the contract customers' waybills name.
func (s *Store) MixValues(ctx context.Context, dim string) ([]string, error) {
	col := map[string]string{"d": "dest_province", "p": "product"}[dim]
	if col == "" {
		return nil, fmt.Errorf("no mix dimension %q", dim)
	}
	return queryAll(ctx, s, "SELECT DISTINCT "+col+" AS v FROM "+s.table("waybills")+
		" FINAL WHERE customer_code != '' AND "+col+" != '' ORDER BY v", nil,
		func(sc scanner, v *string) error { return sc.Scan(v) })
}
