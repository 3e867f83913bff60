package clickhouse_test

import (
	"context"
	"fmt"
	"testing"

	"postcrm"
)

// BenchmarkApplyWaybills writes batches of 50,000 new waybills to the
// test cluster, the store's own share of an import (no parsing), and
// reports rows/s; BenchmarkApplyWaybills/unchanged writes one batch
// again and again, every row unchanged.
func BenchmarkApplyWaybills(b *testing.B) {
	const size = 50000
	batch := func(n int) []postcrm.Waybill {
		out := make([]postcrm.Waybill, size)
		for i := range out {
			out[i] = waybill(fmt.Sprintf("9%012d", n*size+i), 1+i%28, "KH0001", 1000+int64(i%500))
		}
		return out
	}
	for _, unchanged := range []bool{false, true} {
		name := "new"
		if unchanged {
			name = "unchanged"
		}
		b.Run(name, func(b *testing.B) {
			ctx := context.Background()
			s := open(b)
			first := batch(0)
			if unchanged {
				if _, err := s.ApplyWaybills(ctx, first); err != nil {
					b.Fatal(err)
				}
			}
			b.ResetTimer()
			for n := range b.N {
				recs := first
				if !unchanged {
					b.StopTimer()
					recs = batch(n)
					b.StartTimer()
				}
				if _, err := s.ApplyWaybills(ctx, recs); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N*size)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}
