package sqlstore

import (
	"fmt"
	"time"

	"postcrm"
)

// The follow-up changes that give a warning to someone write their
// notices here, in their own transaction: the change and the message
// about it stand or fall together, and a receiver that is down later
// loses nothing (notice.Deliver retries from the table).

var noticeCols = []string{"event_id", "kind", "warning_id", "recipient", "recipient_name", "office_code", "office_name", "city",
	"customer_code", "sender_phone", "customer_name", "warning_kind", "reason", "month", "due_on", "escalation",
	"created_at", "attempts", "next_at", "sent_at", "last_error"}

// insertNotices skips an event stored already: one notice per event.
var insertNotices = func() bulk {
	b := insertInto("notices", noticeCols)
	b.tail = " ON CONFLICT (event_id) DO NOTHING"
	return b
}()

// noticeFacts reads what the notices of the warnings say, as their
// dispatches stand now: the assignee, the office they work at (the
// dispatch's when they have none), the customer and the warning. A
// dispatch given to nobody has no row.
const noticeFacts = `SELECT d.warning_id, d.assigned_to, s.name, COALESCE(o.code, ''), COALESCE(o.name, ''), COALESCE(o.city, s.city),
	d.customer_code, d.sender_phone, COALESCE(c.name, ''), d.kind, COALESCE(w.reason, ''), d.month, d.due_on
FROM dispatches d
JOIN staff s ON s.id = d.assigned_to
LEFT JOIN offices o ON o.code = CASE WHEN s.office_code <> '' THEN s.office_code ELSE d.office_code END
LEFT JOIN warnings w ON w.id = d.warning_id
LEFT JOIN customers c ON c.code = d.customer_code AND d.customer_code <> ''
WHERE d.warning_id`

// addNotices writes a notice for each event whose warning's dispatch has
// an assignee; an event stored already is skipped.
func (w *writer) addNotices(events []postcrm.NoticeEvent) error {
	if len(events) == 0 {
		return nil
	}
	ids := make([]int64, len(events))
	for i, e := range events {
		ids[i] = e.WarningID
	}
	facts := make(map[int64]postcrm.Notice, len(ids))
	err := byKeys(w.s, noticeFacts, ids, func(k stmtKey, build func() string, args []any) error {
		return w.query(k, build, args, func(sc scanner) error {
			var n postcrm.Notice
			var kind string
			var due int64
			err := sc.Scan(&n.WarningID, &n.Recipient, &n.RecipientName, &n.OfficeCode, &n.OfficeName, &n.City,
				&n.CustomerCode, &n.SenderPhone, &n.CustomerName, &kind, &n.Reason, &n.Month, &due)
			n.WarningKind, n.DueOn = postcrm.WarningKind(kind), postcrm.Date(due)
			facts[n.WarningID] = n
			return err
		})
	})
	if err != nil {
		return fmt.Errorf("read the facts of %d notices: %w", len(ids), err)
	}
	now := time.Now()
	var ns []postcrm.Notice
	for _, e := range events {
		n, ok := facts[e.WarningID]
		if !ok {
			continue
		}
		n.EventID, n.Kind, n.Escalation, n.CreatedAt, n.NextAt = e.ID, e.Kind, e.Escalation, now, now
		ns = append(ns, n)
	}
	_, err = w.writeChunks("INSERT", &insertNotices, len(ns), func(i int, args []any) []any {
		n := &ns[i]
		return append(args, n.EventID, string(n.Kind), n.WarningID, n.Recipient, n.RecipientName, n.OfficeCode, n.OfficeName, n.City,
			n.CustomerCode, n.SenderPhone, n.CustomerName, string(n.WarningKind), n.Reason, int64(n.Month), int64(n.DueOn),
			int64(n.Escalation), unixNano(n.CreatedAt), int64(0), unixNano(n.NextAt), int64(0), "")
	}, false)
	if err != nil {
		return fmt.Errorf("write %d notices: %w", len(ns), err)
	}
	return nil
}

// reassignEvent is the event of the warning's next reassignment: the
// count goes on from the reassignments noticed already. It runs after
// the dispatch's UPDATE, whose row lock makes a concurrent reassignment
// of the same warning wait for this one's count.
func (w *writer) reassignEvent(warningID int64) (postcrm.NoticeEvent, error) {
	var n int64
	const q = "SELECT COUNT(*) FROM notices WHERE warning_id = ? AND kind = ?"
	err := w.tx.QueryRowContext(w.ctx, w.s.rebind(q), warningID, string(postcrm.NoticeReassigned)).Scan(&n)
	return postcrm.ReassignEvent(warningID, int(n)+1), err
}
