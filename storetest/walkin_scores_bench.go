package storetest

import (
	"context"
	"testing"
	"time"

	"postcrm"
	"postcrm/sqlstore"
)

// BenchSaveWalkinScoresAgain measures saving a month's n walk-in scores
// over the n stored for it, as a re-run of the month's analysis does,
// with every changedEvery-th score changed (0: none). The first save is
// not timed. It reports the seconds of one save by the wall clock and
// the CPU seconds of the process (for SQLite that is the store's work;
// PostgreSQL's server works outside it).
func BenchSaveWalkinScoresAgain(b *testing.B, s *sqlstore.Store, n, changedEvery int) {
	ctx := context.Background()
	const month = 202610
	stored := scores(month, n, 0.8)
	if err := s.SaveWalkinScores(ctx, month, stored); err != nil {
		b.Fatal(err)
	}
	again := append([]postcrm.WalkinScore(nil), stored...)
	var cpu time.Duration
	b.ResetTimer()
	for round := range b.N {
		if changedEvery > 0 {
			for i := round % changedEvery; i < n; i += changedEvery {
				again[i].CLV12mFen++
			}
		}
		cpu0 := cpuTime()
		if err := s.SaveWalkinScores(ctx, month, again); err != nil {
			b.Fatal(err)
		}
		cpu += cpuTime() - cpu0
	}
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/save")
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/save")
}
