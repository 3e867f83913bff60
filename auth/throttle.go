package auth

import (
	"sync"
	"time"
)

// SignInThrottle pauses sign-ins of one user name from one address after
// repeated failures, under a LockoutPolicy. Keyed by name and address,
// it slows a guesser down without locking the owner out: someone who
// fails on purpose pauses only their own address, and the owner signs
// in from theirs. Unknown names are throttled the same way, so that a
// pause does not tell which names exist. State is in memory: a restart
// lifts every pause (an outsider cannot restart the server).
type SignInThrottle struct {
	policy LockoutPolicy
	mu     sync.Mutex
	tries  map[throttleKey]throttled
	pruned time.Time // when prune last ran
}

type throttleKey struct{ name, addr string }

type throttled struct {
	failures    int       // consecutive failures of the name from the address
	last        time.Time // the latest of them
	pausedUntil time.Time
}

// forgetAfter is how long a name and address with no further failure
// are remembered; after it their count starts again.
const forgetAfter = 24 * time.Hour

// NewSignInThrottle returns a throttle under p.
func NewSignInThrottle(p LockoutPolicy) *SignInThrottle {
	return &SignInThrottle{policy: p, tries: make(map[throttleKey]throttled)}
}

// PausedUntil is when signing in as name from addr may resume, zero when
// it may now.
func (t *SignInThrottle) PausedUntil(name, addr string, now time.Time) time.Time {
	t.mu.Lock()
	defer t.mu.Unlock()
	if e := t.tries[throttleKey{name, addr}]; now.Before(e.pausedUntil) {
		return e.pausedUntil
	}
	return time.Time{}
}

// Fail counts a failed sign-in as name from addr at now and returns the
// end of the pause it starts, zero when it starts none. As with an
// account lock-out, the count goes on until a success, so that after a
// pause every further failure pauses again at once.
func (t *SignInThrottle) Fail(name, addr string, now time.Time) time.Time {
	t.mu.Lock()
	defer t.mu.Unlock()
	key := throttleKey{name, addr}
	e := t.tries[key]
	if now.Sub(e.last) > forgetAfter {
		e = throttled{}
	}
	e.failures++
	e.last = now
	e.pausedUntil = t.policy.LockedUntil(e.failures, now)
	t.tries[key] = e
	if len(t.tries) > pruneAbove && now.Sub(t.pruned) > time.Minute {
		t.prune(now)
	}
	return e.pausedUntil
}

// Succeed clears name's failures from addr.
func (t *SignInThrottle) Succeed(name, addr string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.tries, throttleKey{name, addr})
}

// Forget lifts every pause and count of name, from every address: an
// administrator unlocked the account or reset its password.
func (t *SignInThrottle) Forget(name string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for key := range t.tries {
		if key.name == name {
			delete(t.tries, key)
		}
	}
}

// prune drops the names and addresses neither paused nor failed lately,
// so that memory stays bounded by the failures of the last day (which
// the per-address rate limit bounds). It runs at most once a minute, so
// that many recent failures do not make every failure scan them all.
func (t *SignInThrottle) prune(now time.Time) {
	t.pruned = now
	for key, e := range t.tries {
		if !now.Before(e.pausedUntil) && now.Sub(e.last) > forgetAfter {
			delete(t.tries, key)
		}
	}
}
