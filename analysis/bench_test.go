package analysis

import (
	"testing"

	"postcrm"
	"postcrm/calendar"
)

// A province's contract customers (20,000) with two years of history, with
// the default configuration and without the two-month judgement.
func BenchmarkAnalyzeProvince(b *testing.B) {
	const month postcrm.Month = 202606
	p := newProvince(month, 11)
	hs := p.histories(p.mixed(20000))
	cal := calendar.Default()
	oneMonth := DefaultConfig()
	oneMonth.TwoMonthAlpha = 0
	for _, c := range []struct {
		name string
		cfg  Config
	}{{"default", DefaultConfig()}, {"month-alone", oneMonth}} {
		cfg := c.cfg
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Analyze(month, hs, cal, nil, cfg); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(hs))*float64(b.N)/b.Elapsed().Seconds(), "customers/s")
		})
	}
}
