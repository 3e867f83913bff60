package sqlstore

import (
	"context"
	"fmt"
	"time"

	"postcrm"
)

// defaultAuditLimit is the page size of an AuditQuery without a Limit.
const defaultAuditLimit = 100

// Audit appends an entry; a zero At is now.
func (s *Store) Audit(ctx context.Context, e postcrm.AuditEntry) error {
	if e.At.IsZero() {
		e.At = time.Now()
	}
	const q = "INSERT INTO audit_log (at, user_name, action, target, detail, addr) VALUES (?, ?, ?, ?, ?, ?)"
	if _, err := s.execCount(ctx, q, unixNano(e.At), e.User, string(e.Action), e.Target, e.Detail, e.Addr); err != nil {
		return fmt.Errorf("audit %s by %q: %w", e.Action, e.User, err)
	}
	return nil
}

// auditEntries writes entries within the transaction; a zero At is now.
func (w *writer) auditEntries(es []postcrm.AuditEntry) error {
	now := time.Now()
	err := w.writeRows(&insertAudit, len(es), func(i int, args []any) []any {
		e := &es[i]
		at := e.At
		if at.IsZero() {
			at = now
		}
		return append(args, unixNano(at), e.User, string(e.Action), e.Target, e.Detail, e.Addr)
	})
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	return nil
}

// AuditLog lists one page of the entries q matches, newest first, and
// how many match in all.
func (s *Store) AuditLog(ctx context.Context, q postcrm.AuditQuery) ([]postcrm.AuditEntry, int, error) {
	var f filter
	if q.User != "" {
		f.add("user_name = ?", q.User)
	}
	if q.Action != "" {
		f.add("action = ?", string(q.Action))
	}
	if !q.From.IsZero() {
		f.add("at >= ?", unixNano(q.From))
	}
	if !q.To.IsZero() {
		f.add("at < ?", unixNano(q.To))
	}
	limit := q.Limit
	if limit <= 0 {
		limit = defaultAuditLimit
	}
	const sel = "SELECT id, at, user_name, action, target, detail, addr FROM audit_log"
	es, total, err := countedPage(ctx, s, "audit_log", sel, f, "at DESC, id DESC", q.Offset, limit, func(sc scanner, e *postcrm.AuditEntry) error {
		var at int64
		var action string
		err := sc.Scan(&e.ID, &at, &e.User, &action, &e.Target, &e.Detail, &e.Addr)
		e.At, e.Action = fromUnixNano(at), postcrm.AuditAction(action)
		return err
	})
	if err != nil {
		return nil, 0, fmt.Errorf("read audit log: %w", err)
	}
	return es, total, nil
}

// count runs a SELECT COUNT(*) query.
func (s *Store) count(ctx context.Context, q string, args []any) (int, error) {
	var n int64
	if err := s.db.QueryRowContext(ctx, s.rebind(q), args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("%.80q: %w", q, err)
	}
	return int(n), nil
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
