package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"postcrm"
	"postcrm/contest"
)

// contestWrites queues this process's contest writes. A match appends
// every press under its own lock, and ten matches pressing at once on
// SQLite would otherwise meet in its busy handler, which does not queue
// fairly: a writer can wait out the busy timeout while others go ahead.
var contestWrites sync.Mutex

// CreateContest saves a new contest and audits it.
func (s *Store) CreateContest(ctx context.Context, c contest.Contest, a postcrm.Actor) (contest.Contest, error) {
	if c.CreatedAt.IsZero() {
		c.CreatedAt = time.Now()
	}
	c.CreatedBy = a.User
	contestWrites.Lock()
	defer contestWrites.Unlock()
	err := s.inTx(ctx, func(w *writer) error {
		const q = "INSERT INTO contests (code, name, rules, secret, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id"
		if err := w.tx.QueryRowContext(ctx, s.rebind(q), c.Code, c.Name, c.Rules, c.Secret, c.CreatedBy, unixNano(c.CreatedAt)).Scan(&c.ID); err != nil {
			return err
		}
		return w.audit(a, fmt.Sprintf("contest:%d", c.ID), "创建知识竞赛 "+c.Name+"（"+c.Code+"）")
	})
	if err != nil {
		return contest.Contest{}, fmt.Errorf("create contest %s: %w", c.Code, err)
	}
	return c, nil
}

const contestCols = "id, code, name, rules, secret, created_by, created_at"

func scanContest(sc scanner, c *contest.Contest) error {
	var at int64
	err := sc.Scan(&c.ID, &c.Code, &c.Name, &c.Rules, &c.Secret, &c.CreatedBy, &at)
	c.CreatedAt = fromUnixNano(at)
	return err
}

// ContestByCode reads one contest; postcrm.ErrNotFound when there is none.
func (s *Store) ContestByCode(ctx context.Context, code string) (contest.Contest, error) {
	var c contest.Contest
	err := scanContest(s.db.QueryRowContext(ctx, s.rebind("SELECT "+contestCols+" FROM contests WHERE code = ?"), code), &c)
	if err != nil {
		return c, fmt.Errorf("contest %q: %w", code, notFound(err))
	}
	return c, nil
}

// Contests lists the contests, newest first.
func (s *Store) Contests(ctx context.Context) ([]contest.Contest, error) {
	return queryAll(ctx, s, "SELECT "+contestCols+" FROM contests ORDER BY id DESC", nil, scanContest)
}

// AppendContestEvent appends one event. A seq already written (another
// server wrote it) is postcrm.ErrConflict and writes nothing, so the
// match can read the log again. Judgments, adjustments and reversals
// made by a person are audited in the same transaction; presses are not
// (they are the log itself).
func (s *Store) AppendContestEvent(ctx context.Context, contestID int64, ev contest.Event) error {
	body, err := json.Marshal(ev)
	if err != nil {
		return err
	}
	const q = "INSERT INTO contest_events (contest_id, seq, type, at_ms, body) VALUES (?, ?, ?, ?, ?) ON CONFLICT (contest_id, seq) DO NOTHING"
	taken := func(res sql.Result, err error) error {
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return cmp.Or(err, postcrm.ErrConflict)
		}
		return nil
	}
	contestWrites.Lock()
	defer contestWrites.Unlock()
	switch ev.Type {
	case contest.EvAdjust, contest.EvReverse, contest.EvRight, contest.EvWrong:
		err = s.inTx(ctx, func(w *writer) error {
			if err := taken(w.tx.ExecContext(ctx, s.rebind(q), contestID, ev.Seq, ev.Type, ev.AtMS, string(body))); err != nil {
				return err
			}
			return w.audit(postcrm.Actor{User: ev.By}, fmt.Sprintf("contest:%d:%d", contestID, ev.Seq), string(body))
		})
	default:
		// A press is one row and no audit entry: no transaction to hold
		// the write lock longer than the insert.
		err = taken(s.db.ExecContext(ctx, s.rebind(q), contestID, ev.Seq, ev.Type, ev.AtMS, string(body)))
	}
	if err != nil {
		return fmt.Errorf("append event %d of contest %d: %w", ev.Seq, contestID, err)
	}
	return nil
}

// ContestEvents reads a contest's log in order.
func (s *Store) ContestEvents(ctx context.Context, contestID int64) ([]contest.Event, error) {
	return queryAll(ctx, s, "SELECT body FROM contest_events WHERE contest_id = ? ORDER BY seq", []any{contestID},
		func(sc scanner, ev *contest.Event) error {
			var body string
			if err := sc.Scan(&body); err != nil {
				return err
			}
			return json.Unmarshal([]byte(body), ev)
		})
}

// SaveContestQuestions replaces a contest's question bank.
func (s *Store) SaveContestQuestions(ctx context.Context, contestID int64, qs []contest.Question, a postcrm.Actor) error {
	err := s.inTx(ctx, func(w *writer) error {
		if err := s.exec(ctx, w.tx, "DELETE FROM contest_questions WHERE contest_id = ?", contestID); err != nil {
			return err
		}
		const q = "INSERT INTO contest_questions (contest_id, id, category, type, value, text, answer, options) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
		for _, x := range qs {
			if err := s.exec(ctx, w.tx, q, contestID, x.ID, x.Category, x.Type, x.Value, x.Text, x.Answer, x.Options); err != nil {
				return err
			}
		}
		return w.audit(a, fmt.Sprintf("contest:%d", contestID), fmt.Sprintf("导入题库 %d 题", len(qs)))
	})
	if err != nil {
		return fmt.Errorf("save questions of contest %d: %w", contestID, err)
	}
	return nil
}

// ContestQuestions reads a contest's bank by ID.
func (s *Store) ContestQuestions(ctx context.Context, contestID int64) ([]contest.Question, error) {
	return queryAll(ctx, s, "SELECT id, category, type, value, text, answer, options FROM contest_questions WHERE contest_id = ? ORDER BY id",
		[]any{contestID}, func(sc scanner, x *contest.Question) error {
			return sc.Scan(&x.ID, &x.Category, &x.Type, &x.Value, &x.Text, &x.Answer, &x.Options)
		})
}
