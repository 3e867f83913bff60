package sqlstore

import (
	"context"

	"postcrm"
)

// LatestCustomerWaybills lists up to limit of a contract customer's
// waybills, newest first. The days it shipped come from customer_daily,
// newest first, and each day's waybills from the partial index on (day,
// customer_code, accepted_at) of contract customers' waybills (the
// condition on w.customer_code lets the planners use it), so the query
// reads about limit rows whatever the customer's history. Waybills of the
// same second come by number, highest first.
func (s *Store) LatestCustomerWaybills(ctx context.Context, code string, limit int) ([]postcrm.Waybill, error) {
	return queryAll(ctx, s, latestCustomerWaybillsSQL, []any{code, limit}, waybillsTable.scan)
}

var latestCustomerWaybillsSQL = `SELECT ` + prefixed("w", waybillsTable.cols) + `
	FROM customer_daily c JOIN waybills w ON w.day = c.day AND w.customer_code = c.customer_code
	WHERE c.customer_code = ? AND w.customer_code <> '' ORDER BY c.day DESC, w.accepted_at DESC, w.waybill_no DESC LIMIT ?`
