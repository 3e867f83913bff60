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
	return stream(ctx, s, q, dayRange(r), func(sc scanner) error {
		var d postcrm.CustomerDay
		var day uint32
		if err := sc.Scan(&d.CustomerCode, &day, &d.Items, &d.PostageFen); err != nil {
			return err
		}
		d.Day = postcrm.Date(day)
		return fn(d)
	})
}

// WalkinDays streams the walk-ins' items and postage per phone, day and
// office, in that order; walk-in waybills without a phone count for no
// one, as in the SQL stores.
func (s *Store) WalkinDays(ctx context.Context, r postcrm.DayRange, fn func(postcrm.WalkinDay) error) error {
	q := `SELECT sender_phone, day, office_code, toInt64(count()), sum(postage_fen) ` + s.resolved() +
		`AND customer_code = '' AND sender_phone != ''
		GROUP BY sender_phone, day, office_code ORDER BY sender_phone, day, office_code`
	return stream(ctx, s, q, dayRange(r), func(sc scanner) error {
		var d postcrm.WalkinDay
		var day uint32
		if err := sc.Scan(&d.Phone, &day, &d.OfficeCode, &d.Items, &d.PostageFen); err != nil {
			return err
		}
		d.Day = postcrm.Date(day)
		return fn(d)
	})
}

// CourierDays streams the items and postage per day, office, courier,
// segment, payment and channel, day first.
func (s *Store) CourierDays(ctx context.Context, r postcrm.DayRange, fn func(postcrm.CourierDay) error) error {
	q := `SELECT day, office_code, courier_staff_id, customer_code != '' AS contract, payment, channel,
		toInt64(count()), sum(postage_fen)` + s.resolved() + `
		GROUP BY day, office_code, courier_staff_id, contract, payment, channel
		ORDER BY day, office_code, courier_staff_id, contract, payment, channel`
	return stream(ctx, s, q, dayRange(r), func(sc scanner) error {
		var d postcrm.CourierDay
		var day uint32
		var contract uint8
		var payment, channel string
		if err := sc.Scan(&day, &d.OfficeCode, &d.CourierStaffID, &contract, &payment, &channel, &d.Items, &d.PostageFen); err != nil {
			return err
		}
		d.Day, d.Contract, d.Payment, d.Channel = postcrm.Date(day), contract == 1, postcrm.Payment(payment), postcrm.Channel(channel)
		return fn(d)
	})
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
	return stream(ctx, s, q, []any{joint, uint32(from.First()), uint32(to.Last())}, func(sc scanner) error {
		var m postcrm.MixRow
		var month uint32
		if err := sc.Scan(&m.CustomerCode, &month, &m.Dim, &m.Value, &m.Items); err != nil {
			return err
		}
		m.Month = postcrm.Month(month)
		return fn(m)
	})
}

type scanner interface{ Scan(dest ...any) error }

// stream runs q and hands each row to fn as it arrives.
func stream(ctx context.Context, s *Store, q string, args []any, fn func(scanner) error) error {
	rows, err := s.conn.Query(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("fact store: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("fact store: %w", err)
	}
	return nil
}

// MixValues lists the destination provinces (dim "d") or products ("p")
// the contract customers' waybills name.
func (s *Store) MixValues(ctx context.Context, dim string) ([]string, error) {
	col := map[string]string{"d": "dest_province", "p": "product"}[dim]
	if col == "" {
		return nil, fmt.Errorf("no mix dimension %q", dim)
	}
	var out []string
	err := stream(ctx, s, "SELECT DISTINCT "+col+" AS v FROM "+s.table("waybills")+
		" FINAL WHERE customer_code != '' AND "+col+" != '' ORDER BY v", nil, func(sc scanner) error {
		var v string
		err := sc.Scan(&v)
		out = append(out, v)
		return err
	})
	return out, err
}
