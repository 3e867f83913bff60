//go:build unix

package alert_test

import (
	"context"
	"os"
	"syscall"
	"testing"
	"time"

	"postcrm/alert"
	"postcrm/sqlite"
)

// BenchmarkAlerts judges a day on a city-scale store: the city demo
// (`postcrm --db city.db demo --scale city`), named by
// POSTCRM_ALERTS_BENCH_DB; the day is the store's last day with data,
// before which every run is recomputed and nothing is stored.
func BenchmarkAlerts(b *testing.B) {
	path := os.Getenv("POSTCRM_ALERTS_BENCH_DB")
	if path == "" {
		b.Skip("POSTCRM_ALERTS_BENCH_DB names no city-scale store")
	}
	ctx := context.Background()
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	last, err := s.LastDataDay(ctx)
	if err != nil {
		b.Fatal(err)
	}
	day := last.AddDays(-10)
	if l, err := s.LastAlertRun(ctx); err != nil || l <= day {
		b.Fatalf("the store must hold an alert run after %s (run `postcrm alerts` on it once): last %s, %v", day, l, err)
	}
	// warm: the month's histories kept by an earlier run (every run of
	// the month but its first); cold: read from the rollups and kept.
	for _, warm := range []bool{true, false} {
		name := map[bool]string{true: "warm", false: "cold"}[warm]
		b.Run(name, func(b *testing.B) {
			if _, err := alert.Run(ctx, s, day); err != nil {
				b.Fatal(err)
			}
			var raised int
			start := cpuTime()
			for b.Loop() {
				if !warm {
					b.StopTimer()
					if err := s.SaveAlertHistoryCache(ctx, day.YearMonth(), "stale", []byte{0}); err != nil {
						b.Fatal(err)
					}
					b.StartTimer()
				}
				res, err := alert.Run(ctx, s, day)
				if err != nil {
					b.Fatal(err)
				}
				raised = len(res.Raised)
			}
			// CPU time, beside the wall time: on a machine shared with other
			// work the wall time measures the load as much as the run.
			b.ReportMetric((cpuTime()-start).Seconds()/float64(b.N), "cpu-s/op")
			b.ReportMetric(float64(raised), "raised")
		})
	}
}

// cpuTime is the process's user and system time so far.
func cpuTime() time.Duration {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		return 0
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}
