package followup

import (
	"context"
	"sync"

	"postcrm"
	"postcrm/calendar"
)

// VersionedSource is a Source that fingerprints what a month's
// measurement analyses (postcrm.FollowupStore.FollowupVersion).
type VersionedSource interface {
	Source
	FollowupVersion(ctx context.Context, month int) (string, error)
}

// Cache keeps the analysis of the later month, the costly part of a
// measurement, by store, month, lag and the store's follow-up version of
// the month. The cases themselves are built afresh on every ask from the
// month's dispatches and contacts (small reads), so that a contact, a
// reassignment or an owner given from the pool shows at once without
// another analysis, and so that every scope's cases come from its own
// scoped reads over the one analysis of the province: the expectations
// come from peer groups formed over all customers, which a city's slice
// must not change. The entries are therefore the same for every scope
// and need no scope in their key. Safe for concurrent use; two callers
// missing at once both analyse, and the later one's result stays.
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
	later   laterSet
}

// maxCacheEntries bounds the cache: a page asks for a few months and two
// lags, the reports for one month.
const maxCacheEntries = 64

// Measurements is the process's cache, shared by the effect page and the
// reports.
var Measurements Cache

// MonthCases is MonthCases with the later month's analysis through the
// cache.
func (c *Cache) MonthCases(ctx context.Context, src VersionedSource, cal *calendar.Calendar, month, lag int) ([]Case, error) {
	m, err := readMonth(ctx, src, month)
	if err != nil {
		return nil, err
	}
	return c.Cases(ctx, src, cal, m, lag)
}

// Cases builds the cases of m, a month's follow-up as read in some scope
// (the store's ScopedFollowupMonth), seen lag months later, with the
// later month's analysis of the whole province through the cache.
func (c *Cache) Cases(ctx context.Context, src VersionedSource, cal *calendar.Calendar, m postcrm.FollowupMonth, lag int) ([]Case, error) {
	if len(m.Dispatches) == 0 {
		return nil, nil // nothing dispatched: no case, and no analysis to run
	}
	later, err := c.later(ctx, src, cal, m.Month, lag)
	if err != nil {
		return nil, err
	}
	return later.cases(m), nil
}

// later is laterOf through the cache.
func (c *Cache) later(ctx context.Context, src VersionedSource, cal *calendar.Calendar, month, lag int) (laterSet, error) {
	version, err := src.FollowupVersion(ctx, month)
	if err != nil {
		return laterSet{}, err
	}
	key := cacheKey{src, month, lag}
	c.mu.Lock()
	e, ok := c.entries[key]
	c.mu.Unlock()
	if ok && e.version == version {
		return e.later, nil
	}
	ws, err := src.Warnings(ctx, month)
	if err != nil {
		return laterSet{}, err
	}
	later, err := laterOf(ctx, src, cal, month, lag, ws)
	if err != nil {
		return laterSet{}, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil || len(c.entries) >= maxCacheEntries {
		c.entries = make(map[cacheKey]cacheEntry)
	}
	c.entries[key] = cacheEntry{version, later}
	return later, nil
}
