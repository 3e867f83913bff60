package storetest

import (
	"context"
	"slices"
	"testing"

	"postcrm"
	"postcrm/sqlstore"
)

// province is the scope that may assign any customer an owner.
var province = postcrm.Scope{Role: postcrm.RoleProvinceAdmin}

// withOwner is the fixture customer code with another owner (and name).
func withOwner(code, owner, name string) postcrm.Customer {
	i := slices.IndexFunc(fixtureCustomers, func(c postcrm.Customer) bool { return c.Code == code })
	c := fixtureCustomers[i]
	c.OwnerStaffID = owner
	if name != "" {
		c.Name = name
	}
	return c
}

func ownerOf(t *testing.T, s *sqlstore.Store, code string) string {
	t.Helper()
	for _, c := range must[[]postcrm.Customer](t)(s.Customers(context.Background())) {
		if c.Code == code {
			return c.OwnerStaffID
		}
	}
	t.Fatalf("no customer %s", code)
	return ""
}

// testPoolOwner: an owner given through the unowned pool survives a
// customers import that says unowned (the export predates it), and
// yields to one that names an owner, after which the CRM's owners rule.
func testPoolOwner(t *testing.T, st *sqlstore.Store) {
	ctx := context.Background()
	s := st
	applyFixtures(t, s) // KH0002 of 13010002 is unowned; 李娜 (S1003) is a courier there
	if err := s.AssignOwner(ctx, province, "KH0002", "S1003", postcrm.Actor{User: "P0001"}); err != nil {
		t.Fatal(err)
	}

	// The same export again: every row a duplicate, the owner kept.
	res := apply(t, s, postcrm.Batch{Kind: postcrm.KindCustomers, Customers: fixtureCustomers})
	if res != (postcrm.WriteResult{Unchanged: len(fixtureCustomers)}) || ownerOf(t, s, "KH0002") != "S1003" {
		t.Errorf("re-import of the export: %+v, owner %q, want all unchanged and S1003", res, ownerOf(t, s, "KH0002"))
	}
	if fixtureCustomers[1].OwnerStaffID != "" {
		t.Fatal("the store changed the caller's batch")
	}
	// An export with other news of the customer, still unowned.
	renamed := withOwner("KH0002", "", "石家庄常山纺织集团")
	res = apply(t, s, postcrm.Batch{Kind: postcrm.KindCustomers, Customers: []postcrm.Customer{renamed}})
	if res != (postcrm.WriteResult{Updated: 1}) || ownerOf(t, s, "KH0002") != "S1003" {
		t.Errorf("unowned with a new name: %+v, owner %q, want updated and S1003", res, ownerOf(t, s, "KH0002"))
	}
	if pool := must[[]postcrm.UnownedCustomer](t)(s.UnownedPool(ctx, province, 202401, 203012)); len(pool) != 0 {
		t.Errorf("the pool lists %+v after the import", pool)
	}

	// An owner in the export wins, and from then on the export rules:
	// unowned in a later one clears it.
	res = apply(t, s, postcrm.Batch{Kind: postcrm.KindCustomers, Customers: []postcrm.Customer{withOwner("KH0002", "S1003", renamed.Name)}})
	if res != (postcrm.WriteResult{Unchanged: 1}) {
		t.Errorf("the export naming the pool's owner: %+v, want unchanged", res)
	}
	apply(t, s, postcrm.Batch{Kind: postcrm.KindCustomers, Customers: []postcrm.Customer{renamed}})
	if got := ownerOf(t, s, "KH0002"); got != "" {
		t.Errorf("unowned after the export named the owner: owner %q, want none", got)
	}

	// Within one batch the rows count in order: naming an owner ends the
	// pool's claim for a later unowned row too.
	if err := s.AssignOwner(ctx, province, "KH0002", "S1003", postcrm.Actor{User: "P0001"}); err != nil {
		t.Fatal(err)
	}
	apply(t, s, postcrm.Batch{Kind: postcrm.KindCustomers, Customers: []postcrm.Customer{withOwner("KH0002", "S1001", ""), renamed}})
	if got := ownerOf(t, s, "KH0002"); got != "" {
		t.Errorf("owner named, then unowned in one batch: owner %q, want none", got)
	}

	// A move to another office ends the pool's claim: the owner was a
	// courier of the old office.
	if err := s.AssignOwner(ctx, province, "KH0002", "S1003", postcrm.Actor{User: "P0001"}); err != nil {
		t.Fatal(err)
	}
	moved := renamed
	moved.OfficeCode = "13010001"
	apply(t, s, postcrm.Batch{Kind: postcrm.KindCustomers, Customers: []postcrm.Customer{moved}})
	if got := ownerOf(t, s, "KH0002"); got != "" {
		t.Errorf("unowned in another office: owner %q, want none", got)
	}
	apply(t, s, postcrm.Batch{Kind: postcrm.KindCustomers, Customers: []postcrm.Customer{renamed}})
	if got := ownerOf(t, s, "KH0002"); got != "" {
		t.Errorf("back in the old office after the move: owner %q, want none", got)
	}

	// An owner the CRM gave is not the pool's: unowned clears it.
	apply(t, s, postcrm.Batch{Kind: postcrm.KindCustomers, Customers: []postcrm.Customer{withOwner("KH0001", "", "")}})
	if got := ownerOf(t, s, "KH0001"); got != "" {
		t.Errorf("the CRM's own owner kept against unowned: %q", got)
	}
}

// testPoolOwnerBackfill: assignments made before migration 0011 are read
// from the audit log, where the owner they gave is still the owner.
func testPoolOwnerBackfill(t *testing.T, st *sqlstore.Store) {
	ctx := context.Background()
	s := st
	raw := st
	applyFixtures(t, s)
	by := postcrm.Actor{User: "P0001"}
	// KH0002 from the pool to 李娜; KH0001 to 王芳, then the export named 张伟.
	for _, a := range []struct{ code, owner string }{{"KH0002", "S1003"}, {"KH0001", "S1002"}} {
		if err := s.AssignOwner(ctx, province, a.code, a.owner, by); err != nil {
			t.Fatal(err)
		}
	}
	apply(t, s, postcrm.Batch{Kind: postcrm.KindCustomers, Customers: []postcrm.Customer{withOwner("KH0001", "S1001", "")}})
	for _, q := range []string{"DROP INDEX customers_pool_owner", "ALTER TABLE customers DROP COLUMN pool_owner",
		"DELETE FROM schema_migrations WHERE name = '0011_pool_owner.sql'"} {
		if _, err := raw.DB().ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	apply(t, s, postcrm.Batch{Kind: postcrm.KindCustomers, Customers: []postcrm.Customer{withOwner("KH0001", "", ""), withOwner("KH0002", "", "")}})
	if got := ownerOf(t, s, "KH0002"); got != "S1003" {
		t.Errorf("KH0002 given 李娜 from the pool before 0011: owner %q after an unowned import", got)
	}
	if got := ownerOf(t, s, "KH0001"); got != "" {
		t.Errorf("KH0001, whose pool owner the export replaced: owner %q after an unowned import, want none", got)
	}
}
