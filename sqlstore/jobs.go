package sqlstore

import (
	"context"
	"fmt"
	"time"

	"postcrm"
)

var _ postcrm.JobStore = (*Store)(nil)

// JobSettings lists the schedule's saved settings by job.
func (s *Store) JobSettings(ctx context.Context) ([]postcrm.JobSetting, error) {
	const q = "SELECT job, at_minute, grace_day, enabled FROM job_settings ORDER BY job"
	out, err := queryAll(ctx, s, q, nil, func(sc scanner, j *postcrm.JobSetting) error {
		var at, grace, enabled int64
		err := sc.Scan(&j.Job, &at, &grace, &enabled)
		j.At, j.Grace, j.Enabled = int(at), int(grace), enabled != 0
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read job settings: %w", err)
	}
	return out, nil
}

// SaveJobSetting saves one job's setting and audits it.
func (s *Store) SaveJobSetting(ctx context.Context, j postcrm.JobSetting, a postcrm.Actor) error {
	if err := j.Validate(); err != nil {
		return err
	}
	enabled := int64(0)
	if j.Enabled {
		enabled = 1
	}
	const q = `INSERT INTO job_settings (job, at_minute, grace_day, enabled, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (job) DO UPDATE SET at_minute = excluded.at_minute, grace_day = excluded.grace_day,
		enabled = excluded.enabled, updated_by = excluded.updated_by, updated_at = excluded.updated_at`
	err := s.inTx(ctx, func(w *writer) error {
		if err := s.exec(ctx, w.tx, q, j.Job, int64(j.At), int64(j.Grace), enabled, a.User, unixNano(time.Now())); err != nil {
			return err
		}
		return w.audit(a, "job:"+j.Job, fmt.Sprintf("定时任务 %s：%s，最迟 %d 日，启用 %v", j.Job, j.Clock(), j.Grace, j.Enabled))
	})
	if err != nil {
		return fmt.Errorf("save setting of job %s: %w", j.Job, err)
	}
	return nil
}

// ClaimJob inserts the occurrence's lease, or takes over one waiting
// for its retry or whose holder's lease ran out. Either statement
// changes the row for one caller only: the insert skips a stored key,
// and the update's condition no longer holds once another has run it.
func (s *Store) ClaimJob(ctx context.Context, job, slot, holder string, now, until time.Time) (postcrm.JobOccurrence, bool, error) {
	var o postcrm.JobOccurrence
	claimed := false
	err := s.jobTx(ctx, func(w *writer) error {
		const ins = `INSERT INTO job_leases (job, slot, holder, state, attempts, until_at, updated_at)
			VALUES (?, ?, ?, ?, 1, ?, ?) ON CONFLICT (job, slot) DO NOTHING`
		r, err := w.tx.ExecContext(ctx, s.rebind(ins), job, slot, holder, string(postcrm.JobRunning), unixNano(until), unixNano(now))
		if err != nil {
			return err
		}
		n, err := r.RowsAffected()
		if err != nil {
			return err
		}
		if n == 0 {
			const take = `UPDATE job_leases SET holder = ?, state = ?, attempts = attempts + 1, until_at = ?, updated_at = ?
			WHERE job = ? AND slot = ? AND state IN (?, ?) AND until_at <= ?`
			r, err = w.tx.ExecContext(ctx, s.rebind(take), holder, string(postcrm.JobRunning), unixNano(until), unixNano(now),
				job, slot, string(postcrm.JobRetry), string(postcrm.JobRunning), unixNano(now))
			if err != nil {
				return err
			}
			if n, err = r.RowsAffected(); err != nil {
				return err
			}
		}
		claimed = n == 1
		const read = "SELECT job, slot, holder, state, attempts, until_at, updated_at FROM job_leases WHERE job = ? AND slot = ?"
		return scanOccurrence(w.tx.QueryRowContext(ctx, s.rebind(read), job, slot), &o)
	})
	if err != nil {
		return o, false, fmt.Errorf("claim job %s %s: %w", job, slot, err)
	}
	return o, claimed, nil
}

func scanOccurrence(sc scanner, o *postcrm.JobOccurrence) error {
	var state string
	var attempts, until, updated int64
	err := sc.Scan(&o.Job, &o.Slot, &o.Holder, &state, &attempts, &until, &updated)
	o.State, o.Attempts, o.Until, o.UpdatedAt = postcrm.JobState(state), int(attempts), fromUnixNano(until), fromUnixNano(updated)
	return err
}

// jobTx runs fn in a transaction without the dialect's write lock: the
// leases' statements exclude each other by their conditions on one row,
// and a claim need not wait for an import's batch (PostgreSQL's write
// lock is one for the whole database).
func (s *Store) jobTx(ctx context.Context, fn func(*writer) error) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(&writer{s: s, ctx: ctx, conn: conn, tx: tx}); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// RenewJob extends the holder's lease of a running occurrence, so that a
// job longer than the lease is not taken over while it runs.
func (s *Store) RenewJob(ctx context.Context, job, slot, holder string, until time.Time) (bool, error) {
	const q = "UPDATE job_leases SET until_at = ? WHERE job = ? AND slot = ? AND holder = ? AND state = ?"
	n, err := s.execCount(ctx, q, unixNano(until), job, slot, holder, string(postcrm.JobRunning))
	if err != nil {
		return false, fmt.Errorf("renew job %s %s: %w", job, slot, err)
	}
	return n == 1, nil
}

// FinishJob logs the attempt and moves the occurrence on, if r's holder
// still holds it; a failed occurrence tells the province through the
// outbox, in the same transaction.
func (s *Store) FinishJob(ctx context.Context, r postcrm.JobRun, state postcrm.JobState, retryAt time.Time) error {
	ok := int64(0)
	if r.OK {
		ok = 1
	}
	outcome := map[int64]string{0: "failed", 1: "ok"}[ok]
	err := s.jobTx(ctx, func(w *writer) error {
		const logRun = "INSERT INTO job_runs (job, slot, attempt, holder, started_at, ended_at, outcome, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
		if err := s.exec(ctx, w.tx, logRun, r.Job, r.Slot, int64(r.Attempt), r.Holder,
			unixNano(r.StartedAt), unixNano(r.EndedAt), outcome, r.Detail); err != nil {
			return err
		}
		const move = "UPDATE job_leases SET state = ?, until_at = ?, updated_at = ? WHERE job = ? AND slot = ? AND holder = ? AND state = ?"
		res, err := w.tx.ExecContext(ctx, s.rebind(move), string(state), unixNano(retryAt), unixNano(r.EndedAt),
			r.Job, r.Slot, r.Holder, string(postcrm.JobRunning))
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 || state != postcrm.JobFailed {
			return err
		}
		return w.jobFailedNotice(r)
	})
	if err != nil {
		return fmt.Errorf("finish job %s %s: %w", r.Job, r.Slot, err)
	}
	return nil
}

// jobFailedNotice writes the notice of a failed occurrence, to the
// province (no office or city: the default sender, or the log).
func (w *writer) jobFailedNotice(r postcrm.JobRun) error {
	n := postcrm.Notice{EventID: fmt.Sprintf("job_failed:%s:%s", r.Job, r.Slot), Kind: postcrm.NoticeJobFailed,
		RecipientName: "省市场部", Reason: fmt.Sprintf("%s %s：%s", r.Job, r.Slot, r.Detail), CreatedAt: r.EndedAt, NextAt: r.EndedAt}
	_, err := w.writeChunks("INSERT", &insertNotices, 1, func(_ int, args []any) []any {
		return append(args, n.EventID, string(n.Kind), int64(0), "", n.RecipientName, "", "", "",
			"", "", "", "", n.Reason, int64(0), int64(0), int64(0), unixNano(n.CreatedAt), int64(0), unixNano(n.NextAt), int64(0), "")
	}, false)
	return err
}

const jobRunCols = "id, job, slot, attempt, holder, started_at, ended_at, outcome, detail"

func scanJobRun(sc scanner, r *postcrm.JobRun) error {
	var attempt, started, ended int64
	var outcome string
	err := sc.Scan(&r.ID, &r.Job, &r.Slot, &attempt, &r.Holder, &started, &ended, &outcome, &r.Detail)
	r.Attempt, r.StartedAt, r.EndedAt, r.OK = int(attempt), fromUnixNano(started), fromUnixNano(ended), outcome == "ok"
	return err
}

// JobRuns lists the latest attempts, newest first.
func (s *Store) JobRuns(ctx context.Context, limit int) ([]postcrm.JobRun, error) {
	const q = "SELECT " + jobRunCols + " FROM job_runs ORDER BY id DESC LIMIT ?"
	out, err := queryAll(ctx, s, q, []any{int64(limit)}, scanJobRun)
	if err != nil {
		return nil, fmt.Errorf("read job runs: %w", err)
	}
	return out, nil
}

// LastJobRuns is each job's latest attempt, by job; the index on (job,
// id) finds each job's last one without reading the log.
func (s *Store) LastJobRuns(ctx context.Context) ([]postcrm.JobRun, error) {
	const q = "SELECT " + jobRunCols + " FROM job_runs WHERE id IN (SELECT MAX(id) FROM job_runs GROUP BY job) ORDER BY job"
	out, err := queryAll(ctx, s, q, nil, scanJobRun)
	if err != nil {
		return nil, fmt.Errorf("read each job's last run: %w", err)
	}
	return out, nil
}

// LatestJobs is each job's most recently updated occurrence.
func (s *Store) LatestJobs(ctx context.Context) ([]postcrm.JobOccurrence, error) {
	const q = `SELECT l.job, l.slot, l.holder, l.state, l.attempts, l.until_at, l.updated_at FROM job_leases l
		WHERE l.updated_at = (SELECT MAX(m.updated_at) FROM job_leases m WHERE m.job = l.job) ORDER BY l.job, l.slot DESC`
	out, err := queryAll(ctx, s, q, nil, scanOccurrence)
	if err != nil {
		return nil, fmt.Errorf("read latest jobs: %w", err)
	}
	// Two occurrences of a job updated at the same instant: keep the
	// later slot (the query sorts it first).
	var uniq []postcrm.JobOccurrence
	for _, o := range out {
		if len(uniq) == 0 || uniq[len(uniq)-1].Job != o.Job {
			uniq = append(uniq, o)
		}
	}
	return uniq, nil
}
