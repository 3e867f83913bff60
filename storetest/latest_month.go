package storetest

import (
	"context"
	"slices"
	"testing"

	"postcrm"
	"postcrm/sqlstore"
)

// testLatestWarningMonth: the newest month with a warning the scope may
// open, 0 without any; it follows the stored months, not the calendar.
func testLatestWarningMonth(t *testing.T, st *sqlstore.Store) {
	ctx := context.Background()
	s := st
	province := postcrm.Scope{Role: postcrm.RoleProvinceAdmin}
	if got := must[postcrm.Month](t)(s.LatestWarningMonth(ctx, province)); got != 0 {
		t.Errorf("without warnings: %d, want 0", got)
	}
	applyScoped(t, s, scopeUsers()...)
	check := func(what string, months ...postcrm.Month) {
		t.Helper()
		for _, c := range scopeCases {
			want := postcrm.Month(0)
			for _, w := range scopedWarnings {
				if c.opens(w) && slices.Contains(months, w.Month) {
					want = max(want, w.Month)
				}
			}
			sc := postcrm.ScopeOf(must[postcrm.User](t)(s.User(ctx, c.user)))
			if got := must[postcrm.Month](t)(s.LatestWarningMonth(ctx, sc)); got != want {
				t.Errorf("%s, %s: %d, want %d", what, c.user, got, want)
			}
		}
	}
	check("March and April", 202403, april)
	// April's analysis re-run without warnings leaves March the latest.
	if err := s.SaveWarnings(ctx, april, analysisKinds, nil); err != nil {
		t.Fatal(err)
	}
	check("March only", 202403)
}
