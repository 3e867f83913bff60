package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"postcrm"
)

var _ postcrm.FollowupStore = (*Store)(nil)

// dispatchCols are the dispatches table's columns, warning_id first.
var dispatchCols = []string{"warning_id", "month", "kind", "customer_code", "sender_phone", "office_code", "held_out",
	"assigned_to", "dispatched_on", "due_on", "status", "outcome", "closed_on", "contacts", "escalation", "withdrawn"}

var insertDispatches = insertInto("dispatches", dispatchCols)

func dispatchArgs(a []any, d *postcrm.Dispatch) []any {
	return append(a, d.WarningID, int64(d.Month), string(d.Kind), d.CustomerCode, d.SenderPhone, d.OfficeCode, d.HeldOut,
		d.AssignedTo, int64(d.DispatchedOn), int64(d.DueOn), string(d.Status), string(d.Outcome), int64(d.ClosedOn),
		int64(d.Contacts), int64(d.Escalation), d.Withdrawn)
}

// dispatchRaw holds a dispatch's columns as scanned, before their
// conversion to the domain types.
type dispatchRaw struct {
	d                       postcrm.Dispatch
	kind, status, outcome   string
	dispatched, due, closed int64
}

func (r *dispatchRaw) dests() []any {
	d := &r.d
	return []any{&d.WarningID, &d.Month, &r.kind, &d.CustomerCode, &d.SenderPhone, &d.OfficeCode, &d.HeldOut,
		&d.AssignedTo, &r.dispatched, &r.due, &r.status, &r.outcome, &r.closed, &d.Contacts, &d.Escalation, &d.Withdrawn}
}

func (r *dispatchRaw) dispatch() postcrm.Dispatch {
	d := r.d
	d.Kind, d.Status, d.Outcome = postcrm.WarningKind(r.kind), postcrm.DispatchStatus(r.status), postcrm.Outcome(r.outcome)
	d.DispatchedOn, d.DueOn, d.ClosedOn = postcrm.Date(r.dispatched), postcrm.Date(r.due), postcrm.Date(r.closed)
	return d
}

func scanDispatch(sc scanner, d *postcrm.Dispatch) error {
	var r dispatchRaw
	err := sc.Scan(r.dests()...)
	*d = r.dispatch()
	return err
}

func warningTarget(id int64) string { return fmt.Sprintf("warning:%d", id) }

// Dispatches lists a month's dispatches by warning ID.
func (s *Store) Dispatches(ctx context.Context, month postcrm.Month) ([]postcrm.Dispatch, error) {
	q := "SELECT " + strings.Join(dispatchCols, ", ") + " FROM dispatches WHERE month = ? ORDER BY warning_id"
	ds, err := queryAll(ctx, s, q, []any{int64(month)}, scanDispatch)
	if err != nil {
		return nil, fmt.Errorf("read dispatches of %d: %w", month, err)
	}
	return ds, nil
}

// DispatchCounts sums the month's dispatched warnings in sc by kind,
// status, dispatch day and whether any contact was recorded; like the
// lists, it leaves out the held-out ones and those whose warning is gone.
func (s *Store) DispatchCounts(ctx context.Context, sc postcrm.Scope, month postcrm.Month) ([]postcrm.DispatchCount, error) {
	f, err := dispatchFilter(sc, postcrm.DispatchQuery{Month: month})
	if err != nil {
		return nil, fmt.Errorf("count dispatches of %d: %w", month, err)
	}
	q := "SELECT d.kind, d.status, d.dispatched_on, CASE WHEN d.contacts > 0 THEN 1 ELSE 0 END, COUNT(*)" +
		" FROM dispatches d JOIN warnings w ON w.id = d.warning_id" + f.where() + " GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4"
	out, err := queryAll(ctx, s, q, f.args, func(sc scanner, c *postcrm.DispatchCount) error {
		var kind, status string
		var on, contacted int64
		err := sc.Scan(&kind, &status, &on, &contacted, &c.N)
		c.Kind, c.Status, c.DispatchedOn, c.Contacted = postcrm.WarningKind(kind), postcrm.DispatchStatus(status), postcrm.Date(on), contacted == 1
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("count dispatches of %d: %w", month, err)
	}
	return out, nil
}

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
