package storetest

import (
	"context"
	"errors"
	"slices"
	"testing"

	"postcrm"
	"postcrm/sqlstore"
)

// testOfficeStaff: the staff of the offices asked for that the scope
// holds, whole records by office and ID; nothing for a courier, for no
// office or an unknown one.
func testOfficeStaff(t *testing.T, st *sqlstore.Store) {
	ctx := context.Background()
	s := st
	applyScoped(t, s, scopeUsers()...)
	three := []string{"13020001", "13010002", "13010001"} // not in order: the read sorts
	for _, c := range []struct {
		user    string
		offices []string
		want    []string // staff IDs
	}{
		{"P0001", three, []string{"S1001", "S1002", "S1003", "S2001"}},
		{"P0001", []string{"13020002"}, []string{"S2002"}},
		{"P0001", []string{"13990001"}, nil},
		{"P0001", nil, nil},
		{"C0101", three, []string{"S1001", "S1002", "S1003"}},
		{"C0101", []string{"13020002"}, nil},
		{"S1002", three, []string{"S1001", "S1002"}},
		{"S1001", three, nil},
	} {
		got, err := s.OfficeStaff(ctx, scopeOf(t, s, c.user), c.offices)
		var want []postcrm.Staff
		for _, id := range c.want {
			want = append(want, fixtureStaff[slices.IndexFunc(fixtureStaff, func(p postcrm.Staff) bool { return p.ID == id })])
		}
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("%s, offices %v: %+v, %v; want %+v", c.user, c.offices, got, err, want)
		}
	}
	for _, sc := range malformedScopes {
		if got, err := s.OfficeStaff(ctx, sc, three); err == nil || errors.Is(err, postcrm.ErrNotFound) || len(got) > 0 {
			t.Errorf("staff in malformed scope %+v: %v, %v; want an error", sc, got, err)
		}
	}
}
