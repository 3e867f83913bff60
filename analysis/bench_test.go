package analysis

import (
	"testing"

	"postcrm/calendar"
)

// A province's contract customers (20,000) with two years of history.
func BenchmarkAnalyzeProvince(b *testing.B) {
	const month = 202606
	p := newProvince(month, 11)
	hs := p.histories(p.mixed(20000))
	cal := calendar.Default()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Analyze(month, hs, cal, nil, DefaultConfig()); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(hs))*float64(b.N)/b.Elapsed().Seconds(), "customers/s")
}
