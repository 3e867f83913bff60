package storetest

import (
	"context"
	"slices"
	"testing"

	"postcrm"
	"postcrm/sqlstore"
)

// testDispatchCounts: the dashboards' sums of April's dispatches within
// each scope, after S1001 closed KH0001 with a contact; the held-out
// KH0004 counts nowhere.
func testDispatchCounts(t *testing.T, st *sqlstore.Store) {
	ctx := context.Background()
	s, ids := dispatchedApril(t, st)
	must[postcrm.Contact](t)(s.AddContact(ctx, scopeOf(t, s, "S1001"), contact(ids["KH0001"], postcrm.OutcomeLost, "price"), postcrm.Actor{User: "S1001"}))
	on := aprilDispatched
	count := func(kind postcrm.WarningKind, status postcrm.DispatchStatus, contacted bool, n int) postcrm.DispatchCount {
		return postcrm.DispatchCount{Kind: kind, Status: status, DispatchedOn: on, Contacted: contacted, N: n}
	}
	churnOpen := count(postcrm.WarnChurn, postcrm.StatusOpen, false, 1)         // KH0002
	declineClosed := count(postcrm.WarnDecline, postcrm.StatusClosed, true, 1)  // KH0001
	declineOpen := count(postcrm.WarnDecline, postcrm.StatusOpen, false, 1)     // KH0003
	walkinsOpen := count(postcrm.WarnWalkinChurn, postcrm.StatusOpen, false, 2) // both walk-ins
	walkinOpen := count(postcrm.WarnWalkinChurn, postcrm.StatusOpen, false, 1)  // 13700000001
	for _, c := range []struct {
		user string
		want []postcrm.DispatchCount
	}{
		{"P0001", []postcrm.DispatchCount{churnOpen, declineClosed, declineOpen, walkinsOpen}},
		{"C0101", []postcrm.DispatchCount{churnOpen, declineClosed, walkinOpen}},
		{"S1001", []postcrm.DispatchCount{declineClosed}},
		{"S2001", []postcrm.DispatchCount{declineOpen}},
	} {
		got := must[[]postcrm.DispatchCount](t)(s.DispatchCounts(ctx, scopeOf(t, s, c.user), april))
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: counts\n%+v\nwant\n%+v", c.user, got, c.want)
		}
	}
	if got := must[[]postcrm.DispatchCount](t)(s.DispatchCounts(ctx, scopeOf(t, s, "P0001"), 202405)); len(got) != 0 {
		t.Errorf("May, not dispatched: %+v", got)
	}
}
