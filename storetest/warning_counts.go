package storetest

import (
	"context"
	"errors"
	"maps"
	"testing"

	"postcrm"
	"postcrm/sqlstore"
)

// testWarningCounts: a month's warnings in scope by kind are the kinds of
// what ScopedWarnings lists, before the dispatch and after it (when the
// held-out ones leave the managers' counts).
func testWarningCounts(t *testing.T, st *sqlstore.Store) {
	ctx := context.Background()
	s := st
	applyScoped(t, s, append(scopeUsers(), "S2001")...)
	check := func(when string, month postcrm.Month) {
		t.Helper()
		for _, user := range append(scopeUsers(), "S2001") {
			sc := scopeOf(t, s, user)
			got, err := s.WarningCounts(ctx, sc, month)
			listed := must[[]postcrm.WarningRow](t)(firstOf(s.ScopedWarnings(ctx, sc, postcrm.WarningQuery{Month: month})))
			want := map[postcrm.WarningKind]int{}
			for _, r := range listed {
				want[r.Kind]++
			}
			if err != nil || !maps.Equal(got, want) {
				t.Errorf("%s, %s, %d: %v, %v; want %v", when, user, month, got, err, want)
			}
		}
	}
	for _, month := range []postcrm.Month{202403, april, 202405} {
		check("before the dispatch", month)
	}
	// The fixture's own figures, so that a wrong list cannot vouch for a
	// wrong count: S1002's office has two April declines, KH0004's
	// held out by the dispatch.
	s1002 := scopeOf(t, s, "S1002")
	want := map[postcrm.WarningKind]int{postcrm.WarnDecline: 2, postcrm.WarnWalkinChurn: 1}
	if got := must[map[postcrm.WarningKind]int](t)(s.WarningCounts(ctx, s1002, april)); !maps.Equal(got, want) {
		t.Errorf("S1002 in April before the dispatch: %v, want %v", got, want)
	}
	dispatchApril(t, s)
	check("after the dispatch", april)
	want[postcrm.WarnDecline] = 1
	if got := must[map[postcrm.WarningKind]int](t)(s.WarningCounts(ctx, s1002, april)); !maps.Equal(got, want) {
		t.Errorf("S1002 in April after the dispatch: %v, want %v", got, want)
	}
	for _, sc := range malformedScopes {
		if got, err := s.WarningCounts(ctx, sc, april); err == nil || errors.Is(err, postcrm.ErrNotFound) || len(got) > 0 {
			t.Errorf("counts in malformed scope %+v: %v, %v; want an error", sc, got, err)
		}
	}
}
