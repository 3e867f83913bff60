package web

import (
	"crypto/subtle"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/netip"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"
)

// latencyBuckets are the request-duration histogram's upper bounds in
// seconds, around the 150 ms target for the busiest pages.
var latencyBuckets = []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5}

// metrics counts requests per route pattern (never per path, which would
// carry customer codes into the metrics) for /metrics.
type metrics struct {
	mu     sync.Mutex
	routes map[string]*routeMetrics
}

type routeMetrics struct {
	codes   map[int]uint64
	buckets []uint64 // cumulative counts are computed when written
	count   uint64
	sum     float64
}

func (m *metrics) observe(route string, code int, d time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.routes == nil {
		m.routes = map[string]*routeMetrics{}
	}
	rm := m.routes[route]
	if rm == nil {
		rm = &routeMetrics{codes: map[int]uint64{}, buckets: make([]uint64, len(latencyBuckets))}
		m.routes[route] = rm
	}
	rm.codes[code]++
	sec := d.Seconds()
	if i, _ := slices.BinarySearch(latencyBuckets, sec); i < len(latencyBuckets) {
		rm.buckets[i]++
	}
	rm.count++
	rm.sum += sec
}

// write renders the Prometheus text format.
func (m *metrics) write(b *strings.Builder, importsRunning int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	routes := slices.Sorted(maps.Keys(m.routes))
	b.WriteString("# HELP postcrm_http_requests_total HTTP requests served, by route pattern and status code.\n# TYPE postcrm_http_requests_total counter\n")
	for _, r := range routes {
		codes := m.routes[r].codes
		for _, c := range slices.Sorted(maps.Keys(codes)) {
			fmt.Fprintf(b, "postcrm_http_requests_total{route=%q,code=\"%d\"} %d\n", r, c, codes[c])
		}
	}
	b.WriteString("# HELP postcrm_http_request_duration_seconds Time to serve a request, by route pattern.\n# TYPE postcrm_http_request_duration_seconds histogram\n")
	for _, r := range routes {
		rm := m.routes[r]
		var cum uint64
		for i, le := range latencyBuckets {
			cum += rm.buckets[i]
			fmt.Fprintf(b, "postcrm_http_request_duration_seconds_bucket{route=%q,le=\"%g\"} %d\n", r, le, cum)
		}
		fmt.Fprintf(b, "postcrm_http_request_duration_seconds_bucket{route=%q,le=\"+Inf\"} %d\n", r, rm.count)
		fmt.Fprintf(b, "postcrm_http_request_duration_seconds_sum{route=%q} %g\n", r, rm.sum)
		fmt.Fprintf(b, "postcrm_http_request_duration_seconds_count{route=%q} %d\n", r, rm.count)
	}
	fmt.Fprintf(b, "# HELP postcrm_imports_running Imports queued or running.\n# TYPE postcrm_imports_running gauge\npostcrm_imports_running %d\n", importsRunning)
	fmt.Fprintf(b, "# HELP go_goroutines Goroutines that exist.\n# TYPE go_goroutines gauge\ngo_goroutines %d\n", runtime.NumGoroutine())
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Fprintf(b, "# HELP go_memstats_heap_alloc_bytes Heap bytes allocated and in use.\n# TYPE go_memstats_heap_alloc_bytes gauge\ngo_memstats_heap_alloc_bytes %d\n", ms.HeapAlloc)
}

// metricsPage serves /metrics in the Prometheus text format: counts and
// latencies per route, imports running, goroutines and heap. Nothing in
// it names a user or a record, but it shows how the server is used, so
// it answers only metricsAllowed requests.
func (s *Server) metricsPage(w http.ResponseWriter, req *Request) error {
	if !s.metricsAllowed(req.Request) {
		return userError(http.StatusForbidden, "error.forbidden")
	}
	var b strings.Builder
	s.metrics.write(&b, s.imports.active())
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	_, err := io.WriteString(w, b.String())
	return err
}

// metricsAllowed tells whether r may read /metrics: it carries the
// configured token as "Authorization: Bearer TOKEN", or it comes from
// this machine (a loopback address) and not through a proxy. A reverse
// proxy on the same machine makes every request look local; the
// forwarding headers it adds are what tell them apart, so a proxy must
// add one (or not pass /metrics on).
func (s *Server) metricsAllowed(r *http.Request) bool {
	if want := s.opts.MetricsToken; want != "" {
		got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if ok && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1 {
			return true
		}
	}
	for _, h := range []string{"Forwarded", "X-Forwarded-For", "X-Real-Ip"} {
		if r.Header.Get(h) != "" {
			return false
		}
	}
	ip, err := netip.ParseAddr(clientAddr(r))
	return err == nil && ip.Unmap().IsLoopback()
}
