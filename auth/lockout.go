package auth

import (
	"time"

	"postcrm"
)

// LockoutPolicy locks an account for a while after consecutive failed
// sign-ins. The count goes on until a success, so that once the lock
// has passed every further failure locks again at once: guessing gets
// MaxFailures tries, then one per LockFor.
type LockoutPolicy struct {
	MaxFailures int           // consecutive failures that lock
	LockFor     time.Duration // how long each lock lasts
}

// DefaultLockoutPolicy locks for 15 minutes after 5 failures.
var DefaultLockoutPolicy = LockoutPolicy{MaxFailures: 5, LockFor: 15 * time.Minute}

// LockedUntil is the end of the lock-out that the failures-th consecutive
// failed sign-in at now starts, zero when it starts none.
func (p LockoutPolicy) LockedUntil(failures int, now time.Time) time.Time {
	if failures < p.MaxFailures {
		return time.Time{}
	}
	return now.Add(p.LockFor)
}

// Success is u after a successful sign-in at now: the count and any
// lock-out are cleared.
func (p LockoutPolicy) Success(u postcrm.User, now time.Time) postcrm.User {
	u.FailedSignIns, u.LockedUntil, u.LastSignIn = 0, time.Time{}, now
	return u
}
