package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"postcrm"
)

// A dispatch is in a courier's scope when it is assigned to them, in a
// manager's when its office is theirs.
var dispatchScope = scopeCols{office: "d.office_code", owner: "d.assigned_to"}

// dispatchRowSelect joins a dispatch to its warning (so withdrawn ones,
// whose warning is gone, drop out of the lists) and the names shown.
var dispatchRowSelect = "SELECT w.id, " + prefixed("w", warningCols) +
	", COALESCE(c.name, ''), COALESCE(o.name, ''), COALESCE(o.city, ''), COALESCE(st.name, ''), " +
	prefixed("d", dispatchCols) + ", COALESCE(a.name, ''), COALESCE(c.contact_name, ''), COALESCE(c.contact_phone, '')" +
	" FROM dispatches d JOIN warnings w ON w.id = d.warning_id LEFT JOIN customers c ON c.code = w.customer_code" +
	" LEFT JOIN offices o ON o.code = w.office_code LEFT JOIN staff st ON st.id = w.owner_staff_id" +
	" LEFT JOIN staff a ON a.id = d.assigned_to"

func scanDispatchRow(sc scanner, r *postcrm.DispatchRow) error {
	var raw dispatchRaw
	err := scanWarningRow(withNames{sc, append(raw.dests(), &r.AssigneeName, &r.ContactName, &r.ContactPhone)}, &r.Warning)
	r.Dispatch = raw.dispatch()
	return err
}

// dispatchFilter is the scope and the query's conditions: dispatched
// warnings only, neither held out nor withdrawn.
func dispatchFilter(sc postcrm.Scope, q postcrm.DispatchQuery) (filter, error) {
	var f filter
	if err := f.scope(sc, dispatchScope); err != nil {
		return f, err
	}
	f.add("d.held_out = ? AND d.withdrawn = ?", false, false)
	if q.Month != 0 {
		f.add("d.month = ?", int64(q.Month))
	}
	if q.Status != "" {
		f.add("d.status = ?", string(q.Status))
	}
	if q.AssignedTo != "" {
		f.add("d.assigned_to = ?", q.AssignedTo)
	}
	if q.OverdueOn != 0 {
		f.add("d.status <> ? AND d.due_on < ?", string(postcrm.StatusClosed), int64(q.OverdueOn))
	}
	if q.Escalated {
		f.add("d.escalation > 0")
	}
	if q.CustomerCode != "" {
		f.add("d.customer_code = ?", q.CustomerCode)
	}
	if q.Todo {
		f.add("d.status <> ?", string(postcrm.StatusClosed))
	}
	return f, nil
}

// ScopedDispatches lists one page of the dispatched warnings q selects in
// sc, most revenue at risk first, and how many match.
func (s *Store) ScopedDispatches(ctx context.Context, sc postcrm.Scope, q postcrm.DispatchQuery) ([]postcrm.DispatchRow, int, error) {
	f, err := dispatchFilter(sc, q)
	if err != nil {
		return nil, 0, fmt.Errorf("read dispatches: %w", err)
	}
	order := "w.revenue_at_risk_fen DESC, d.warning_id"
	if q.Todo {
		order = "d.due_on, " + order
	}
	rows, total, err := countedPage(ctx, s, "dispatches d JOIN warnings w ON w.id = d.warning_id", dispatchRowSelect, f,
		order, q.Offset, q.Limit, scanDispatchRow)
	if err != nil {
		return nil, 0, fmt.Errorf("read dispatches: %w", err)
	}
	return rows, total, nil
}

// ScopedDispatch reads one dispatched warning within sc.
func (s *Store) ScopedDispatch(ctx context.Context, sc postcrm.Scope, id int64) (postcrm.DispatchRow, error) {
	f, err := dispatchFilter(sc, postcrm.DispatchQuery{})
	if err != nil {
		return postcrm.DispatchRow{}, fmt.Errorf("read dispatch of warning %d: %w", id, err)
	}
	f.add("d.warning_id = ?", id)
	var r postcrm.DispatchRow
	if err := scanDispatchRow(s.db.QueryRowContext(ctx, s.rebind(dispatchRowSelect+f.where()), f.args...), &r); err != nil {
		return postcrm.DispatchRow{}, fmt.Errorf("read dispatch of warning %d: %w", id, notFound(err))
	}
	return r, nil
}

// scopedDispatch reads a dispatch (held out and withdrawn ones included)
// within sc in the transaction; ErrNotFound outside it.
func (w *writer) scopedDispatch(sc postcrm.Scope, id int64) (postcrm.Dispatch, error) {
	var f filter
	var d postcrm.Dispatch
	if err := f.scope(sc, dispatchScope); err != nil {
		return d, err
	}
	f.add("d.warning_id = ?", id)
	q := "SELECT " + prefixed("d", dispatchCols) + " FROM dispatches d" + f.where()
	err := notFound(scanDispatch(w.tx.QueryRowContext(w.ctx, w.s.rebind(q), f.args...), &d))
	return d, err
}

// staffMember reads staff member id in the transaction; an unknown ID
// is a Staff with only the ID, which the domain's rules refuse.
func (w *writer) staffMember(id string) (postcrm.Staff, error) {
	st := postcrm.Staff{ID: id}
	q := "SELECT " + strings.Join(staffTable.cols, ", ") + " FROM staff WHERE id = ?"
	err := staffTable.scan(w.tx.QueryRowContext(w.ctx, w.s.rebind(q), id), &st)
	if errors.Is(err, sql.ErrNoRows) {
		return postcrm.Staff{ID: id}, nil
	}
	return st, err
}

// Reassign gives a dispatched warning to another staff member of its
// office, if the domain's rule allows it, and in the same transaction
// writes the notice that tells them.
func (s *Store) Reassign(ctx context.Context, sc postcrm.Scope, id int64, staffID string, a postcrm.Actor) error {
	err := s.inTx(ctx, func(w *writer) error {
		if err := w.bump(versionFollowup); err != nil {
			return err
		}
		d, err := w.scopedDispatch(sc, id)
		if err != nil {
			return err
		}
		to, err := w.staffMember(staffID)
		if err != nil {
			return err
		}
		if err := d.ValidateReassign(sc.Role, to); err != nil {
			return err
		}
		if err := s.exec(ctx, w.tx, "UPDATE dispatches SET assigned_to = ? WHERE warning_id = ?", staffID, id); err != nil {
			return err
		}
		if err := w.audit(a, warningTarget(id), fmt.Sprintf("reassigned from %q to %q", d.AssignedTo, staffID)); err != nil || staffID == d.AssignedTo {
			return err
		}
		e, err := w.reassignEvent(id)
		if err != nil {
			return err
		}
		return w.addNotices([]postcrm.NoticeEvent{e})
	})
	if err != nil {
		return fmt.Errorf("reassign warning %d: %w", id, err)
	}
	return nil
}

// AddContact records a contact on a dispatched warning in sc and moves
// its status: a closing outcome closes it, any other puts it in
// progress. Held-out, withdrawn and closed warnings take no contacts.
func (s *Store) AddContact(ctx context.Context, sc postcrm.Scope, c postcrm.Contact, a postcrm.Actor) (postcrm.Contact, error) {
	if c.RecordedAt.IsZero() {
		c.RecordedAt = time.Now()
	}
	c = c.Tidied()
	err := s.inTx(ctx, func(w *writer) error {
		if err := w.bump(versionFollowup); err != nil {
			return err
		}
		d, err := w.scopedDispatch(sc, c.WarningID)
		if err != nil {
			return err
		}
		reasons, err := w.reasons()
		if err != nil {
			return err
		}
		if err := c.Validate(d, reasons); err != nil {
			return err
		}
		const ins = "INSERT INTO contacts (warning_id, on_day, method, outcome, reason, competitor, note, staff_id, recorded_at)" +
			" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"
		err = w.tx.QueryRowContext(ctx, s.rebind(ins), c.WarningID, int64(c.On), string(c.Method), string(c.Outcome),
			c.Reason, c.Competitor, c.Note, c.StaffID, unixNano(c.RecordedAt)).Scan(&c.ID)
		if err != nil {
			return fmt.Errorf("insert contact: %w", err)
		}
		status, closed := postcrm.StatusInProgress, postcrm.Date(0)
		if c.Outcome.Closes() {
			status, closed = postcrm.StatusClosed, c.On
		}
		const upd = "UPDATE dispatches SET contacts = contacts + 1, outcome = ?, status = ?, closed_on = ? WHERE warning_id = ?"
		if err := s.exec(ctx, w.tx, upd, string(c.Outcome), string(status), int64(closed), c.WarningID); err != nil {
			return err
		}
		return w.audit(a, warningTarget(c.WarningID), fmt.Sprintf("contact %s by %s on %s: %s, reason %s; status %s",
			c.Method, c.StaffID, c.On, c.Outcome, c.Reason, status))
	})
	if err != nil {
		return postcrm.Contact{}, fmt.Errorf("record contact on warning %d: %w", c.WarningID, err)
	}
	return c, nil
}

var contactCols = []string{"id", "warning_id", "on_day", "method", "outcome", "reason", "competitor", "note", "staff_id", "recorded_at"}

func scanContact(sc scanner, c *postcrm.Contact) error {
	var on, at int64
	var method, outcome string
	err := sc.Scan(&c.ID, &c.WarningID, &on, &method, &outcome, &c.Reason, &c.Competitor, &c.Note, &c.StaffID, &at)
	c.On, c.Method, c.Outcome, c.RecordedAt = postcrm.Date(on), postcrm.ContactMethod(method), postcrm.Outcome(outcome), fromUnixNano(at)
	return err
}

// Contacts lists a warning's contacts, oldest first; ErrNotFound when its
// dispatch is outside sc.
func (s *Store) Contacts(ctx context.Context, sc postcrm.Scope, id int64) ([]postcrm.Contact, error) {
	var f filter
	if err := f.scope(sc, dispatchScope); err != nil {
		return nil, fmt.Errorf("read contacts of warning %d: %w", id, err)
	}
	f.add("d.warning_id = ?", id)
	n, err := s.count(ctx, "SELECT COUNT(*) FROM dispatches d"+f.where(), f.args)
	if err == nil && n == 0 {
		err = postcrm.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("read contacts of warning %d: %w", id, err)
	}
	q := "SELECT " + strings.Join(contactCols, ", ") + " FROM contacts WHERE warning_id = ? ORDER BY id"
	cs, err := queryAll(ctx, s, q, []any{id}, scanContact)
	if err != nil {
		return nil, fmt.Errorf("read contacts of warning %d: %w", id, err)
	}
	return cs, nil
}

// MonthContacts lists the contacts on a month's dispatches.
func (s *Store) MonthContacts(ctx context.Context, month postcrm.Month) ([]postcrm.Contact, error) {
	q := "SELECT " + prefixed("k", contactCols) + " FROM contacts k JOIN dispatches d ON d.warning_id = k.warning_id" +
		" WHERE d.month = ? ORDER BY k.warning_id, k.id"
	cs, err := queryAll(ctx, s, q, []any{int64(month)}, scanContact)
	if err != nil {
		return nil, fmt.Errorf("read contacts of %d: %w", month, err)
	}
	return cs, nil
}
