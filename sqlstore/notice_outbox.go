package sqlstore

import (
	"context"
	"fmt"
	"strings"
	"time"

	"postcrm"
)

var _ postcrm.NoticeStore = (*Store)(nil)

// noticeSelect reads a notice's columns, id first.
var noticeSelect = "SELECT id, " + strings.Join(noticeCols, ", ") + " FROM notices"

func scanNotice(sc scanner, n *postcrm.Notice) error {
	var kind, wkind string
	var month, due, esc, created, attempts, next, sent int64
	err := sc.Scan(&n.ID, &n.EventID, &kind, &n.WarningID, &n.Recipient, &n.RecipientName, &n.OfficeCode, &n.OfficeName, &n.City,
		&n.CustomerCode, &n.SenderPhone, &n.CustomerName, &wkind, &n.Reason, &month, &due, &esc,
		&created, &attempts, &next, &sent, &n.LastError)
	n.Kind, n.WarningKind = postcrm.NoticeKind(kind), postcrm.WarningKind(wkind)
	n.Month, n.DueOn, n.Escalation, n.Attempts = postcrm.Month(month), postcrm.Date(due), int(esc), int(attempts)
	n.CreatedAt, n.NextAt, n.SentAt = fromUnixNano(created), fromUnixNano(next), fromUnixNano(sent)
	return err
}

// ClaimNotices takes the due notices one by one: a notice is claimed
// when moving its next attempt from before now to until changes its row,
// which only one of two concurrent delivery passes (the server's worker,
// a cron's `notices send`) can do.
func (s *Store) ClaimNotices(ctx context.Context, now, until time.Time, limit int) ([]postcrm.Notice, error) {
	var claimed []postcrm.Notice
	err := s.inTx(ctx, func(w *writer) error {
		q := noticeSelect + " WHERE sent_at = 0 AND next_at <= ? ORDER BY next_at, id LIMIT ?"
		due, err := queryAllTx(w, q, []any{unixNano(now), int64(limit)}, scanNotice)
		if err != nil {
			return err
		}
		const claim = "UPDATE notices SET next_at = ? WHERE id = ? AND sent_at = 0 AND next_at <= ?"
		for _, n := range due {
			r, err := w.tx.ExecContext(ctx, s.rebind(claim), unixNano(until), n.ID, unixNano(now))
			if err != nil {
				return err
			}
			k, err := r.RowsAffected()
			if err != nil {
				return err
			}
			if k == 0 {
				continue // another pass claimed it
			}
			n.NextAt = until
			claimed = append(claimed, n)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("claim due notices: %w", err)
	}
	return claimed, nil
}

// queryAllTx is queryAll within the transaction.
func queryAllTx[T any](w *writer, q string, args []any, scan func(scanner, *T) error) ([]T, error) {
	var all []T
	err := w.query(stmtKey{text: q}, func() string { return q }, args, func(sc scanner) error {
		var v T
		err := scan(sc, &v)
		all = append(all, v)
		return err
	})
	return all, err
}

// NoticeSent marks a notice delivered.
func (s *Store) NoticeSent(ctx context.Context, id int64, at time.Time) error {
	return s.updateNotice(ctx, id, "UPDATE notices SET sent_at = ?, last_error = '' WHERE id = ?", unixNano(at), id)
}

// NoticeFailed records a failed attempt.
func (s *Store) NoticeFailed(ctx context.Context, id int64, attempts int, next time.Time, reason string) error {
	return s.updateNotice(ctx, id, "UPDATE notices SET attempts = ?, next_at = ?, last_error = ? WHERE id = ? AND sent_at = 0",
		int64(attempts), unixNano(next), reason, id)
}

func (s *Store) updateNotice(ctx context.Context, id int64, q string, args ...any) error {
	if _, err := s.db.ExecContext(ctx, s.rebind(q), args...); err != nil {
		return fmt.Errorf("update notice %d: %w", id, err)
	}
	return nil
}

// Notices lists the outbox, newest first.
func (s *Store) Notices(ctx context.Context, q postcrm.NoticeQuery) ([]postcrm.Notice, error) {
	sql := noticeSelect
	if q.Undelivered {
		sql += " WHERE sent_at = 0"
	}
	sql += " ORDER BY id DESC"
	var args []any
	if q.Limit > 0 {
		sql += " LIMIT ?"
		args = append(args, int64(q.Limit))
	}
	ns, err := queryAll(ctx, s, sql, args, scanNotice)
	if err != nil {
		return nil, fmt.Errorf("read notices: %w", err)
	}
	return ns, nil
}

// UndeliveredNotices counts the notices not delivered yet.
func (s *Store) UndeliveredNotices(ctx context.Context) (int, error) {
	n, err := s.count(ctx, "SELECT COUNT(*) FROM notices WHERE sent_at = 0", nil)
	if err != nil {
		return 0, fmt.Errorf("count undelivered notices: %w", err)
	}
	return n, nil
}
