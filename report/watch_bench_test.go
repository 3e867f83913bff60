package report_test

import (
	"context"
	"fmt"
	"testing"

	"postcrm/followup"
	"postcrm/report"
)

// BenchmarkWatched reads an office's watched figures for one month, cold
// (the follow-up measurement not cached), over the reports' benchmark
// store (city scale; POSTCRM_BENCH_REPORT_SCALE=province): the cost of a
// problem page's month of trend before it is kept.
func BenchmarkWatched(b *testing.B) {
	ctx := context.Background()
	s := openBenchStore(b)
	office := report.Scope{Level: report.ScopeOffice, Code: fmt.Sprintf("13%06d", 0)}
	lib := report.NewLibrary(s)
	b.ResetTimer()
	for range b.N {
		if _, err := lib.In(office).Watched(ctx, report.Request{Month: 202606, Measurements: &followup.Cache{}}); err != nil {
			b.Fatal(err)
		}
	}
}
