// Package progress shows how far a long job has got: a redrawn bar with
// rows per second on a terminal, plain periodic lines in a log or a pipe.
package progress

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"

	"postcrm/textfmt"
)

// Reporter prints the progress of one job. It is safe for concurrent use.
type Reporter struct {
	mu       sync.Mutex
	w        io.Writer
	tty      bool
	label    string
	every    time.Duration
	start    time.Time
	last     time.Time
	now      func() time.Time
	drawn    bool // something was printed: Finish completes it
	done     int64
	total    int64
	rows     int64
	finished bool
}

// New reports to w. On a terminal the bar is redrawn several times a
// second; elsewhere a line is written every `every` (e.g. 5s).
func New(w io.Writer, label string, every time.Duration) *Reporter {
	tty := false
	if f, ok := w.(*os.File); ok {
		tty = term.IsTerminal(int(f.Fd()))
	}
	if tty {
		every = 200 * time.Millisecond
	}
	r := &Reporter{w: w, tty: tty, label: label, every: every, now: time.Now}
	r.start = r.now()
	r.last = r.start
	return r
}

// Update records that done of total units (bytes) are processed and rows
// rows read; it prints only when the interval has passed.
func (r *Reporter) Update(done, total, rows int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.done, r.total, r.rows = done, total, rows
	if t := r.now(); t.Sub(r.last) >= r.every {
		r.last = t
		r.print()
	}
}

// Finish prints the final state and ends the bar's line.
func (r *Reporter) Finish() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.finished {
		return
	}
	r.finished = true
	if !r.drawn {
		return // a short job: the caller's summary says it all
	}
	if r.total > 0 {
		r.done = r.total
	}
	r.print()
	if r.tty {
		fmt.Fprintln(r.w)
	}
}

func (r *Reporter) print() {
	elapsed := r.now().Sub(r.start)
	rate := 0.0
	if s := elapsed.Seconds(); s > 0 {
		rate = float64(r.rows) / s
	}
	pct := 0.0
	stats := fmt.Sprintf("%s 行  %s 行/秒  用时 %s", textfmt.Thousands(r.rows), textfmt.Thousands(int64(rate)), clock(elapsed))
	if r.total > 0 {
		pct = float64(r.done) / float64(r.total)
		stats = fmt.Sprintf("%5.1f%%  %s", pct*100, stats)
	}
	if pct > 0 && pct < 1 {
		left := time.Duration(float64(elapsed) * (1 - pct) / pct)
		stats += "  剩余 " + clock(left)
	}
	r.drawn = true
	if !r.tty {
		fmt.Fprintf(r.w, "%s: %s\n", r.label, stats)
		return
	}
	const width = 24
	filled := int(pct * width)
	bar := strings.Repeat("█", filled) + strings.Repeat("░", width-filled)
	fmt.Fprintf(r.w, "\r%s [%s] %s\x1b[K", r.label, bar, stats)
}

func clock(d time.Duration) string {
	s := int(d.Round(time.Second).Seconds())
	return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
}
