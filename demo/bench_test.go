package demo

import (
	"testing"
	"time"

	"postcrm/calendar"
)

// BenchmarkWaybillRows measures the CPU cost of a waybill row at province
// scale: generating a day and formatting its rows, without the disk.
func BenchmarkWaybillRows(b *testing.B) {
	o, err := Options{Dir: b.TempDir(), Scale: Province, Seed: 1, End: testEnd}.withDefaults(time.Now())
	if err != nil {
		b.Fatal(err)
	}
	p, err := buildProvince(o, calendar.Default())
	if err != nil {
		b.Fatal(err)
	}
	gen := newDayGen(p)
	lo, hi := p.win.Month(10)
	events := p.walkinEvents(lo, hi)
	line := make([]byte, 0, 256)
	rows := 0
	for d := lo; b.Loop(); d = lo + (d-lo+1)%(hi-lo+1) {
		text := newDayText(p.win.Day(d))
		items := gen.day(d, events[d-lo])
		for k := range items {
			line = p.appendWaybill(line[:0], &text, &items[k])
		}
		rows += len(items)
	}
	b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkGenerateSmall measures Generate end to end at small scale.
func BenchmarkGenerateSmall(b *testing.B) {
	rows := 0
	for b.Loop() {
		m, err := Generate(Options{Dir: b.TempDir(), Seed: 1, End: testEnd})
		if err != nil {
			b.Fatal(err)
		}
		for _, f := range m.Files {
			rows += f.Rows
		}
	}
	b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
}
