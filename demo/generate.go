// Package demo generates a synthetic province (Hebei's 11 cities) as the
// export files postcrm imports: org.csv, customers.csv, one
// waybills-YYYY-MM.csv per month and the e-channel members, with the
// overlaps, corrections, mixed encodings and bad rows real exports have,
// plus ground-truth files describing how every customer really behaves.
//
// Output is deterministic for a seed: every day's waybills come from a
// random stream of their own, so months are written in parallel and a day
// can be written twice identically. Waybills are streamed to disk and never
// held for more than a day.
package demo

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"postcrm"
	"postcrm/calendar"
)

// Generate writes the province described by opts into opts.Dir and
// returns (and writes as manifest.json) what it wrote.
func Generate(opts Options) (Manifest, error) {
	opts, err := opts.withDefaults(time.Now())
	if err != nil {
		return Manifest{}, err
	}
	p, err := buildProvince(opts, calendar.Default())
	if err != nil {
		return Manifest{}, err
	}
	if err := os.MkdirAll(opts.Dir, 0o755); err != nil {
		return Manifest{}, fmt.Errorf("创建模拟数据目录: %w", err)
	}
	m := Manifest{Scale: opts.Scale.Name, Seed: opts.Seed, First: p.win.First, Last: p.win.Last, Params: TrueParams}
	// Small exports first and in this order: they draw fresh phone numbers.
	var small [3]struct {
		file     File
		findings []Finding
	}
	for i, write := range []func(string) (File, []Finding, error){p.writeOrg, p.writeCustomers, p.writeMembers} {
		if small[i].file, small[i].findings, err = write(opts.Dir); err != nil {
			return Manifest{}, err
		}
	}
	months, err := p.writeAllWaybills(opts.Dir)
	if err != nil {
		return Manifest{}, err
	}
	adjustments, err := p.writeAdjustments(opts.Dir)
	if err != nil {
		return Manifest{}, err
	}
	truth, err := p.writeTruth(opts.Dir)
	if err != nil {
		return Manifest{}, err
	}
	m.add(small[0].file, small[0].findings)
	m.add(small[1].file, small[1].findings)
	for _, res := range months {
		m.add(res.file, res.findings)
		m.Corrections = append(m.Corrections, res.corrections...)
	}
	if len(p.planted) > 0 { // after the waybills, whose products it names
		m.add(adjustments, nil)
	}
	m.add(small[2].file, small[2].findings)
	for _, f := range truth {
		m.add(f, nil)
	}
	for _, f := range m.Files {
		if f.Kind == postcrm.KindWaybills {
			m.Waybills += f.Rows - f.Repeated - f.Corrected - f.Rejected
		}
	}
	return m, m.write(opts.Dir)
}

// writeAllWaybills writes the monthly files, one month per core at a time.
func (p *province) writeAllWaybills(dir string) ([]monthResult, error) {
	results := make([]monthResult, p.win.Months)
	workers := min(runtime.GOMAXPROCS(0), p.win.Months)
	errs := make([]error, workers)
	var next atomic.Int64
	var wg sync.WaitGroup
	for wk := range workers {
		wg.Go(func() {
			gen := newDayGen(p)
			for m := int(next.Add(1) - 1); m < p.win.Months; m = int(next.Add(1) - 1) {
				if results[m], errs[wk] = p.writeWaybills(dir, m, gen); errs[wk] != nil {
					return
				}
			}
		})
	}
	wg.Wait()
	return results, errors.Join(errs...)
}
