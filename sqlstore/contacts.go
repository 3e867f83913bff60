package sqlstore

import (
	"context"
	"fmt"
	"strings"
	"time"

	"postcrm"
)

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
