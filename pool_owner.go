package postcrm

import "slices"

// The CRM export is the master of owners, but a manager who gives an
// unowned customer (未管户) an owner from the pool acts after the export
// was taken: re-importing that export, or an older one, must not undo it.
// The export carries no date, so the rule is the conservative one: an
// owner given through the pool is kept against an import that says
// unowned; an import naming an owner, or moving the customer to another
// office (whose couriers the pool's owner is not among), always wins and
// ends the pool's claim.

// PoolOwner is a customer whose owner was given through the pool, in
// the office it was given in.
type PoolOwner struct {
	Code   string // the customer
	Owner  string // staff ID
	Office string
}

// Stands reports whether the pool's owner stands against an imported
// row of its customer: only a row saying unowned in the same office
// leaves it.
func (p PoolOwner) Stands(imported Customer) bool {
	return imported.OwnerStaffID == "" && imported.OfficeCode == p.Office
}

// KeepPoolOwners gives the imported rows the pool owners that stand
// against them, in batch order (after a row naming an owner or another
// office, not any more), copying recs rather than changing the caller's
// batch; ended lists the pool's customers whose claim the batch ends.
func KeepPoolOwners(recs []Customer, pool []PoolOwner) (kept []Customer, ended []string) {
	if len(pool) == 0 {
		return recs, nil
	}
	owners := make(map[string]PoolOwner, len(pool))
	for _, p := range pool {
		owners[p.Code] = p
	}
	copied := false
	for i := range recs {
		p, ok := owners[recs[i].Code]
		switch {
		case !ok:
		case !p.Stands(recs[i]):
			// From here on the CRM's owners rule this customer, also for
			// a later row of the same batch.
			ended = append(ended, recs[i].Code)
			delete(owners, recs[i].Code)
		default:
			if !copied {
				recs, copied = slices.Clone(recs), true
			}
			recs[i].OwnerStaffID = p.Owner
		}
	}
	return recs, ended
}
