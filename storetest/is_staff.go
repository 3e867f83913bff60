package storetest

import (
	"context"
	"testing"

	"postcrm/sqlstore"
)

// testIsStaff: every staff ID of the org data is staff, whatever its role
// and whether it has an office; a name that is not, an empty one and one
// that differs only in case are not.
func testIsStaff(t *testing.T, st *sqlstore.Store) {
	ctx := context.Background()
	s := st
	if got, err := s.IsStaff(ctx, fixtureStaff[0].ID); err != nil || got {
		t.Errorf("before the org data: %v, %v", got, err)
	}
	applyFixtures(t, s)
	for _, p := range fixtureStaff {
		if got, err := s.IsStaff(ctx, p.ID); err != nil || !got {
			t.Errorf("%s (%s): %v, %v", p.ID, p.Role, got, err)
		}
	}
	for _, name := range []string{"S9999", "", "admin", "s1001", fixtureStaff[0].ID + " "} {
		if got, err := s.IsStaff(ctx, name); err != nil || got {
			t.Errorf("%q: %v, %v", name, got, err)
		}
	}
}
