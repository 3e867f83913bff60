package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"postcrm"
)

// Walk-in scores are keyed by (month, phone).
var walkinScoreCols = []string{"month", "phone", "office_code", "frequency", "recency_days", "t_days",
	"p_alive", "expected_items_90d", "avg_postage_fen", "clv_12m_fen"}

var insertWalkinScores = insertInto("walkin_scores", walkinScoreCols)

// SaveWalkinScores replaces the month's scores in one transaction,
// writing only what differs from the scores stored for the month: a
// re-run of a month's analysis over the same data (after late data, a
// holiday table, a fix) leaves most of a million scores as they were, and
// rewriting them all cost more than the analysis itself (deleting and
// inserting into the table and its two value indexes). The stored scores
// are read once and compared; scores that vanished or changed are deleted
// by key, and the changed and new ones inserted (in chunks, or through
// the dialect's bulk loader). A month stored for the first time is a
// plain insert.
func (s *Store) SaveWalkinScores(ctx context.Context, month postcrm.Month, scores []postcrm.WalkinScore) error {
	for i := range scores {
		if scores[i].Month != month {
			return fmt.Errorf("save walk-in scores of %d: score for %s is of month %d", month, scores[i].Phone, scores[i].Month)
		}
	}
	err := s.inTx(ctx, func(w *writer) error {
		if err := w.bump(versionAnalysis); err != nil {
			return err
		}
		write, drop, err := w.changedWalkinScores(month, scores)
		if err != nil {
			return err
		}
		if len(drop) > 0 {
			head := fmt.Sprintf("DELETE FROM walkin_scores WHERE month = %d AND phone", month)
			err := byKeys(s, head, drop, func(_ stmtKey, build func() string, args []any) error {
				_, err := w.tx.ExecContext(ctx, s.rebind(build()), args...)
				return err
			})
			if err != nil {
				return fmt.Errorf("delete changed walk-in scores: %w", err)
			}
		}
		return w.insertRows("walkin_scores", walkinScoreCols, &insertWalkinScores, len(write), func(i int, a []any) []any {
			c := &scores[write[i]]
			return append(a, int64(c.Month), c.Phone, c.OfficeCode, int64(c.Frequency), int64(c.RecencyDays), int64(c.TDays),
				c.PAlive, c.ExpectedItems90d, c.AvgPostageFen, c.CLV12mFen)
		})
	})
	if err != nil {
		return fmt.Errorf("save walk-in scores of %d: %w", month, err)
	}
	return nil
}

// changedWalkinScores compares scores with the month's stored ones: it
// returns the indexes of the scores to write (new or changed) and the
// phones whose stored score must go (changed or no longer scored).
func (w *writer) changedWalkinScores(month postcrm.Month, scores []postcrm.WalkinScore) (write []int, drop []string, err error) {
	var stored int
	if err := w.tx.QueryRowContext(w.ctx, w.s.rebind("SELECT COUNT(*) FROM walkin_scores WHERE month = ?"), int64(month)).Scan(&stored); err != nil {
		return nil, nil, err
	}
	if stored == 0 {
		write = make([]int, len(scores))
		for i := range write {
			write[i] = i
		}
		return write, nil, nil
	}
	byPhone := make(map[string]int32, len(scores))
	for i := range scores {
		byPhone[scores[i].Phone] = int32(i)
	}
	same := make([]bool, len(scores))
	rows, err := w.tx.QueryContext(w.ctx, w.s.rebind("SELECT "+strings.Join(walkinScoreCols, ", ")+
		" FROM walkin_scores WHERE month = ?"), int64(month))
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var old postcrm.WalkinScore
		if err := scanWalkinScore(rows, &old); err != nil {
			return nil, nil, err
		}
		i, ok := byPhone[old.Phone]
		switch {
		case !ok:
			drop = append(drop, old.Phone)
		case scores[i] == old:
			same[i] = true
		default:
			drop = append(drop, old.Phone)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	for i, ok := range same {
		if !ok {
			write = append(write, i)
		}
	}
	return write, drop, nil
}

// WalkinScores streams the month's scores by phone.
func (s *Store) WalkinScores(ctx context.Context, month postcrm.Month, fn func(postcrm.WalkinScore) error) error {
	q := "SELECT " + strings.Join(walkinScoreCols, ", ") + " FROM walkin_scores WHERE month = ? ORDER BY phone"
	return stream(ctx, s, q, []any{int64(month)}, scanWalkinScore, fn)
}

// scanWalkinScore scans walkinScoreCols.
func scanWalkinScore(sc scanner, c *postcrm.WalkinScore) error {
	return sc.Scan(&c.Month, &c.Phone, &c.OfficeCode, &c.Frequency, &c.RecencyDays, &c.TDays,
		&c.PAlive, &c.ExpectedItems90d, &c.AvgPostageFen, &c.CLV12mFen)
}

// TopWalkins lists one page of a month's walk-ins within sc by 12-month
// value, highest first, and how many there are. Walk-ins have no owner,
// so a courier's scope holds none.
func (s *Store) TopWalkins(ctx context.Context, sc postcrm.Scope, month postcrm.Month, offset, limit int) ([]postcrm.WalkinRow, int, error) {
	total, err := s.WalkinCount(ctx, sc, month)
	if err != nil {
		return nil, 0, err
	}
	rows, err := s.WalkinsPage(ctx, sc, month, offset, limit)
	return rows, total, err
}

// walkinFilter is a month's walk-ins within sc.
func walkinFilter(sc postcrm.Scope, month postcrm.Month) (filter, error) {
	var f filter
	if err := f.scope(sc, scopeCols{office: "ws.office_code"}); err != nil {
		return f, fmt.Errorf("read walk-ins: %w", err)
	}
	f.add("ws.month = ?", int64(month))
	return f, nil
}

// WalkinCount counts a month's walk-ins within sc: at province scope a
// walk through the month's index entries, a million in a province, which
// is why the page keeps it.
func (s *Store) WalkinCount(ctx context.Context, sc postcrm.Scope, month postcrm.Month) (int, error) {
	f, err := walkinFilter(sc, month)
	if err != nil {
		return 0, err
	}
	n, err := s.count(ctx, "SELECT COUNT(*) FROM walkin_scores ws"+f.where(), f.args)
	if err != nil {
		return 0, fmt.Errorf("count walk-ins: %w", err)
	}
	return n, nil
}

// WalkinsPage lists one page of a month's walk-ins within sc by 12-month
// value, highest first (by phone among equals: the value index's order,
// so a page reads its rows and no more).
func (s *Store) WalkinsPage(ctx context.Context, sc postcrm.Scope, month postcrm.Month, offset, limit int) ([]postcrm.WalkinRow, error) {
	f, err := walkinFilter(sc, month)
	if err != nil {
		return nil, err
	}
	q := "SELECT " + prefixed("ws", walkinScoreCols) + ", COALESCE(o.name, ''), COALESCE(o.city, '')" +
		" FROM walkin_scores ws LEFT JOIN offices o ON o.code = ws.office_code" + f.where() +
		" ORDER BY ws.clv_12m_fen DESC, ws.phone LIMIT ? OFFSET ?"
	rows, err := queryAll(ctx, s, q, pageArgs(f.args, offset, limit), func(sc scanner, r *postcrm.WalkinRow) error {
		return scanWalkinScore(withNames{sc, []any{&r.OfficeName, &r.City}}, &r.WalkinScore)
	})
	if err != nil {
		return nil, fmt.Errorf("read walk-ins: %w", err)
	}
	return rows, nil
}
