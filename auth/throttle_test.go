package auth

import (
	"fmt"
	"testing"
	"time"
)

func TestSignInThrottle(t *testing.T) {
	th := NewSignInThrottle(LockoutPolicy{MaxFailures: 3, LockFor: 10 * time.Minute})
	t0 := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	for i := range 2 {
		if until := th.Fail("S1", "10.0.0.1", t0); !until.IsZero() {
			t.Fatalf("failure %d paused until %v", i+1, until)
		}
	}
	if until := th.Fail("S1", "10.0.0.1", t0); !until.Equal(t0.Add(10 * time.Minute)) {
		t.Fatalf("third failure paused until %v", until)
	}
	if th.PausedUntil("S1", "10.0.0.1", t0.Add(time.Minute)).IsZero() {
		t.Error("not paused a minute later")
	}
	for _, other := range [][2]string{{"S1", "10.0.0.2"}, {"S2", "10.0.0.1"}} {
		if !th.PausedUntil(other[0], other[1], t0).IsZero() {
			t.Errorf("%v paused too", other)
		}
	}
	if !th.PausedUntil("S1", "10.0.0.1", t0.Add(10*time.Minute)).IsZero() {
		t.Error("still paused when the pause ended")
	}
	// The count goes on: the next failure pauses at once.
	if th.Fail("S1", "10.0.0.1", t0.Add(11*time.Minute)).IsZero() {
		t.Error("a failure after the pause did not pause again")
	}
	th.Succeed("S1", "10.0.0.1")
	if !th.PausedUntil("S1", "10.0.0.1", t0.Add(12*time.Minute)).IsZero() || !th.Fail("S1", "10.0.0.1", t0.Add(12*time.Minute)).IsZero() {
		t.Error("a success did not clear the count")
	}
	// A day without failures starts the count again.
	th.Fail("S1", "10.0.0.1", t0.Add(13*time.Minute))
	if !th.Fail("S1", "10.0.0.1", t0.Add(13*time.Minute+forgetAfter+time.Second)).IsZero() {
		t.Error("failures a day apart paused")
	}
	for _, addr := range []string{"10.0.0.1", "10.0.0.2"} {
		for range 3 {
			th.Fail("S3", addr, t0)
		}
	}
	th.Forget("S3")
	if !th.PausedUntil("S3", "10.0.0.1", t0).IsZero() || !th.PausedUntil("S3", "10.0.0.2", t0).IsZero() {
		t.Error("Forget left a pause")
	}
}

// TestSignInThrottlePrunes: names and addresses that failed a day ago are
// dropped once there are many; paused ones are kept.
func TestSignInThrottlePrunes(t *testing.T) {
	th := NewSignInThrottle(LockoutPolicy{MaxFailures: 1, LockFor: 30 * time.Hour})
	t0 := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	th.Fail("kept", "10.0.0.1", t0) // paused beyond the day it is remembered
	th2 := NewSignInThrottle(LockoutPolicy{MaxFailures: 5, LockFor: time.Minute})
	for i := range pruneAbove {
		th.Fail(fmt.Sprint("n", i), "10.0.0.9", t0.Add(-10*time.Hour))
		th2.Fail(fmt.Sprint("n", i), "10.0.0.9", t0)
	}
	later := t0.Add(25 * time.Hour)
	th.Fail("new", "10.0.0.1", later)
	if len(th.tries) > 10 {
		t.Errorf("%d entries after pruning, want the paused and the new", len(th.tries))
	}
	if th.PausedUntil("kept", "10.0.0.1", later).IsZero() {
		t.Error("a paused name was pruned")
	}
	if th2.Fail("new", "10.0.0.1", t0); len(th2.tries) != pruneAbove+1 {
		t.Errorf("recent failures were pruned: %d entries", len(th2.tries))
	}
}
