package sqlstore

import (
	"context"
	"fmt"

	"postcrm"
)

// unownedSelect lists customers with no owner on the staff (未管户: none
// recorded, or one who has left) beside their warnings in a month range,
// bound by the first two parameters; one without warnings is listed too,
// with none, as the ownership report counts it.
var unownedSelect = "SELECT " + prefixed("c", customersTable.cols) +
	", COALESCE(o.name, ''), COALESCE(o.city, ''), '', COALESCE(wc.n, 0), COALESCE(wc.last, 0)" +
	" FROM customers c LEFT JOIN (SELECT customer_code, COUNT(*) AS n, MAX(month) AS last FROM warnings" +
	" WHERE month BETWEEN ? AND ? AND customer_code <> '' GROUP BY customer_code) wc ON wc.customer_code = c.code" +
	" LEFT JOIN offices o ON o.code = c.office_code LEFT JOIN staff st ON st.id = c.owner_staff_id"

// UnownedPool lists every unowned customer in sc, those warned most in
// [fromMonth, toMonth] first. Couriers own what they see, so their pool
// is empty.
func (s *Store) UnownedPool(ctx context.Context, sc postcrm.Scope, fromMonth, toMonth postcrm.Month) ([]postcrm.UnownedCustomer, error) {
	f := filter{args: []any{int64(fromMonth), int64(toMonth)}}
	if err := f.scope(sc, scopeCols{office: "c.office_code", owner: "c.owner_staff_id"}); err != nil {
		return nil, fmt.Errorf("read unowned customers: %w", err)
	}
	f.add("(c.owner_staff_id = '' OR st.id IS NULL)")
	q := unownedSelect + f.where() + " ORDER BY COALESCE(wc.n, 0) DESC, COALESCE(wc.last, 0) DESC, c.code"
	pool, err := queryAll(ctx, s, q, f.args, func(sc scanner, u *postcrm.UnownedCustomer) error {
		return customersTable.scan(withNames{sc, []any{&u.OfficeName, &u.City, &u.OwnerName, &u.Warnings, &u.LastMonth}}, &u.Customer)
	})
	if err != nil {
		return nil, fmt.Errorf("read unowned customers: %w", err)
	}
	return pool, nil
}

// AssignOwner makes staffID, of the customer's office, its owner and
// hands it the customer's open dispatches, telling it of each (a notice
// written in the same transaction). The owner is recorded as the
// pool's: a later customers import that still says unowned keeps it, one
// that names an owner replaces it (see postcrm.KeepPoolOwners).
func (s *Store) AssignOwner(ctx context.Context, sc postcrm.Scope, code, staffID string, a postcrm.Actor) error {
	if err := postcrm.MayAssign(sc.Role); err != nil {
		return fmt.Errorf("assign owner of customer %q: %w", code, err)
	}
	err := s.inTx(ctx, func(w *writer) error {
		if err := w.bump(versionFollowup); err != nil {
			return err
		}
		var f filter
		if err := f.scope(sc, scopeCols{office: "c.office_code", owner: "c.owner_staff_id"}); err != nil {
			return err
		}
		f.add("c.code = ?", code)
		var office, owner string
		err := w.tx.QueryRowContext(ctx, s.rebind("SELECT c.office_code, c.owner_staff_id FROM customers c"+f.where()), f.args...).Scan(&office, &owner)
		if err != nil {
			return notFound(err)
		}
		to, err := w.staffMember(staffID)
		if err != nil {
			return err
		}
		if err := postcrm.ValidateAssignee(office, to); err != nil {
			return err
		}
		if err := s.exec(ctx, w.tx, "UPDATE customers SET owner_staff_id = ?, pool_owner = ? WHERE code = ?", staffID, staffID, code); err != nil {
			return err
		}
		handed, err := w.handedOver(code, staffID)
		if err != nil {
			return err
		}
		const hand = "UPDATE dispatches SET assigned_to = ? WHERE customer_code = ? AND held_out = ? AND withdrawn = ? AND status <> ?"
		if err := s.exec(ctx, w.tx, hand, staffID, code, false, false, string(postcrm.StatusClosed)); err != nil {
			return err
		}
		if err := w.audit(a, "customer:"+code, fmt.Sprintf("owner %q -> %q; open warnings handed over", owner, staffID)); err != nil {
			return err
		}
		events := make([]postcrm.NoticeEvent, len(handed))
		for i, id := range handed {
			if events[i], err = w.reassignEvent(id); err != nil {
				return err
			}
		}
		return w.addNotices(events)
	})
	if err != nil {
		return fmt.Errorf("assign owner of customer %q: %w", code, err)
	}
	return nil
}

// handedOver lists the customer's open dispatches that assigning it to
// staffID gives to someone new: those its notices are about.
func (w *writer) handedOver(code, staffID string) ([]int64, error) {
	const q = "SELECT warning_id FROM dispatches WHERE customer_code = ? AND held_out = ? AND withdrawn = ? AND status <> ? AND assigned_to <> ? ORDER BY warning_id"
	var ids []int64
	err := w.query(stmtKey{text: q}, func() string { return q }, []any{code, false, false, string(postcrm.StatusClosed), staffID}, func(sc scanner) error {
		var id int64
		err := sc.Scan(&id)
		ids = append(ids, id)
		return err
	})
	return ids, err
}
