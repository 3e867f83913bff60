package sqlstore

import (
	"context"
	"fmt"

	"postcrm"
)

// An owner given through the unowned pool is kept against an import that
// says unowned (postcrm.KeepPoolOwners decides); customers.pool_owner
// records it while it is the owner.

// poolOwnersSelect reads the pool's owners; the partial index of
// migration 0011 keeps it to those few rows.
const poolOwnersSelect = "SELECT code, owner_staff_id, office_code FROM customers WHERE pool_owner <> '' AND pool_owner = owner_staff_id"

// applyCustomers writes a customers batch, keeping the pool's owners.
func (w *writer) applyCustomers(recs []postcrm.Customer) (postcrm.WriteResult, error) {
	if w.allNew { // no key is stored, so none has a pool owner
		res, _, err := applyRecords(w, &customersTable, recs)
		return res, err
	}
	var pool []postcrm.PoolOwner
	err := w.query(stmtKey{text: poolOwnersSelect}, func() string { return poolOwnersSelect }, nil, func(s scanner) error {
		var p postcrm.PoolOwner
		err := s.Scan(&p.Code, &p.Owner, &p.Office)
		pool = append(pool, p)
		return err
	})
	if err != nil {
		return postcrm.WriteResult{}, err
	}
	recs, ended := postcrm.KeepPoolOwners(recs, pool)
	res, _, err := applyRecords(w, &customersTable, recs)
	if err != nil || len(ended) == 0 {
		return res, err
	}
	return res, byKeys(w.s, "UPDATE customers SET pool_owner = '' WHERE code", ended, w.exec)
}

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
