package main

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"sync"
	"time"
)

// recorder keeps every request's latency (a minute of 50 users is some
// hundred thousand durations, small enough to sort exactly) and the
// errors, per kind of request.
type recorder struct {
	mu        sync.Mutex
	latencies map[string][]time.Duration
	errors    map[string]int
	firstErr  map[string]error
}

func newRecorder() *recorder {
	return &recorder{latencies: map[string][]time.Duration{}, errors: map[string]int{}, firstErr: map[string]error{}}
}

func (r *recorder) add(kind string, d time.Duration, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.latencies[kind] = append(r.latencies[kind], d)
	if err != nil {
		if r.errors[kind]++; r.firstErr[kind] == nil {
			r.firstErr[kind] = err
		}
	}
}

// summary is one line of the report.
type summary struct {
	Kind               string
	Requests, Errors   int
	PerSecond          float64
	P50, P90, P99, Max time.Duration
}

func summarize(kind string, ds []time.Duration, errors int, elapsed time.Duration) summary {
	ds = slices.Clone(ds)
	slices.Sort(ds)
	s := summary{Kind: kind, Requests: len(ds), Errors: errors, PerSecond: float64(len(ds)) / elapsed.Seconds()}
	if len(ds) > 0 {
		s.P50, s.P90, s.P99, s.Max = percentile(ds, 50), percentile(ds, 90), percentile(ds, 99), ds[len(ds)-1]
	}
	return s
}

// percentile is the nearest-rank percentile of sorted durations: the
// smallest duration that at least p percent of them do not exceed.
func percentile(sorted []time.Duration, p int) time.Duration {
	rank := (p*len(sorted) + 99) / 100
	return sorted[max(rank, 1)-1]
}

// print writes the report: a line per kind of request and the total, and
// the first error of each kind.
func (r *recorder) print(w io.Writer, elapsed time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var all []time.Duration
	errs := 0
	lines := []summary{}
	for _, kind := range slices.Sorted(maps.Keys(r.latencies)) {
		lines = append(lines, summarize(kind, r.latencies[kind], r.errors[kind], elapsed))
		all = append(all, r.latencies[kind]...)
		errs += r.errors[kind]
	}
	lines = append(lines, summarize("total", all, errs, elapsed))
	fmt.Fprintf(w, "%-16s %9s %7s %9s %9s %9s %9s %9s\n", "kind", "requests", "errors", "req/s", "p50 ms", "p90 ms", "p99 ms", "max ms")
	for _, s := range lines {
		fmt.Fprintf(w, "%-16s %9d %7d %9.1f %9.1f %9.1f %9.1f %9.1f\n", s.Kind, s.Requests, s.Errors, s.PerSecond,
			ms(s.P50), ms(s.P90), ms(s.P99), ms(s.Max))
	}
	for _, kind := range slices.Sorted(maps.Keys(r.firstErr)) {
		fmt.Fprintf(w, "first %s error: %v\n", kind, r.firstErr[kind])
	}
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
