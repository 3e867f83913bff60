package sqlstore

import (
	"context"
	"fmt"
	"time"

	"postcrm"
)

// Import times are kept to the nanosecond (durations of small imports
// matter); a zero time is stored as 0.

func unixNano(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}

func fromUnixNano(n int64) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n).In(postcrm.ChinaTime)
}

// RecordImportRun appends run to the import log and returns its ID; the
// run's checkpoint, if any, goes in the same transaction.
func (s *Store) RecordImportRun(ctx context.Context, run postcrm.ImportRun) (int64, error) {
	var id int64
	err := s.inTx(ctx, func(w *writer) error {
		if run.Checkpoint != 0 {
			if _, err := w.tx.ExecContext(ctx, s.rebind(`DELETE FROM import_checkpoints WHERE id = ?`), run.Checkpoint); err != nil {
				return err
			}
		}
		return w.tx.QueryRowContext(ctx, s.rebind(`INSERT INTO import_runs
			(kind, source, started_at, finished_at, read_rows, rejected, inserted, updated, unchanged, content_sha256, size_bytes)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
			string(run.Kind), run.Source, unixNano(run.StartedAt), unixNano(run.FinishedAt),
			int64(run.Read), int64(run.Rejected), int64(run.Inserted), int64(run.Updated), int64(run.Unchanged),
			run.ContentSHA256, run.Size,
		).Scan(&id)
	})
	if err != nil {
		return 0, fmt.Errorf("record import run: %w", err)
	}
	return id, nil
}

// ImportRuns lists the import log, oldest first.
func (s *Store) ImportRuns(ctx context.Context) ([]postcrm.ImportRun, error) {
	return queryAll(ctx, s, `SELECT id, kind, source, started_at, finished_at,
		read_rows, rejected, inserted, updated, unchanged, content_sha256, size_bytes FROM import_runs ORDER BY id`, nil,
		func(sc scanner, r *postcrm.ImportRun) error {
			var kind string
			var started, finished int64
			err := sc.Scan(&r.ID, &kind, &r.Source, &started, &finished,
				&r.Read, &r.Rejected, &r.Inserted, &r.Updated, &r.Unchanged, &r.ContentSHA256, &r.Size)
			r.Kind, r.StartedAt, r.FinishedAt = postcrm.ImportKind(kind), fromUnixNano(started), fromUnixNano(finished)
			return err
		})
}
