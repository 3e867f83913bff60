package postcrm

import (
	"context"
	"fmt"
	"time"
)

// Jobs are what the server does by itself on a schedule (package
// schedule): the month's analysis, the daily dispatch run, the nightly
// backup, the hourly refund reminders. Each run of a job is an
// occurrence named by its slot (the hour 2026-12-07 14:00, the day
// 2026-12-07, or the month 2026-11 a monthly job works on); the store
// holds a lease per occurrence so that of two servers on one database
// only one runs it, and logs every attempt.

// JobSetting is when a job runs, as the province administrator set it.
type JobSetting struct {
	Job     string
	At      int  // minutes after midnight, China time
	Grace   int  // monthly jobs: the day of the month they run on even if last month's data is not complete (1–28)
	Enabled bool // false: the job does not run
}

// Clock is the time of day "HH:MM".
func (s JobSetting) Clock() string { return fmt.Sprintf("%02d:%02d", s.At/60, s.At%60) }

// Validate checks the time and the grace day; its errors name the field.
func (s JobSetting) Validate() error {
	if s.At < 0 || s.At >= 24*60 {
		return invalid("job.at", "at", fmt.Sprintf("时间应在 00:00 到 23:59 之间：%d 分钟", s.At))
	}
	if s.Grace < 0 || s.Grace > 28 {
		return invalid("job.grace", "grace", fmt.Sprintf("最迟几号应在 1 到 28 之间：%d", s.Grace))
	}
	return nil
}

// JobState is where an occurrence stands.
type JobState string

const (
	JobRunning JobState = "running" // a server holds its lease
	JobRetry   JobState = "retry"   // failed once; tried again at Until
	JobDone    JobState = "done"
	JobFailed  JobState = "failed" // failed again: on the dashboard, and a notice sent
)

// JobOccurrence is the lease of one occurrence of a job.
type JobOccurrence struct {
	Job, Slot string
	Holder    string
	State     JobState
	Attempts  int
	Until     time.Time // running: the lease's end; retry: when it is tried again
	UpdatedAt time.Time
}

// JobRun is one attempt of an occurrence, as logged.
type JobRun struct {
	ID        int64
	Job, Slot string
	Attempt   int
	Holder    string
	StartedAt time.Time
	EndedAt   time.Time
	OK        bool
	Detail    string // what it did, or the error
}

// Duration is how long the attempt took.
func (r JobRun) Duration() time.Duration { return r.EndedAt.Sub(r.StartedAt) }

// NoticeJobFailed tells the province that a scheduled job failed twice.
const NoticeJobFailed NoticeKind = "job_failed"

// JobStore keeps the schedule's settings, leases and log.
type JobStore interface {
	// JobSettings lists the settings saved; a job without one runs at
	// its default time.
	JobSettings(ctx context.Context) ([]JobSetting, error)
	// SaveJobSetting saves a job's setting (audited as a's).
	SaveJobSetting(ctx context.Context, s JobSetting, a Actor) error
	// ClaimJob takes the lease of the occurrence until until, when
	// nobody has taken it yet, or it waits for a retry due at now, or
	// its holder's lease ran out (a server that stopped mid-run). It
	// returns the occurrence as stored and whether this call claimed it
	// (then Attempts is this attempt's number).
	ClaimJob(ctx context.Context, job, slot, holder string, now, until time.Time) (JobOccurrence, bool, error)
	// RenewJob extends holder's lease of a running occurrence to until;
	// false when holder no longer holds it.
	RenewJob(ctx context.Context, job, slot, holder string, until time.Time) (bool, error)
	// FinishJob logs the attempt and moves the occurrence to state (done,
	// retry at retryAt, or failed, which also writes a notice to the
	// outbox in the same transaction). An attempt whose holder lost the
	// lease meanwhile is logged only.
	FinishJob(ctx context.Context, r JobRun, state JobState, retryAt time.Time) error
	// JobRuns lists the latest attempts, newest first.
	JobRuns(ctx context.Context, limit int) ([]JobRun, error)
	// LastJobRuns is each job's latest attempt, however long ago: an
	// hourly job fills the latest attempts, a monthly job's last run
	// is still shown.
	LastJobRuns(ctx context.Context) ([]JobRun, error)
	// LatestJobs is each job's latest occurrence.
	LatestJobs(ctx context.Context) ([]JobOccurrence, error)
}
