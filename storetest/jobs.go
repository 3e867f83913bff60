package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"postcrm"
	"postcrm/sqlstore"
)

// testJobSettings: settings are saved, replaced, validated and audited.
func testJobSettings(t *testing.T, s *sqlstore.Store) {
	ctx := context.Background()
	admin := postcrm.Actor{User: "admin"}
	if got := must[[]postcrm.JobSetting](t)(s.JobSettings(ctx)); len(got) != 0 {
		t.Errorf("settings of a new store: %+v", got)
	}
	for _, set := range []postcrm.JobSetting{{Job: "monthly", At: 120, Grace: 5, Enabled: true}, {Job: "backup", At: 180, Enabled: true},
		{Job: "monthly", At: 150, Grace: 3, Enabled: false}} {
		if err := s.SaveJobSetting(ctx, set, admin); err != nil {
			t.Fatal(err)
		}
	}
	want := []postcrm.JobSetting{{Job: "backup", At: 180, Enabled: true}, {Job: "monthly", At: 150, Grace: 3, Enabled: false}}
	got := must[[]postcrm.JobSetting](t)(s.JobSettings(ctx))
	if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("settings %+v, want %+v", got, want)
	}
	for _, bad := range []postcrm.JobSetting{{Job: "x", At: 24 * 60}, {Job: "x", At: -1}, {Job: "x", Grace: 29}} {
		if err := s.SaveJobSetting(ctx, bad, admin); !errors.Is(err, postcrm.ErrInvalid) {
			t.Errorf("saving %+v: %v, want invalid", bad, err)
		}
	}
	log, _, err := s.AuditLog(ctx, postcrm.AuditQuery{})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range log {
		if e.Target == "job:monthly" || e.Target == "job:backup" {
			n++
		}
	}
	if n != 3 {
		t.Errorf("%d audit entries of job settings, want 3", n)
	}
}

// testJobLeases: an occurrence is claimed once; a failure waits for its
// retry; a lease that ran out is taken over; the holder that lost it
// only logs; a second failure writes one notice.
func testJobLeases(t *testing.T, s *sqlstore.Store) {
	ctx := context.Background()
	t0 := time.Date(2026, 12, 7, 6, 30, 0, 0, postcrm.ChinaTime)
	claim := func(holder string, now time.Time) (postcrm.JobOccurrence, bool) {
		t.Helper()
		o, ok, err := s.ClaimJob(ctx, "dispatch", "2026-12-07", holder, now, now.Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		return o, ok
	}
	finish := func(holder string, attempt int, ok bool, state postcrm.JobState, at, retry time.Time) {
		t.Helper()
		r := postcrm.JobRun{Job: "dispatch", Slot: "2026-12-07", Attempt: attempt, Holder: holder, StartedAt: at, EndedAt: at.Add(time.Second), OK: ok, Detail: "x"}
		if err := s.FinishJob(ctx, r, state, retry); err != nil {
			t.Fatal(err)
		}
	}
	if o, ok := claim("a", t0); !ok || o.Attempts != 1 || o.Holder != "a" || o.State != postcrm.JobRunning {
		t.Fatalf("first claim: %+v %v", o, ok)
	}
	if o, ok := claim("b", t0.Add(time.Minute)); ok || o.Holder != "a" || !o.Until.Equal(t0.Add(time.Hour)) {
		t.Errorf("claim of a held occurrence: %+v %v", o, ok)
	}
	// a fails; b may not retry before the retry time, then may.
	finish("a", 1, false, postcrm.JobRetry, t0, t0.Add(10*time.Minute))
	if _, ok := claim("b", t0.Add(5*time.Minute)); ok {
		t.Error("claimed before the retry was due")
	}
	if o, ok := claim("b", t0.Add(10*time.Minute)); !ok || o.Attempts != 2 || o.Holder != "b" {
		t.Errorf("retry claim: %+v %v", o, ok)
	}
	// b renews its lease; a stranger cannot.
	if ok, err := s.RenewJob(ctx, "dispatch", "2026-12-07", "b", t0.Add(10*time.Minute+2*time.Hour)); err != nil || !ok {
		t.Errorf("renewing b's lease: %v %v", ok, err)
	}
	if ok, err := s.RenewJob(ctx, "dispatch", "2026-12-07", "x", t0.Add(5*time.Hour)); err != nil || ok {
		t.Errorf("renewing another's lease: %v %v", ok, err)
	}
	if _, ok := claim("c", t0.Add(10*time.Minute+time.Hour+time.Second)); ok {
		t.Error("claimed within a renewed lease")
	}
	// b stops mid-run: after its lease, c takes over; b's late finish is
	// logged but moves nothing.
	if o, ok := claim("c", t0.Add(10*time.Minute+2*time.Hour)); !ok || o.Attempts != 3 {
		t.Errorf("take-over claim: %+v %v", o, ok)
	}
	finish("b", 2, true, postcrm.JobDone, t0.Add(20*time.Minute), time.Time{})
	if o, _ := claim("d", t0.Add(100*time.Minute)); o.State != postcrm.JobRunning || o.Holder != "c" {
		t.Errorf("after the lost holder finished: %+v", o)
	}
	finish("c", 3, false, postcrm.JobFailed, t0.Add(2*time.Hour), time.Time{})
	if o, ok := claim("d", t0.Add(5*time.Hour)); ok || o.State != postcrm.JobFailed {
		t.Errorf("claim of a failed occurrence: %+v %v", o, ok)
	}
	runs := must[[]postcrm.JobRun](t)(s.JobRuns(ctx, 10))
	if len(runs) != 3 || runs[0].Holder != "c" || runs[0].OK || runs[1].Holder != "b" || !runs[1].OK || runs[1].Duration() != time.Second {
		t.Errorf("runs %+v", runs)
	}
	ns := must[[]postcrm.Notice](t)(s.Notices(ctx, postcrm.NoticeQuery{}))
	if len(ns) != 1 || ns[0].Kind != postcrm.NoticeJobFailed || ns[0].EventID != "job_failed:dispatch:2026-12-07" || ns[0].Delivered() {
		t.Errorf("notices %+v, want one undelivered job failure", ns)
	}
	// Another job's occurrence and a later one of the same job.
	if _, ok, err := s.ClaimJob(ctx, "backup", "2026-12-07", "a", t0, t0.Add(time.Hour)); err != nil || !ok {
		t.Fatal(ok, err)
	}
	latest := must[[]postcrm.JobOccurrence](t)(s.LatestJobs(ctx))
	if len(latest) != 2 || latest[0].Job != "backup" || latest[1].Job != "dispatch" || latest[1].State != postcrm.JobFailed {
		t.Errorf("latest %+v", latest)
	}

	// Each job's last attempt, however many attempts of another job
	// (an hourly one) came after it.
	for h := range 40 {
		at := t0.Add(time.Duration(h+6) * time.Hour)
		slot := at.Format("2006-01-02 15:04")
		if _, ok, err := s.ClaimJob(ctx, "hourly", slot, "a", at, at.Add(time.Hour)); err != nil || !ok {
			t.Fatal(ok, err)
		}
		r := postcrm.JobRun{Job: "hourly", Slot: slot, Attempt: 1, Holder: "a", StartedAt: at, EndedAt: at, OK: true, Detail: slot}
		if err := s.FinishJob(ctx, r, postcrm.JobDone, time.Time{}); err != nil {
			t.Fatal(err)
		}
	}
	last := must[[]postcrm.JobRun](t)(s.LastJobRuns(ctx))
	if len(last) != 2 || last[0].Job != "dispatch" || last[0].Holder != "c" || last[0].OK || last[0].Attempt != 3 ||
		last[1].Job != "hourly" || last[1].Detail != t0.Add(45*time.Hour).Format("2006-01-02 15:04") {
		t.Errorf("last runs %+v, want dispatch's third attempt and the last hour's", last)
	}
}

// testNewerSchema: a database a newer postcrm migrated is refused, with
// the versions named.
func testNewerSchema(t *testing.T, s *sqlstore.Store) {
	ctx := context.Background()
	if _, err := s.DB().ExecContext(ctx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, '9999_future.sql', 0)"); err != nil {
		t.Fatal(err)
	}
	err := s.Migrate(ctx)
	if !errors.Is(err, sqlstore.ErrNewerSchema) {
		t.Fatalf("migrating a newer database: %v", err)
	}
	t.Log(err)
}
