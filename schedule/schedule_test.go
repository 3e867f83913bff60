package schedule_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"postcrm"
	"postcrm/postgres"
	"postcrm/postgres/pgtest"
	"postcrm/schedule"
	"postcrm/sqlite"
	"postcrm/sqlstore"
)

// clock is a fake clock the test moves.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

// ran records every attempt the jobs made, by job and slot, with the
// fake time it started at.
type ran struct {
	mu sync.Mutex
	at map[string][]time.Time
}

func (r *ran) add(job, slot string, t time.Time) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.at[job+" "+slot] = append(r.at[job+" "+slot], t)
}

func (r *ran) get(job, slot string) []time.Time {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.at[job+" "+slot]
}

func china(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, postcrm.ChinaTime)
}

// TestScheduleMonthSQLite and TestScheduleMonthPostgres drive two
// schedulers on one database with a fake clock through December 2026.
func TestScheduleMonthSQLite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "postcrm.db")
	open := func() *sqlstore.Store {
		s, err := sqlite.Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	driveMonth(t, open(), open())
}

func TestScheduleMonthPostgres(t *testing.T) {
	dsn := pgtest.FreshSchema(t)
	open := func() *sqlstore.Store {
		s, err := postgres.Open(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	driveMonth(t, open(), open())
}

// driveMonth moves the clock in 5-minute steps from 30 November to 2
// January, ticking both schedulers at once at each step. The monthly
// job waits for November's data, which is in on 2 December at 09:00;
// the daily jobs run once a day at their times; the "flaky" job fails
// on the 10th twice (failed, reported) and on the 11th once (retried
// and done).
func driveMonth(t *testing.T, a, b *sqlstore.Store) {
	ctx := context.Background()
	clk := &clock{}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	rec := &ran{at: map[string][]time.Time{}}
	var dataIn sync.Mutex
	novemberIn := false
	jobs := func() []schedule.Job {
		return []schedule.Job{
			{Name: "monthly", Title: "月度分析", Period: schedule.Monthly, At: 2 * 60, Grace: 5,
				Ready: func(ctx context.Context, month postcrm.Month) (bool, error) {
					dataIn.Lock()
					defer dataIn.Unlock()
					return month != 202611 || novemberIn, nil
				},
				Run: func(ctx context.Context, o schedule.Occurrence) (string, error) {
					rec.add("monthly", o.Slot, clk.now())
					if !o.Complete {
						return "", errors.New("ran without the data")
					}
					return fmt.Sprintf("analysed %d", o.Month), nil
				}},
			schedule.DailyJob("dispatch", "每日派发", 6*60+30, func(ctx context.Context, o schedule.Occurrence) (string, error) {
				rec.add("dispatch", o.Slot, clk.now())
				return "dispatched", nil
			}),
			schedule.DailyJob("backup", "夜间备份", 3*60, func(ctx context.Context, o schedule.Occurrence) (string, error) {
				rec.add("backup", o.Slot, clk.now())
				return "backed up", nil
			}),
			schedule.DailyJob("flaky", "会失败的任务", 7*60, func(ctx context.Context, o schedule.Occurrence) (string, error) {
				rec.add("flaky", o.Slot, clk.now())
				switch {
				case o.Slot == "2026-12-10":
					return "", errors.New("the disk is full")
				case o.Slot == "2026-12-11" && o.Attempt == 1:
					return "", errors.New("a passing hiccup")
				}
				return "ok", nil
			}),
		}
	}
	var scheds []*schedule.Scheduler
	for i, st := range []*sqlstore.Store{a, b} {
		s := schedule.New(st, fmt.Sprintf("server-%d", i), clk.now, log)
		for _, j := range jobs() {
			s.Add(j)
		}
		scheds = append(scheds, s)
	}
	start, end := china(2026, 11, 30, 0, 0), china(2027, 1, 2, 0, 0)
	for now := start; now.Before(end); now = now.Add(5 * time.Minute) {
		clk.set(now)
		if now.Equal(china(2026, 12, 2, 9, 0)) {
			dataIn.Lock()
			novemberIn = true
			dataIn.Unlock()
		}
		var wg sync.WaitGroup
		for _, s := range scheds {
			wg.Go(func() { s.Tick(ctx) })
		}
		wg.Wait()
	}

	// The monthly job: November's analysis once, as soon as the data was
	// in; December's on 1 January at 02:00.
	// A server that starts after the 1st catches up on last month at once.
	expectRuns(t, rec, "monthly", "2026-10", []time.Time{start})
	expectRuns(t, rec, "monthly", "2026-11", []time.Time{china(2026, 12, 2, 9, 0)})
	expectRuns(t, rec, "monthly", "2026-12", []time.Time{china(2027, 1, 1, 2, 0)})
	for d := china(2026, 11, 30, 0, 0); d.Before(end); d = d.AddDate(0, 0, 1) {
		slot := postcrm.DateOf(d).String()
		expectRuns(t, rec, "dispatch", slot, []time.Time{d.Add(6*time.Hour + 30*time.Minute)})
		expectRuns(t, rec, "backup", slot, []time.Time{d.Add(3 * time.Hour)})
		want := []time.Time{d.Add(7 * time.Hour)}
		if slot == "2026-12-10" || slot == "2026-12-11" {
			want = append(want, d.Add(7*time.Hour+10*time.Minute)) // RetryAfter
		}
		expectRuns(t, rec, "flaky", slot, want)
	}

	// The log holds every attempt; the failure is reported.
	runs, err := a.JobRuns(ctx, 1000)
	if err != nil {
		t.Fatal(err)
	}
	failed := 0
	for _, r := range runs {
		if !r.OK {
			failed++
			if r.Job != "flaky" || r.Detail == "" || r.EndedAt.IsZero() {
				t.Errorf("failed run %+v", r)
			}
		}
	}
	if failed != 3 {
		t.Errorf("%d failed attempts logged, want 3 (twice on the 10th, once on the 11th)", failed)
	}
	ns, err := b.Notices(ctx, postcrm.NoticeQuery{})
	if err != nil {
		t.Fatal(err)
	}
	var told []string
	for _, n := range ns {
		if n.Kind == postcrm.NoticeJobFailed {
			told = append(told, n.EventID)
		}
	}
	if len(told) != 1 || told[0] != "job_failed:flaky:2026-12-10" {
		t.Errorf("job failure notices %q, want one for flaky on 2026-12-10", told)
	}
	latest, err := a.LatestJobs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(latest) != 4 || latest[3].Job != "monthly" || latest[3].Slot != "2026-12" {
		t.Fatalf("latest occurrences %+v, want one per job", latest)
	}
	for _, o := range latest {
		if o.State != postcrm.JobDone {
			t.Errorf("latest occurrence %+v not done", o)
		}
	}
}

func expectRuns(t *testing.T, rec *ran, job, slot string, want []time.Time) {
	t.Helper()
	got := rec.get(job, slot)
	if len(got) != len(want) {
		t.Errorf("%s %s ran at %v, want %v", job, slot, got, want)
		return
	}
	for i := range got {
		if !got[i].Equal(want[i]) {
			t.Errorf("%s %s attempt %d at %v, want %v", job, slot, i+1, got[i], want[i])
		}
	}
}

// TestGraceDay: without the data a monthly job runs on its grace day
// at its time, told that the data is not complete.
func TestGraceDay(t *testing.T) {
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "postcrm.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	clk := &clock{}
	sched := schedule.New(s, "one", clk.now, slog.New(slog.NewTextHandler(io.Discard, nil)))
	var got []schedule.Occurrence
	var at []time.Time
	sched.Add(schedule.Job{Name: "monthly", Period: schedule.Monthly, At: 2 * 60, Grace: 3,
		Ready: func(context.Context, postcrm.Month) (bool, error) { return false, nil },
		Run: func(_ context.Context, o schedule.Occurrence) (string, error) {
			got, at = append(got, o), append(at, clk.now())
			return "ran", nil
		}})
	for now := china(2026, 12, 1, 0, 0); now.Before(china(2026, 12, 6, 0, 0)); now = now.Add(5 * time.Minute) {
		clk.set(now)
		sched.Tick(context.Background())
	}
	if len(got) != 1 || got[0].Complete || got[0].Slot != "2026-11" || !at[0].Equal(china(2026, 12, 3, 2, 0)) {
		t.Errorf("ran %+v at %v, want once for 2026-11 on 12-03 02:00, incomplete", got, at)
	}
}

// TestSettingsMoveAndStop: a saved time moves the job, a disabled job
// does not run.
func TestSettingsMoveAndStop(t *testing.T) {
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "postcrm.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	clk := &clock{}
	sched := schedule.New(s, "one", clk.now, slog.New(slog.NewTextHandler(io.Discard, nil)))
	var at []time.Time
	sched.Add(schedule.DailyJob("d", "d", 60, func(context.Context, schedule.Occurrence) (string, error) {
		at = append(at, clk.now())
		return "", nil
	}))
	admin := postcrm.Actor{User: "admin"}
	if err := s.SaveJobSetting(ctx, postcrm.JobSetting{Job: "d", At: 22*60 + 15, Enabled: true}, admin); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveJobSetting(ctx, postcrm.JobSetting{Job: "d", At: 25 * 60}, admin); !errors.Is(err, postcrm.ErrInvalid) {
		t.Errorf("saving 25:00: %v, want invalid", err)
	}
	for now := china(2026, 12, 1, 0, 0); now.Before(china(2026, 12, 2, 0, 0)); now = now.Add(5 * time.Minute) {
		clk.set(now)
		sched.Tick(ctx)
	}
	if len(at) != 1 || !at[0].Equal(china(2026, 12, 1, 22, 15)) {
		t.Errorf("ran at %v, want 22:15 once", at)
	}
	if err := s.SaveJobSetting(ctx, postcrm.JobSetting{Job: "d", At: 60, Enabled: false}, admin); err != nil {
		t.Fatal(err)
	}
	for now := china(2026, 12, 2, 0, 0); now.Before(china(2026, 12, 3, 0, 0)); now = now.Add(5 * time.Minute) {
		clk.set(now)
		sched.Tick(ctx)
	}
	if len(at) != 1 {
		t.Errorf("a disabled job ran: %v", at)
	}
	next := schedule.Next(schedule.Daily, postcrm.JobSetting{At: 60}, china(2026, 12, 2, 5, 0))
	if !next.Equal(china(2026, 12, 3, 1, 0)) {
		t.Errorf("next run %v, want 12-03 01:00", next)
	}
}

// TestLongJobKeepsItsLease: a job running longer than the lease renews
// it, so another server does not take the occurrence over meanwhile.
func TestLongJobKeepsItsLease(t *testing.T) {
	path := filepath.Join(t.TempDir(), "postcrm.db")
	var stores []*sqlstore.Store
	for range 2 {
		s, err := sqlite.Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		stores = append(stores, s)
	}
	clk := &clock{t: china(2026, 12, 7, 3, 0)}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	var runs sync.Map
	var n atomic.Int32
	job := schedule.DailyJob("backup", "夜间备份", 3*60, func(ctx context.Context, o schedule.Occurrence) (string, error) {
		n.Add(1)
		if _, again := runs.LoadOrStore(o.Slot, true); !again {
			time.Sleep(600 * time.Millisecond) // the first run is long
		}
		return "", nil
	})
	a, b := schedule.New(stores[0], "a", clk.now, log), schedule.New(stores[1], "b", clk.now, log)
	a.Lease, b.Lease = 90*time.Millisecond, 90*time.Millisecond // of the fake clock for the lease; real time for the renewals
	a.Add(job)
	b.Add(job)
	done := make(chan struct{})
	go func() { a.Tick(context.Background()); close(done) }()
	time.Sleep(100 * time.Millisecond)
	clk.set(china(2026, 12, 7, 3, 1))  // far past a's first lease
	time.Sleep(150 * time.Millisecond) // a renews meanwhile, from the new time
	b.Tick(context.Background())
	<-done
	if got := n.Load(); got != 1 {
		t.Errorf("the occurrence ran %d times", got)
	}
}

// TestStoppedJobIsFreeAgain: a job whose server stops mid-run is logged
// as interrupted, and the occurrence is free for the next tick at once.
func TestStoppedJobIsFreeAgain(t *testing.T) {
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "postcrm.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	clk := &clock{t: china(2026, 12, 7, 3, 0)}
	sched := schedule.New(s, "one", clk.now, slog.New(slog.NewTextHandler(io.Discard, nil)))
	ctx, cancel := context.WithCancel(context.Background())
	var attempts []int
	sched.Add(schedule.DailyJob("backup", "夜间备份", 3*60, func(jctx context.Context, o schedule.Occurrence) (string, error) {
		attempts = append(attempts, o.Attempt)
		if o.Attempt == 1 {
			cancel() // the server stops while the job runs
			<-jctx.Done()
			return "", jctx.Err()
		}
		return "done", nil
	}))
	sched.Tick(ctx)
	sched2 := schedule.New(s, "two", clk.now, slog.New(slog.NewTextHandler(io.Discard, nil)))
	sched2.Add(sched.Jobs()[0])
	sched2.Tick(context.Background())
	runs, err := s.JobRuns(context.Background(), 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(attempts) != 2 || len(runs) != 2 || !runs[0].OK || runs[1].OK || !strings.HasPrefix(runs[1].Detail, "服务停止") {
		t.Errorf("attempts %v, runs %+v", attempts, runs)
	}
}

// TestHourlyJob: an hourly job runs once an hour at its minute, told
// the moment it starts; a saved minute moves it; two servers on one
// database run each hour once; Next is this hour's or the next.
func TestHourlyJob(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "postcrm.db")
	var stores []*sqlstore.Store
	for range 2 {
		s, err := sqlite.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		stores = append(stores, s)
	}
	clk := &clock{}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	rec := &ran{at: map[string][]time.Time{}}
	var scheds []*schedule.Scheduler
	for i, st := range stores {
		s := schedule.New(st, fmt.Sprintf("server-%d", i), clk.now, log)
		s.Add(schedule.HourlyJob("sweep", "每小时", 5, func(_ context.Context, o schedule.Occurrence) (string, error) {
			if !o.Started.Equal(clk.now()) {
				t.Errorf("occurrence %s started at %v, the clock says %v", o.Slot, o.Started, clk.now())
			}
			rec.add("sweep", o.Slot, o.Started)
			return "swept", nil
		}))
		scheds = append(scheds, s)
	}
	tick := func(from, to time.Time) {
		for now := from; now.Before(to); now = now.Add(time.Minute) {
			clk.set(now)
			var wg sync.WaitGroup
			for _, s := range scheds {
				wg.Go(func() { s.Tick(ctx) })
			}
			wg.Wait()
		}
	}
	day := china(2026, 12, 7, 0, 0)
	tick(day, day.Add(3*time.Hour))
	for h := range 3 {
		at := day.Add(time.Duration(h)*time.Hour + 5*time.Minute)
		expectRuns(t, rec, "sweep", fmt.Sprintf("2026-12-07 %02d:00", h), []time.Time{at})
	}
	if err := stores[0].SaveJobSetting(ctx, postcrm.JobSetting{Job: "sweep", At: 40, Enabled: true}, postcrm.Actor{User: "admin"}); err != nil {
		t.Fatal(err)
	}
	tick(day.Add(3*time.Hour), day.Add(5*time.Hour))
	expectRuns(t, rec, "sweep", "2026-12-07 03:00", []time.Time{china(2026, 12, 7, 3, 40)})
	expectRuns(t, rec, "sweep", "2026-12-07 04:00", []time.Time{china(2026, 12, 7, 4, 40)})
	runs, err := stores[1].JobRuns(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != 5 {
		t.Errorf("%d runs logged, want 5 (one an hour)", len(runs))
	}
	set := postcrm.JobSetting{At: 40}
	for _, c := range []struct{ now, want time.Time }{
		{china(2026, 12, 7, 23, 10), china(2026, 12, 7, 23, 40)},
		{china(2026, 12, 7, 23, 40), china(2026, 12, 8, 0, 40)},
		{china(2026, 12, 7, 23, 50), china(2026, 12, 8, 0, 40)},
	} {
		if got := schedule.Next(schedule.Hourly, set, c.now); !got.Equal(c.want) {
			t.Errorf("next after %v: %v, want %v", c.now, got, c.want)
		}
	}
}
