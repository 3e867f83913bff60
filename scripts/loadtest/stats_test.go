package main

import (
	"testing"
	"time"
)

func TestPercentileIsNearestRank(t *testing.T) {
	hundred := make([]time.Duration, 100)
	for i := range hundred {
		hundred[i] = time.Duration(i+1) * time.Millisecond
	}
	ten := hundred[:10]
	for _, c := range []struct {
		sorted []time.Duration
		p      int
		want   time.Duration
	}{
		{hundred, 50, 50 * time.Millisecond},
		{hundred, 99, 99 * time.Millisecond},
		{hundred, 100, 100 * time.Millisecond},
		{ten, 50, 5 * time.Millisecond},
		{ten, 99, 10 * time.Millisecond}, // 9.9th of ten rounds up to the slowest
		{ten, 1, 1 * time.Millisecond},
		{hundred[:1], 99, 1 * time.Millisecond},
	} {
		if got := percentile(c.sorted, c.p); got != c.want {
			t.Errorf("p%d of %d durations = %v, want %v", c.p, len(c.sorted), got, c.want)
		}
	}
}
