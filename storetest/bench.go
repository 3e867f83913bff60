package storetest

import (
	"context"
	"testing"
	"time"

	"postcrm"
	"postcrm/sqlstore"
)

// BenchBatch is the size of a typical import's waybill batches.
const BenchBatch = 10000

// Prefill applies n synthetic waybills from g in batches.
func Prefill(tb testing.TB, s *sqlstore.Store, g *WaybillGen, n int) {
	for done := 0; done < n; done += BenchBatch {
		if _, err := s.Apply(context.Background(), postcrm.Batch{Kind: postcrm.KindWaybills, Waybills: g.Batch(BenchBatch)}); err != nil {
			tb.Fatal(err)
		}
	}
}

// BenchApplyWaybills measures Apply on batches of size new waybills from
// g and reports rows/s, by the wall clock and per second of the process's
// CPU time (the wall clock suffers from whatever else runs on the
// machine). Generating the rows is not timed.
func BenchApplyWaybills(b *testing.B, s *sqlstore.Store, g *WaybillGen, size int) {
	ctx := context.Background()
	var cpu time.Duration
	for range b.N {
		b.StopTimer()
		batch := postcrm.Batch{Kind: postcrm.KindWaybills, Waybills: g.Batch(size)}
		b.StartTimer()
		cpu0 := cpuTime()
		res, err := s.Apply(ctx, batch)
		cpu += cpuTime() - cpu0
		if err != nil {
			b.Fatal(err)
		}
		if res.Inserted != size {
			b.Fatalf("inserted %d of %d new waybills", res.Inserted, size)
		}
	}
	b.ReportMetric(float64(b.N*size)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(b.N*size)/cpu.Seconds(), "rows/cpu-s")
	b.ReportMetric(float64(peakRSS())/(1<<20), "peak-RSS-MiB")
}
