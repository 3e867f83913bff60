package sqlstore

import (
	"context"
	"math"

	"postcrm"
)

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
