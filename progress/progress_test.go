package progress

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// A pipe or log gets one plain line per interval, never carriage returns.
func TestPlainLinesAtInterval(t *testing.T) {
	var buf bytes.Buffer
	clockNow := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	r := New(&buf, "收寄明细", 5*time.Second)
	r.now = func() time.Time { return clockNow }
	r.start, r.last = clockNow, clockNow

	clockNow = clockNow.Add(time.Second)
	r.Update(10, 100, 1000) // too early: silent
	clockNow = clockNow.Add(5 * time.Second)
	r.Update(50, 100, 300000)
	r.Finish()
	r.Finish() // idempotent

	out := buf.String()
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 {
		t.Fatalf("want 2 lines, got %d: %q", len(lines), out)
	}
	if strings.Contains(out, "\r") {
		t.Errorf("plain output must not redraw: %q", out)
	}
	if !strings.Contains(lines[0], " 50.0%") || !strings.Contains(lines[0], "300,000 行") || !strings.Contains(lines[0], "50,000 行/秒") {
		t.Errorf("unexpected progress line %q", lines[0])
	}
	if !strings.Contains(lines[0], "剩余 0:00:06") {
		t.Errorf("want remaining time estimate in %q", lines[0])
	}
	if !strings.Contains(lines[1], "100.0%") {
		t.Errorf("final line should be complete: %q", lines[1])
	}
}

// A job that ends before the first interval prints nothing: its summary
// follows anyway.
func TestShortJobStaysQuiet(t *testing.T) {
	var buf bytes.Buffer
	r := New(&buf, "机构人员", 5*time.Second)
	r.Update(10, 10, 5)
	r.Finish()
	if buf.Len() != 0 {
		t.Errorf("short job printed %q", buf.String())
	}
}
