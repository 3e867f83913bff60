package auth

import (
	"sync"
	"time"
)

// RateLimit is a token bucket: Burst requests at once, then one more
// every Every.
type RateLimit struct {
	Burst int
	Every time.Duration
}

// DefaultRateLimit allows 20 sign-in attempts at once from one address
// (an office's PCs and phones often share one), then 20 a minute.
var DefaultRateLimit = RateLimit{Burst: 20, Every: 3 * time.Second}

// pruneAbove is the number of addresses above which idle buckets are
// dropped, so that memory stays bounded by the addresses seen lately.
const pruneAbove = 4096

// RateLimiter limits requests per key (a client address) in memory.
// Time is passed in, so that tests drive the clock.
type RateLimiter struct {
	limit   RateLimit
	mu      sync.Mutex
	buckets map[string]bucket
}

type bucket struct {
	tokens float64
	at     time.Time // when tokens was counted
}

// NewRateLimiter returns a limiter with a full bucket for every key.
func NewRateLimiter(l RateLimit) *RateLimiter {
	return &RateLimiter{limit: l, buckets: make(map[string]bucket)}
}

// Allow takes a token from key's bucket at now, and reports whether
// there was one.
func (r *RateLimiter) Allow(key string, now time.Time) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	b := r.refill(key, now)
	ok := b.tokens >= 1
	if ok {
		b.tokens--
	}
	r.buckets[key] = b
	if len(r.buckets) > pruneAbove {
		r.prune(now)
	}
	return ok
}

// refill is key's bucket at now. A clock going backwards adds nothing.
func (r *RateLimiter) refill(key string, now time.Time) bucket {
	b, seen := r.buckets[key]
	if !seen {
		return bucket{tokens: float64(r.limit.Burst), at: now}
	}
	if elapsed := now.Sub(b.at); elapsed > 0 {
		b.tokens = min(float64(r.limit.Burst), b.tokens+float64(elapsed)/float64(r.limit.Every))
		b.at = now
	}
	return b
}

// prune drops the buckets that are full again: a missing bucket is a
// full one.
func (r *RateLimiter) prune(now time.Time) {
	for key := range r.buckets {
		if r.refill(key, now).tokens >= float64(r.limit.Burst) {
			delete(r.buckets, key)
		}
	}
}
