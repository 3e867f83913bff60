package report_test

import (
	"context"
	"syscall"
	"testing"
	"time"

	"postcrm"
	"postcrm/followup"
)

// BenchmarkMeasurement: what the effect page's check of May's follow-up
// one month on costs in a new process, on the benchmark's store at city
// scale (POSTCRM_BENCH_REPORT_SCALE=province for the province): "analyse"
// with nothing kept (as every restart and import paid before), "kept"
// reading the analysis that the store keeps. Both build the cases from
// the month's dispatches and contacts.
//
//	go test ./report -run '^$' -bench Measurement -count 5
func BenchmarkMeasurement(b *testing.B) {
	ctx := context.Background()
	s := openBenchStore(b)
	const month postcrm.Month = 202605
	measure := func(b *testing.B) {
		var restarted followup.Cache // a new process
		cases, err := restarted.MonthCases(ctx, s, month, 1)
		if err != nil || len(cases) == 0 {
			b.Fatalf("%d cases, %v", len(cases), err)
		}
	}
	b.Run("analyse", func(b *testing.B) {
		cpu := cpuTime()
		for b.Loop() {
			if _, err := s.DB().ExecContext(ctx, "DELETE FROM summaries"); err != nil {
				b.Fatal(err)
			}
			measure(b)
		}
		b.ReportMetric((cpuTime()-cpu).Seconds()/float64(b.N), "cpu-s/op")
	})
	b.Run("kept", func(b *testing.B) {
		measure(b) // keeps it
		cpu := cpuTime()
		for b.Loop() {
			measure(b)
		}
		b.ReportMetric((cpuTime()-cpu).Seconds()/float64(b.N), "cpu-s/op")
	})
}

// cpuTime is the user and system time the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
