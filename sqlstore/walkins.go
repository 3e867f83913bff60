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

// SaveWalkinScores replaces the month's scores in one transaction. The
// rows go in chunks (or through the dialect's bulk loader), so a month
// of a million walk-ins holds no more than the input and one chunk.
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
		if err := s.exec(ctx, w.tx, "DELETE FROM walkin_scores WHERE month = ?", int64(month)); err != nil {
			return err
		}
		return w.insertRows("walkin_scores", walkinScoreCols, &insertWalkinScores, len(scores), func(i int, a []any) []any {
			c := &scores[i]
			return append(a, int64(c.Month), c.Phone, c.OfficeCode, int64(c.Frequency), int64(c.RecencyDays), int64(c.TDays),
				c.PAlive, c.ExpectedItems90d, c.AvgPostageFen, c.CLV12mFen)
		})
	})
	if err != nil {
		return fmt.Errorf("save walk-in scores of %d: %w", month, err)
	}
	return nil
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
