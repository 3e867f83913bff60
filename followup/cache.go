package followup

import (
	"context"
	"sync"

	"postcrm/calendar"
)

// VersionedSource is a Source that fingerprints what a month's
// measurement reads (postcrm.FollowupStore.FollowupVersion).
type VersionedSource interface {
	Source
	FollowupVersion(ctx context.Context, month int) (string, error)
}

// Cache keeps measured cases by store, month, lag and the store's
// follow-up version of the month: asking again for a month whose data did
// not change costs one small query instead of an analysis of the later
// month. Safe for concurrent use; two callers missing at once both
// measure, and the later one's result stays.
type Cache struct {
	mu      sync.Mutex
	entries map[cacheKey]cacheEntry
}

type cacheKey struct {
	src        VersionedSource // a store is a pointer, so comparable
	month, lag int
}

type cacheEntry struct {
	version string
	cases   []Case
}

// maxCacheEntries bounds the cache: a page asks for a few months and two
// lags, the reports for one month.
const maxCacheEntries = 64

// Measurements is the process's cache, shared by the effect page and the
// reports.
var Measurements Cache

// MonthCases is MonthCases through the cache. The cases returned are
// shared: callers must not change them.
func (c *Cache) MonthCases(ctx context.Context, src VersionedSource, cal *calendar.Calendar, month, lag int) ([]Case, error) {
	version, err := src.FollowupVersion(ctx, month)
	if err != nil {
		return nil, err
	}
	key := cacheKey{src, month, lag}
	c.mu.Lock()
	e, ok := c.entries[key]
	c.mu.Unlock()
	if ok && e.version == version {
		return e.cases, nil
	}
	cases, err := MonthCases(ctx, src, cal, month, lag)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil || len(c.entries) >= maxCacheEntries {
		c.entries = make(map[cacheKey]cacheEntry)
	}
	c.entries[key] = cacheEntry{version, cases}
	return cases, nil
}

// MeasureMonth is MeasureMonth through the cache.
func (c *Cache) MeasureMonth(ctx context.Context, src VersionedSource, cal *calendar.Calendar, month, lag int) (Report, error) {
	cases, err := c.MonthCases(ctx, src, cal, month, lag)
	if err != nil {
		return Report{}, err
	}
	return NewReport(month, lag, cases), nil
}
