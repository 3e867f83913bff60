package sqlstore

import (
	"context"
	"fmt"
	"strings"
	"time"

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

var insertAudit = insertInto("audit_log", []string{"at", "user_name", "action", "target", "detail", "addr"})

// audit writes an audit entry within the transaction, so that a change
// and its record stand or fall together.
func (w *writer) audit(a postcrm.Actor, target, detail string) error {
	return w.auditEach(a, 1, func(int) (string, string) { return target, detail })
}

// auditEach writes n audit entries, the i-th about entry(i), in multi-row
// statements: a dispatch run audits each of the month's warnings.
func (w *writer) auditEach(a postcrm.Actor, n int, entry func(i int) (target, detail string)) error {
	at := unixNano(time.Now())
	return w.writeRows(&insertAudit, n, func(i int, args []any) []any {
		target, detail := entry(i)
		return append(args, at, a.User, string(postcrm.AuditDataChange), target, detail, a.Addr)
	})
}

func warningTarget(id int64) string { return fmt.Sprintf("warning:%d", id) }

// FollowupSettings reads the province's settings.
func (s *Store) FollowupSettings(ctx context.Context) (postcrm.FollowupSettings, error) {
	var set postcrm.FollowupSettings
	const q = "SELECT holdout_share, due_days, escalate_office_days, escalate_city_days FROM followup_settings WHERE id = 1"
	err := s.db.QueryRowContext(ctx, q).Scan(&set.HoldoutShare, &set.DueDays, &set.EscalateOfficeDays, &set.EscalateCityDays)
	if err != nil {
		return set, fmt.Errorf("read follow-up settings: %w", err)
	}
	return set, nil
}

// SaveFollowupSettings replaces the settings.
func (s *Store) SaveFollowupSettings(ctx context.Context, set postcrm.FollowupSettings, a postcrm.Actor) error {
	err := s.inTx(ctx, func(w *writer) error {
		if err := w.bump(versionFollowup); err != nil {
			return err
		}
		const q = "UPDATE followup_settings SET holdout_share = ?, due_days = ?, escalate_office_days = ?, escalate_city_days = ? WHERE id = 1"
		if err := s.exec(ctx, w.tx, q, set.HoldoutShare, int64(set.DueDays), int64(set.EscalateOfficeDays), int64(set.EscalateCityDays)); err != nil {
			return err
		}
		return w.audit(a, "followup_settings", fmt.Sprintf("holdout %.2f, due %d days, escalate %d/%d days",
			set.HoldoutShare, set.DueDays, set.EscalateOfficeDays, set.EscalateCityDays))
	})
	if err != nil {
		return fmt.Errorf("save follow-up settings: %w", err)
	}
	return nil
}

// Dispatches lists a month's dispatches by warning ID.
func (s *Store) Dispatches(ctx context.Context, month postcrm.Month) ([]postcrm.Dispatch, error) {
	q := "SELECT " + strings.Join(dispatchCols, ", ") + " FROM dispatches WHERE month = ? ORDER BY warning_id"
	ds, err := queryAll(ctx, s, q, []any{int64(month)}, scanDispatch)
	if err != nil {
		return nil, fmt.Errorf("read dispatches of %d: %w", month, err)
	}
	return ds, nil
}

// ApplyDispatchPlan writes a dispatch run, its audit entries and the
// notices to the assignees in one transaction.
func (s *Store) ApplyDispatchPlan(ctx context.Context, p postcrm.DispatchPlan, a postcrm.Actor) error {
	err := s.inTx(ctx, func(w *writer) error {
		if err := w.bump(versionFollowup); err != nil {
			return err
		}
		if err := w.writeRows(&insertDispatches, len(p.New), func(i int, args []any) []any { return dispatchArgs(args, &p.New[i]) }); err != nil {
			return fmt.Errorf("insert dispatches: %w", err)
		}
		err := w.auditEach(a, len(p.New), func(i int) (string, string) {
			d := &p.New[i]
			if d.HeldOut {
				return warningTarget(d.WarningID), "held out (control group)"
			}
			return warningTarget(d.WarningID), "dispatched to " + d.AssignedTo + ", due " + d.DueOn.String()
		})
		if err != nil {
			return fmt.Errorf("audit dispatches: %w", err)
		}
		if err := w.reattach(p.Reattach, a); err != nil {
			return err
		}
		if err := w.withdraw(p.Withdraw, a); err != nil {
			return err
		}
		if err := w.escalate(p.Escalate, a); err != nil {
			return err
		}
		return w.addNotices(p.NoticeEvents())
	})
	if err != nil {
		return fmt.Errorf("apply dispatch run: %w", err)
	}
	return nil
}
