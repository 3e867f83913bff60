package sqlstore

import (
	"context"
	"fmt"
	"time"

	"postcrm"
)

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
