package storetest

import (
	"context"
	"errors"
	"slices"
	"testing"

	"postcrm"
	"postcrm/sqlstore"
)

// testScopedFollowupMonth: a manager's follow-up month is the whole
// province's restricted to the offices in their scope, the held-out
// dispatches there included (the effect page sums them); a courier's is
// refused.
func testScopedFollowupMonth(t *testing.T, st *sqlstore.Store) {
	ctx := context.Background()
	s, ids := dispatchedApril(t, st)
	for k, by := range map[string]string{"KH0001": "S1001", "KH0003": "S2001"} {
		c := contact(ids[k], postcrm.OutcomeLost, "price")
		c.StaffID = by
		if _, err := s.AddContact(ctx, postcrm.Scope{Role: postcrm.RoleProvinceAdmin}, c, postcrm.Actor{User: by}); err != nil {
			t.Fatal(err)
		}
	}
	ws := must[[]postcrm.Warning](t)(s.Warnings(ctx, april))
	ds := must[[]postcrm.Dispatch](t)(s.Dispatches(ctx, april))
	cs := must[[]postcrm.Contact](t)(s.MonthContacts(ctx, april))
	officeOf := map[int64]string{}
	for _, d := range ds {
		officeOf[d.WarningID] = d.OfficeCode
	}
	for _, user := range []string{"P0001", "C0101", "S1002"} {
		sc := scopeOf(t, s, user)
		offices := scopeOffices(sc)
		in := func(office string) bool { return slices.Contains(offices, office) }
		m, err := s.ScopedFollowupMonth(ctx, sc, april)
		if err != nil {
			t.Fatalf("%s: %v", user, err)
		}
		wantWs := keep(ws, func(w postcrm.Warning) bool { return in(w.OfficeCode) })
		slices.SortFunc(wantWs, func(a, b postcrm.Warning) int { return int(a.ID - b.ID) })
		if m.Month != april || !slices.Equal(m.Warnings, wantWs) {
			t.Errorf("%s: warnings %+v, want %+v", user, m.Warnings, wantWs)
		}
		if want := keep(ds, func(d postcrm.Dispatch) bool { return in(d.OfficeCode) }); !slices.Equal(m.Dispatches, want) {
			t.Errorf("%s: dispatches %+v, want %+v", user, m.Dispatches, want)
		}
		if want := keep(cs, func(c postcrm.Contact) bool { return in(officeOf[c.WarningID]) }); !equalContacts(m.Contacts, want) {
			t.Errorf("%s: contacts %+v, want %+v", user, m.Contacts, want)
		}
	}
	// The city's held-out KH0004 is there for the sums.
	city := must[postcrm.FollowupMonth](t)(s.ScopedFollowupMonth(ctx, scopeOf(t, s, "C0101"), april))
	if !slices.ContainsFunc(city.Dispatches, func(d postcrm.Dispatch) bool { return d.HeldOut && d.WarningID == ids["KH0004"] }) {
		t.Errorf("the city's follow-up month lacks its held-out dispatch: %+v", city.Dispatches)
	}
	_, err := s.ScopedFollowupMonth(ctx, scopeOf(t, s, "S1001"), april)
	if errs := postcrm.Errors(err); !errors.Is(err, postcrm.ErrNotAllowed) || len(errs) != 1 || errs[0].Code != postcrm.CodeMonthByCourier {
		t.Errorf("a courier's follow-up month: %v, want the coded refusal %s", err, postcrm.CodeMonthByCourier)
	}
}

func keep[T any](all []T, ok func(T) bool) []T {
	var out []T
	for _, v := range all {
		if ok(v) {
			out = append(out, v)
		}
	}
	return out
}

// equalContacts compares contacts, their recording times as instants.
func equalContacts(a, b []postcrm.Contact) bool {
	return slices.EqualFunc(a, b, func(x, y postcrm.Contact) bool {
		x.RecordedAt, y.RecordedAt = x.RecordedAt.UTC(), y.RecordedAt.UTC()
		return x == y
	})
}
