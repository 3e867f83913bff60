package web

import (
	"context"
	"encoding/json"
	"log/slog"
	"sync"

	"postcrm"
)

// keeper serves figures from summaries kept in the database: a figure is
// computed once per data version (and whatever else its version names,
// such as the day) and read back from then on, by this process and after
// a restart. Concurrent requests missing the same summary wait for one
// computation instead of each running it.
type keeper struct {
	store postcrm.SummaryStore // nil keeps nothing: every read computes afresh
	locks sync.Map             // postcrm.SummaryKey -> *sync.Mutex
	log   *slog.Logger
}

// kept is the summary under key at version, computed with compute and
// stored when none is kept at that version. A summary that cannot be
// stored is still served: keeping it is a saving, not a condition.
func kept[T any](ctx context.Context, k *keeper, key postcrm.SummaryKey, version func() (string, error), compute func() (T, error)) (T, error) {
	var v T
	if k.store == nil {
		return compute()
	}
	ver, err := version()
	if err != nil {
		return v, err
	}
	if ok, err := k.read(ctx, key, ver, &v); ok || err != nil {
		return v, err
	}
	mu, _ := k.locks.LoadOrStore(key, new(sync.Mutex))
	mu.(*sync.Mutex).Lock()
	defer mu.(*sync.Mutex).Unlock()
	if ok, err := k.read(ctx, key, ver, &v); ok || err != nil {
		return v, err // another request computed it meanwhile
	}
	if v, err = compute(); err != nil {
		return v, err
	}
	body, err := json.Marshal(v)
	if err != nil { // a figure JSON cannot hold: serve it, keep nothing
		k.log.Warn("summary not kept", "name", key.Name, "scope", key.Scope, "err", err)
		return v, nil
	}
	// Computed after ver was read, the figures are at least that new: a
	// change committed meanwhile has a later version, which the next read
	// finds stale.
	if err := k.store.SaveSummary(ctx, postcrm.Summary{SummaryKey: key, Version: ver, Body: body}); err != nil {
		k.log.Warn("summary not kept", "name", key.Name, "scope", key.Scope, "err", err)
	}
	return v, nil
}

// read decodes the summary under key into v when it is kept at version.
func (k *keeper) read(ctx context.Context, key postcrm.SummaryKey, version string, v any) (bool, error) {
	s, found, err := k.store.Summary(ctx, key)
	if err != nil || !found || s.Version != version {
		return false, err
	}
	if err := json.Unmarshal(s.Body, v); err != nil {
		return false, nil // a body of an older shape: compute it again
	}
	return true, nil
}

// dataVersion is the store's data versions, for a summary that every
// kind of write may change.
func (k *keeper) dataVersion(ctx context.Context) (string, error) {
	v, err := k.store.DataVersions(ctx)
	if err != nil {
		return "", err
	}
	return v.String(), nil
}
