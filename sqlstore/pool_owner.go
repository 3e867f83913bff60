package sqlstore

import (
	"slices"

	"postcrm"
)

// The CRM export is the master of owners, but a manager who gives an
// unowned customer (未管户) an owner from the pool acts after the export
// was taken: re-importing that export, or an older one, must not undo it.
// The export carries no date, so the rule is the conservative one: an
// owner given through the pool is kept (customers.pool_owner, while it is
// the owner) against an import that says unowned; an import naming an
// owner, or moving the customer to another office (whose couriers the
// pool's owner is not among), always wins and ends the pool's claim.

// poolOwned is a customer whose owner was given through the pool.
type poolOwned struct{ code, owner, office string }

// poolOwnersSelect reads them; the partial index of migration 0011 keeps
// it to those few rows.
const poolOwnersSelect = "SELECT code, owner_staff_id, office_code FROM customers WHERE pool_owner <> '' AND pool_owner = owner_staff_id"

// applyCustomers writes a customers batch, keeping the pool's owners.
func (w *writer) applyCustomers(recs []postcrm.Customer) (postcrm.WriteResult, error) {
	if w.allNew { // no key is stored, so none has a pool owner
		res, _, err := applyRecords(w, &customersTable, recs)
		return res, err
	}
	var pool []poolOwned
	err := w.query(stmtKey{text: poolOwnersSelect}, func() string { return poolOwnersSelect }, nil, func(s scanner) error {
		var p poolOwned
		err := s.Scan(&p.code, &p.owner, &p.office)
		pool = append(pool, p)
		return err
	})
	if err != nil {
		return postcrm.WriteResult{}, err
	}
	recs, named := keepPoolOwners(recs, pool)
	res, _, err := applyRecords(w, &customersTable, recs)
	if err != nil || len(named) == 0 {
		return res, err
	}
	return res, byKeys(w, "UPDATE customers SET pool_owner = '' WHERE code", named, w.exec)
}

// keepPoolOwners gives the records that say unowned, in the office the
// pool's owner was given in, that owner (in batch order: after a row
// naming an owner or another office, not any more), copying recs rather
// than changing the caller's batch, and lists the pool's customers whose
// claim the batch ends.
func keepPoolOwners(recs []postcrm.Customer, pool []poolOwned) ([]postcrm.Customer, []string) {
	if len(pool) == 0 {
		return recs, nil
	}
	owners := make(map[string]poolOwned, len(pool))
	for _, p := range pool {
		owners[p.code] = p
	}
	var named []string
	copied := false
	for i := range recs {
		p, ok := owners[recs[i].Code]
		switch {
		case !ok:
		case recs[i].OwnerStaffID != "" || recs[i].OfficeCode != p.office:
			// From here on the CRM's owners rule this customer, also for
			// a later row of the same batch.
			named = append(named, recs[i].Code)
			delete(owners, recs[i].Code)
		default:
			if !copied {
				recs, copied = slices.Clone(recs), true
			}
			recs[i].OwnerStaffID = p.owner
		}
	}
	return recs, named
}
