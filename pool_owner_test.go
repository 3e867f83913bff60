package postcrm

import (
	"slices"
	"testing"
)

func TestPoolOwnerStands(t *testing.T) {
	p := PoolOwner{Code: "KH1", Owner: "S1", Office: "O1"}
	for _, c := range []struct {
		name string
		row  Customer
		want bool
	}{
		{"unowned, same office", Customer{Code: "KH1", OfficeCode: "O1"}, true},
		{"an owner named", Customer{Code: "KH1", OfficeCode: "O1", OwnerStaffID: "S2"}, false},
		{"the pool's owner named", Customer{Code: "KH1", OfficeCode: "O1", OwnerStaffID: "S1"}, false},
		{"moved to another office", Customer{Code: "KH1", OfficeCode: "O2"}, false},
	} {
		if got := p.Stands(c.row); got != c.want {
			t.Errorf("%s: Stands = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestKeepPoolOwners(t *testing.T) {
	pool := []PoolOwner{{Code: "KH1", Owner: "S1", Office: "O1"}, {Code: "KH2", Owner: "S2", Office: "O1"},
		{Code: "KH3", Owner: "S3", Office: "O1"}}
	batch := []Customer{
		{Code: "KH1", OfficeCode: "O1"},                     // unowned: the pool's S1 stays
		{Code: "KH2", OfficeCode: "O1", OwnerStaffID: "S9"}, // named: the CRM wins
		{Code: "KH2", OfficeCode: "O1"},                     // later in the batch: the claim is over
		{Code: "KH3", OfficeCode: "O2"},                     // moved: the CRM wins
		{Code: "KH4", OfficeCode: "O1"},                     // never in the pool
	}
	before := slices.Clone(batch)
	kept, ended := KeepPoolOwners(batch, pool)
	owners := make([]string, len(kept))
	for i, c := range kept {
		owners[i] = c.OwnerStaffID
	}
	if want := []string{"S1", "S9", "", "", ""}; !slices.Equal(owners, want) {
		t.Errorf("owners after the import %q, want %q", owners, want)
	}
	if want := []string{"KH2", "KH3"}; !slices.Equal(ended, want) {
		t.Errorf("ended claims %q, want %q", ended, want)
	}
	if !slices.Equal(batch, before) {
		t.Errorf("the caller's batch was changed: %+v", batch)
	}
	if kept, ended := KeepPoolOwners(batch, nil); &kept[0] != &batch[0] || ended != nil {
		t.Errorf("without a pool the batch is not passed through: %+v %q", kept, ended)
	}
}
