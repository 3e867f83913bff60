package sqlstore

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"

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

// Reasons lists the reasons in the order a form offers them.
func (s *Store) Reasons(ctx context.Context) ([]postcrm.ContactReason, error) {
	rs, err := queryAll(ctx, s, reasonsSelect, nil, scanReason)
	if err != nil {
		return nil, fmt.Errorf("read contact reasons: %w", err)
	}
	return rs, nil
}

const reasonsSelect = "SELECT code, name_zh, name_en FROM contact_reasons ORDER BY position, code"

func scanReason(sc scanner, r *postcrm.ContactReason) error {
	return sc.Scan(&r.Code, &r.NameZH, &r.NameEN)
}

// reasons lists the reasons in the transaction.
func (w *writer) reasons() ([]postcrm.ContactReason, error) {
	rows, err := w.tx.QueryContext(w.ctx, reasonsSelect)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var rs []postcrm.ContactReason
	for rows.Next() {
		var r postcrm.ContactReason
		if err := scanReason(rows, &r); err != nil {
			return nil, err
		}
		rs = append(rs, r)
	}
	return rs, rows.Err()
}

// reasonExists reports whether a contact reason with code is stored.
func (w *writer) reasonExists(code string) (bool, error) {
	var n int64
	err := w.tx.QueryRowContext(w.ctx, w.s.rebind("SELECT COUNT(*) FROM contact_reasons WHERE code = ?"), code).Scan(&n)
	return n > 0, err
}

var reasonCode = regexp.MustCompile(`^[a-z][a-z0-9_]{0,31}$`)

// AddReason adds a reason before "other"; ErrConflict when the code is
// taken.
func (s *Store) AddReason(ctx context.Context, r postcrm.ContactReason, a postcrm.Actor) error {
	var err error
	switch {
	case !reasonCode.MatchString(r.Code):
		err = fmt.Errorf("代码 %q 应为小写字母开头的字母、数字或下划线: %w", r.Code, postcrm.ErrInvalid)
	case strings.TrimSpace(r.NameZH) == "" || strings.TrimSpace(r.NameEN) == "":
		err = fmt.Errorf("原因要有中文和英文名称: %w", postcrm.ErrInvalid)
	default:
		err = s.inTx(ctx, func(w *writer) error {
			taken, err := w.reasonExists(r.Code)
			if err != nil {
				return err
			}
			if taken {
				return postcrm.ErrConflict
			}
			const q = "INSERT INTO contact_reasons (code, name_zh, name_en, position)" +
				" SELECT ?, ?, ?, COALESCE(MAX(position), 0) + 1 FROM contact_reasons WHERE code <> ?"
			if err := s.exec(ctx, w.tx, q, r.Code, r.NameZH, r.NameEN, postcrm.ReasonOther); err != nil {
				return err
			}
			return w.audit(a, "reason:"+r.Code, "added "+r.NameZH+" / "+r.NameEN)
		})
	}
	if err != nil {
		return fmt.Errorf("add contact reason %q: %w", r.Code, err)
	}
	return nil
}

// AddActNote records the province's act for a month.
func (s *Store) AddActNote(ctx context.Context, n postcrm.ActNote, a postcrm.Actor) (postcrm.ActNote, error) {
	if n.At.IsZero() {
		n.At = time.Now()
	}
	n.Author = a.User
	err := s.inTx(ctx, func(w *writer) error {
		const q = "INSERT INTO act_notes (month, author, at, note, thresholds) VALUES (?, ?, ?, ?, ?) RETURNING id"
		if err := w.tx.QueryRowContext(ctx, s.rebind(q), int64(n.Month), n.Author, unixNano(n.At), n.Note, n.Thresholds).Scan(&n.ID); err != nil {
			return err
		}
		return w.audit(a, fmt.Sprintf("act_note:%d", n.ID), fmt.Sprintf("month %d: %s; thresholds: %s", n.Month, n.Note, n.Thresholds))
	})
	if err != nil {
		return postcrm.ActNote{}, fmt.Errorf("add act note for %d: %w", n.Month, err)
	}
	return n, nil
}

// ActNotes lists a month's act notes, oldest first.
func (s *Store) ActNotes(ctx context.Context, month postcrm.Month) ([]postcrm.ActNote, error) {
	q := "SELECT id, month, author, at, note, thresholds FROM act_notes WHERE month = ? ORDER BY id"
	ns, err := queryAll(ctx, s, q, []any{int64(month)}, func(sc scanner, n *postcrm.ActNote) error {
		var at int64
		err := sc.Scan(&n.ID, &n.Month, &n.Author, &at, &n.Note, &n.Thresholds)
		n.At = fromUnixNano(at)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read act notes of %d: %w", month, err)
	}
	return ns, nil
}
