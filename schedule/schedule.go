// Package schedule runs postcrm's jobs inside the server: the month's
// analysis once last month's data is in, the daily dispatch run, the
// nightly backup, the hourly refund reminders, and whatever other parts
// register. Every occurrence of a job (an hour, a day, or the month a
// monthly job works on) is leased in the
// store, so that of several servers on one database one runs it; every
// attempt is logged; a failed one is tried again once after RetryAfter,
// and a second failure is left for the province to see (the dashboard,
// and a notice the store writes with it). See docs/operations.md.
package schedule

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"

	"postcrm"
)

// Store is what the scheduler reads and writes.
type Store interface {
	JobSettings(ctx context.Context) ([]postcrm.JobSetting, error)
	ClaimJob(ctx context.Context, job, slot, holder string, now, until time.Time) (postcrm.JobOccurrence, bool, error)
	RenewJob(ctx context.Context, job, slot, holder string, until time.Time) (bool, error)
	FinishJob(ctx context.Context, r postcrm.JobRun, state postcrm.JobState, retryAt time.Time) error
}

// Period is how often a job runs.
type Period int

const (
	Daily   Period = iota // once a day at its time; the slot is the day
	Monthly               // once a month for the month before, from the 1st at its time once Ready; the slot is that month
	Hourly                // once an hour at its minute past the hour (At mod 60); the slot is the hour
)

// Job is one scheduled job.
type Job struct {
	Name   string // stable key: settings, leases and log use it
	Title  string // what the pages call it
	Period Period
	At     int // default time, minutes after midnight China time; hourly: minutes past the hour
	Grace  int // monthly: default day of the month it runs on whether Ready or not
	// Ready tells a monthly job whether the month's data is in; nil is
	// always ready.
	Ready func(ctx context.Context, month postcrm.Month) (bool, error)
	// Run does the job for the occurrence and says in a line what it did.
	Run func(ctx context.Context, o Occurrence) (string, error)
}

// DailyJob makes a daily job: registering one is a line,
// sched.Add(schedule.DailyJob("alerts", "早间预警", 7*60, fn)).
func DailyJob(name, title string, at int, run func(ctx context.Context, o Occurrence) (string, error)) Job {
	return Job{Name: name, Title: title, Period: Daily, At: at, Run: run}
}

// HourlyJob makes a job that runs every hour at minute past the hour.
func HourlyJob(name, title string, minute int, run func(ctx context.Context, o Occurrence) (string, error)) Job {
	return Job{Name: name, Title: title, Period: Hourly, At: minute, Run: run}
}

// Occurrence is one run of a job.
type Occurrence struct {
	Slot    string        // "2026-12-07 14:00", "2026-12-07" or "2026-11"
	Day     postcrm.Date  // the day it runs on, China time
	Month   postcrm.Month // monthly: the month it works on; daily: the month before Day
	Attempt int           // 1, or 2 for the retry
	// Complete is false when a monthly job runs on its grace day
	// without the month's data being in.
	Complete bool
	// Started is the scheduler's clock when the attempt starts: a job
	// that works as of a moment (the refund reminders) takes it.
	Started time.Time
}

// Scheduler runs the registered jobs at their times.
type Scheduler struct {
	store  Store
	holder string
	now    func() time.Time
	log    *slog.Logger
	// RetryAfter is how long after a failure the one retry comes.
	RetryAfter time.Duration
	// Lease is how long a claim holds an occurrence: a server that stops
	// mid-run leaves it to another after this long.
	Lease time.Duration
	// Recheck is how often a monthly job waiting for its data looks.
	Recheck time.Duration

	mu   sync.Mutex
	jobs []Job
	// wait holds, per job, the slot last seen and until when there is no
	// need to ask the store about it again: far future for an
	// occurrence that ended. One entry a job, so that an hourly job
	// does not add one an hour for as long as the server runs.
	wait map[string]slotWait
}

// slotWait is until when a job's occurrence in slot needs no look.
type slotWait struct {
	slot  string
	until time.Time
}

// New makes a scheduler whose leases are held as holder (unique per
// server: host name and process); now is the clock (time.Now unless a
// test moves it).
func New(store Store, holder string, now func() time.Time, log *slog.Logger) *Scheduler {
	if now == nil {
		now = time.Now
	}
	if log == nil {
		log = slog.Default()
	}
	return &Scheduler{store: store, holder: holder, now: now, log: log,
		RetryAfter: 10 * time.Minute, Lease: 3 * time.Hour, Recheck: 30 * time.Minute, wait: map[string]slotWait{}}
}

// Holder is a holder name for this process: the host and the process ID.
func Holder() string {
	host, _ := os.Hostname()
	return fmt.Sprintf("%s:%d", host, os.Getpid())
}

// Add registers a job.
func (s *Scheduler) Add(j Job) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.jobs = append(s.jobs, j)
}

// Jobs lists the registered jobs in the order they were added.
func (s *Scheduler) Jobs() []Job {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Job(nil), s.jobs...)
}

// Settings is every registered job's setting: the saved one, else its
// defaults.
func Settings(ctx context.Context, st interface {
	JobSettings(ctx context.Context) ([]postcrm.JobSetting, error)
}, jobs []Job) (map[string]postcrm.JobSetting, error) {
	saved, err := st.JobSettings(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[string]postcrm.JobSetting, len(jobs))
	for _, j := range jobs {
		out[j.Name] = postcrm.JobSetting{Job: j.Name, At: j.At, Grace: j.Grace, Enabled: true}
	}
	for _, set := range saved {
		if _, ok := out[set.Job]; ok {
			out[set.Job] = set
		}
	}
	return out, nil
}

// Run ticks every interval until ctx ends.
func (s *Scheduler) Run(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		s.Tick(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Tick runs, one after another, the jobs due now.
func (s *Scheduler) Tick(ctx context.Context) {
	jobs := s.Jobs()
	sets, err := Settings(ctx, s.store, jobs)
	if err != nil {
		s.log.Error("schedule: read settings", "err", err)
		return
	}
	for _, j := range jobs {
		if ctx.Err() != nil {
			return
		}
		if set := sets[j.Name]; set.Enabled {
			s.tickJob(ctx, j, set)
		}
	}
}

// tickJob runs j's current occurrence if it is due, ready and unclaimed.
func (s *Scheduler) tickJob(ctx context.Context, j Job, set postcrm.JobSetting) {
	now := s.now().In(postcrm.ChinaTime)
	o, due, ok := Current(j.Period, set, now)
	if !ok || now.Before(due) {
		return
	}
	if w, ok := s.wait[j.Name]; ok && w.slot == o.Slot && now.Before(w.until) {
		return
	}
	if j.Period == Monthly {
		o.Complete = true
		if j.Ready != nil {
			ready, err := j.Ready(ctx, o.Month)
			if err != nil {
				s.log.Error("schedule: is the data in", "job", j.Name, "err", err)
				return
			}
			o.Complete = ready
		}
		// Without the data, wait until the grace day's time (0: for ever).
		graceAt := due.AddDate(0, 0, set.Grace-1)
		if !o.Complete && (set.Grace == 0 || now.Before(graceAt)) {
			s.wait[j.Name] = slotWait{o.Slot, now.Add(s.Recheck)}
			return
		}
	}
	occ, claimed, err := s.store.ClaimJob(ctx, j.Name, o.Slot, s.holder, now, now.Add(s.Lease))
	if err != nil {
		s.log.Error("schedule: claim", "job", j.Name, "slot", o.Slot, "err", err)
		return
	}
	if !claimed {
		s.wait[j.Name] = slotWait{o.Slot, waitUntil(occ)}
		return
	}
	o.Attempt, o.Started = occ.Attempts, now
	s.runOnce(ctx, j, o)
}

// waitUntil is when an occurrence someone else holds or that waits may
// next be claimed.
func waitUntil(o postcrm.JobOccurrence) time.Time {
	switch o.State {
	case postcrm.JobRunning, postcrm.JobRetry:
		return o.Until
	}
	return time.Unix(1<<62, 0) // ended
}

// runOnce runs one attempt and records it: done, or a retry after the
// first failure, or failed after the second.
func (s *Scheduler) runOnce(ctx context.Context, j Job, o Occurrence) {
	stop := s.renew(ctx, j, o)
	detail, err := run(ctx, j, o)
	stop()
	ended := s.now().In(postcrm.ChinaTime)
	r := postcrm.JobRun{Job: j.Name, Slot: o.Slot, Attempt: o.Attempt, Holder: s.holder, StartedAt: o.Started, EndedAt: ended, OK: err == nil, Detail: detail}
	state, retry := postcrm.JobDone, time.Time{}
	switch {
	case err != nil && ctx.Err() != nil:
		// The server is stopping: the occurrence is free again at once,
		// for this server's restart or another server.
		state, retry, r.Detail = postcrm.JobRetry, ended, "服务停止，任务中断："+err.Error()
	case err != nil && o.Attempt < 2:
		state, retry, r.Detail = postcrm.JobRetry, ended.Add(s.RetryAfter), err.Error()
	case err != nil:
		state, r.Detail = postcrm.JobFailed, err.Error()
	}
	// The record is written even when the job's context ended.
	if err := s.store.FinishJob(context.WithoutCancel(ctx), r, state, retry); err != nil {
		s.log.Error("schedule: record run", "job", j.Name, "slot", o.Slot, "err", err)
		return
	}
	s.wait[j.Name] = slotWait{o.Slot, waitUntil(postcrm.JobOccurrence{State: state, Until: retry})}
	level := slog.LevelInfo
	if !r.OK {
		level = slog.LevelError
	}
	s.log.Log(ctx, level, "schedule: ran", "job", j.Name, "slot", o.Slot, "attempt", o.Attempt, "ok", r.OK, "detail", r.Detail, "took", r.Duration())
}

// renew extends the lease every third of it while the job runs, so that
// a job longer than the lease (a province's backup) keeps it; stop ends
// the renewals.
func (s *Scheduler) renew(ctx context.Context, j Job, o Occurrence) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(s.Lease / 3)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				if ok, err := s.store.RenewJob(ctx, j.Name, o.Slot, s.holder, s.now().Add(s.Lease)); err != nil || !ok {
					s.log.Warn("schedule: renew lease", "job", j.Name, "slot", o.Slot, "held", ok, "err", err)
				}
			}
		}
	}()
	return func() {
		cancel()
		<-done
	}
}

// run calls the job, turning a panic into its error.
func run(ctx context.Context, j Job, o Occurrence) (detail string, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	return j.Run(ctx, o)
}

// Current is the occurrence of a job of period p that is current at now
// and when it is due: hourly, this hour's at its minute; daily, today at
// its time; monthly, last month's, due on the 1st at its time.
func Current(p Period, set postcrm.JobSetting, now time.Time) (Occurrence, time.Time, bool) {
	now = now.In(postcrm.ChinaTime)
	today := postcrm.DateOf(now)
	at := func(d postcrm.Date) time.Time {
		return time.Date(d.Year(), d.Month(), d.Day(), set.At/60, set.At%60, 0, 0, postcrm.ChinaTime)
	}
	prev := postcrm.NewDate(today.Year(), today.Month(), 0).YearMonth()
	switch p {
	case Daily:
		return Occurrence{Slot: today.String(), Day: today, Month: prev}, at(today), true
	case Monthly:
		first := postcrm.NewDate(today.Year(), today.Month(), 1)
		return Occurrence{Slot: prev.String(), Day: today, Month: prev}, at(first), true
	case Hourly:
		hour := now.Truncate(time.Hour) // China time is a whole number of hours from UTC
		return Occurrence{Slot: hour.Format("2006-01-02 15:04"), Day: today, Month: prev}, hour.Add(time.Duration(set.At%60) * time.Minute), true
	}
	return Occurrence{}, time.Time{}, false
}

// Next is when a job next comes due after now: an hourly job this hour
// or the next at its minute, a daily job today or tomorrow at its time,
// a monthly job on the next 1st (the pages show it; a monthly job
// waiting for its data runs later).
func Next(p Period, set postcrm.JobSetting, now time.Time) time.Time {
	now = now.In(postcrm.ChinaTime)
	_, due, _ := Current(p, set, now)
	if due.After(now) {
		return due
	}
	switch p {
	case Hourly:
		return due.Add(time.Hour)
	case Daily:
		return due.AddDate(0, 0, 1)
	}
	return due.AddDate(0, 1, 0)
}

// AdminStore is what the schedule's page reads and writes: the
// settings, the log and each job's latest occurrence. None of it is
// business data.
type AdminStore interface {
	JobSettings(ctx context.Context) ([]postcrm.JobSetting, error)
	SaveJobSetting(ctx context.Context, s postcrm.JobSetting, a postcrm.Actor) error
	JobRuns(ctx context.Context, limit int) ([]postcrm.JobRun, error)
	LastJobRuns(ctx context.Context) ([]postcrm.JobRun, error)
	LatestJobs(ctx context.Context) ([]postcrm.JobOccurrence, error)
}
