package followup

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"

	"postcrm"
	"postcrm/calendar"
)

// VersionedSource is a Source that fingerprints what a month's
// measurement analyses (postcrm.FollowupStore.FollowupVersion, which
// covers the stored holiday table too).
type VersionedSource interface {
	Source
	FollowupVersion(ctx context.Context, month postcrm.Month) (string, error)
	// The analyses are kept as summaries under that version.
	postcrm.SummaryStore
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
// and need no scope in their key. Each analysis is kept in the store
// too (postcrm.SummaryStore), under the same
// version, so that a restarted process reads it instead of analysing.
// The analyses use the store's calendar (calendar.Stored). Whoever
// measures owns a Cache: the web server one for its effect page and
// reports, a command one for its run. Safe for concurrent use; two
// callers missing at once both analyse, and the later one's result stays.
type Cache struct {
	mu      sync.Mutex
	entries map[cacheKey]cacheEntry
}

type cacheKey struct {
	src   VersionedSource // a store is a pointer, so comparable
	month postcrm.Month
	lag   int
}

type cacheEntry struct {
	version string
	later   laterSet
}

// MonthLag is a month whose follow-up is measured Lag months later.
type MonthLag struct {
	Month postcrm.Month
	Lag   int
}

// String reads "2026-08 +1".
func (m MonthLag) String() string { return fmt.Sprintf("%s +%d", m.Month, m.Lag) }

// maxCacheEntries bounds the cache: a page asks for a few months and two
// lags, the reports for one month.
const maxCacheEntries = 64

// MonthCases is MonthCases with the later month's analysis through the
// cache.
func (c *Cache) MonthCases(ctx context.Context, src VersionedSource, month postcrm.Month, lag int) ([]Case, error) {
	m, err := readMonth(ctx, src, month)
	if err != nil {
		return nil, err
	}
	return c.Cases(ctx, src, m, lag)
}

// Cases builds the cases of m, a month's follow-up as read in some scope
// (the store's ScopedFollowupMonth), seen lag months later, with the
// later month's analysis of the whole province through the cache.
func (c *Cache) Cases(ctx context.Context, src VersionedSource, m postcrm.FollowupMonth, lag int) ([]Case, error) {
	if len(m.Dispatches) == 0 {
		return nil, nil // nothing dispatched: no case, and no analysis to run
	}
	later, err := c.later(ctx, src, m.Month, lag)
	if err != nil {
		return nil, err
	}
	return later.cases(m), nil
}

// later is laterOf through the cache: the process's memory first, then
// the summary kept in the store, so that a
// restart does not analyse again; what it analyses it keeps in both.
func (c *Cache) later(ctx context.Context, src VersionedSource, month postcrm.Month, lag int) (laterSet, error) {
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
	later, found, err := readKeptLater(ctx, src, month, lag, version)
	if err != nil {
		return laterSet{}, err
	}
	if !found {
		ws, err := src.Warnings(ctx, month)
		if err != nil {
			return laterSet{}, err
		}
		cal, err := calendar.Stored(ctx, src)
		if err != nil {
			return laterSet{}, err
		}
		if later, err = laterOf(ctx, src, cal, month, lag, ws); err != nil {
			return laterSet{}, err
		}
		// Not kept (the store busy or failing), the analysis is still
		// right; the next process to miss it analyses again.
		_ = keepLater(ctx, src, month, lag, version, later)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil || len(c.entries) >= maxCacheEntries {
		c.entries = make(map[cacheKey]cacheEntry)
	}
	c.entries[key] = cacheEntry{version, later}
	return later, nil
}

// keptLater is a later month's analysis as kept in the store.
type keptLater struct {
	CityOf  map[string]string `json:"city_of"`
	Figures map[string]Later  `json:"figures"` // by customer code
}

// laterKey is where the analysis of month's warnings lag months on is
// kept: the province's, the same for every scope (see Cache).
func laterKey(month postcrm.Month, lag int) postcrm.SummaryKey {
	return postcrm.SummaryKey{Scope: "province", Name: fmt.Sprintf("measurement-lag%d", lag), Month: month}
}

// readKeptLater reads the kept analysis when it is of version.
func readKeptLater(ctx context.Context, s postcrm.SummaryStore, month postcrm.Month, lag int, version string) (laterSet, bool, error) {
	sum, found, err := s.Summary(ctx, laterKey(month, lag))
	if err != nil || !found || sum.Version != version {
		return laterSet{}, false, err
	}
	var k keptLater
	if err := json.Unmarshal(sum.Body, &k); err != nil {
		return laterSet{}, false, nil // an older shape: analyse again
	}
	return laterSet{cityOf: k.CityOf, figures: k.Figures}, true, nil
}

// keepLater stores an analysis at version.
func keepLater(ctx context.Context, s postcrm.SummaryStore, month postcrm.Month, lag int, version string, l laterSet) error {
	body, err := json.Marshal(keptLater{CityOf: l.cityOf, Figures: l.figures})
	if err != nil {
		return fmt.Errorf("keep the measurement of %d %d months on: %w", month, lag, err)
	}
	if err := s.SaveSummary(ctx, postcrm.Summary{SummaryKey: laterKey(month, lag), Version: version, Body: body}); err != nil {
		return fmt.Errorf("keep the measurement of %d %d months on: %w", month, lag, err)
	}
	return nil
}

// Warm measures, through c (and so into the store when it keeps
// summaries), what analysing month makes measurable or changes: the
// earlier months whose later month it is, and month itself against the
// later months already analysed (latest is the newest analysed month).
// It returns the months measured (those with dispatches), each with its
// lag. Run after an analysis, it spares the effect page and the reports
// the analysis on their first view.
func (c *Cache) Warm(ctx context.Context, src VersionedSource, month, latest postcrm.Month) ([]MonthLag, error) {
	var wanted []MonthLag
	for m := month.Add(-StickyMonths); m <= month; m = m.Add(1) {
		for lag := 1; lag <= StickyMonths; lag++ {
			later := m.Add(lag)
			if later <= latest && (m == month || later == month) {
				wanted = append(wanted, MonthLag{m, lag})
			}
		}
	}
	return c.measureAll(ctx, src, wanted)
}

// measureAll measures each month at its lag through c and lists those
// with dispatches (the others have nothing to measure).
func (c *Cache) measureAll(ctx context.Context, src VersionedSource, wanted []MonthLag) ([]MonthLag, error) {
	var done []MonthLag
	for _, w := range wanted {
		cases, err := c.MonthCases(ctx, src, w.Month, w.Lag)
		if err != nil {
			return done, err
		}
		if len(cases) > 0 {
			done = append(done, w)
		}
	}
	return done, nil
}

// WarmLatest measures, through c, what the pages open on once latest is
// the newest analysed month: the effect page's month (StickyMonths
// before, at every lag) and the reports' last month (one before, one
// month on). It returns those measured, as Warm does.
func (c *Cache) WarmLatest(ctx context.Context, src VersionedSource, latest postcrm.Month) ([]MonthLag, error) {
	effect := latest.Add(-StickyMonths)
	var wanted []MonthLag
	for lag := 1; lag <= StickyMonths; lag++ {
		wanted = append(wanted, MonthLag{effect, lag})
	}
	if reports := latest.Add(-1); reports != effect {
		wanted = append(wanted, MonthLag{reports, 1})
	}
	return c.measureAll(ctx, src, wanted)
}
