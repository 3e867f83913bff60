package sqlstore

import (
	"postcrm"
)

// An owner given through the unowned pool is kept against an import that
// says unowned (postcrm.KeepPoolOwners decides); customers.pool_owner
// records it while it is the owner.

// poolOwnersSelect reads the pool's owners; the partial index of
// migration 0011 keeps it to those few rows.
const poolOwnersSelect = "SELECT code, owner_staff_id, office_code FROM customers WHERE pool_owner <> '' AND pool_owner = owner_staff_id"

// applyCustomers writes a customers batch, keeping the pool's owners.
func (w *writer) applyCustomers(recs []postcrm.Customer) (postcrm.WriteResult, error) {
	if w.allNew { // no key is stored, so none has a pool owner
		res, _, err := applyRecords(w, &customersTable, recs)
		return res, err
	}
	var pool []postcrm.PoolOwner
	err := w.query(stmtKey{text: poolOwnersSelect}, func() string { return poolOwnersSelect }, nil, func(s scanner) error {
		var p postcrm.PoolOwner
		err := s.Scan(&p.Code, &p.Owner, &p.Office)
		pool = append(pool, p)
		return err
	})
	if err != nil {
		return postcrm.WriteResult{}, err
	}
	recs, ended := postcrm.KeepPoolOwners(recs, pool)
	res, _, err := applyRecords(w, &customersTable, recs)
	if err != nil || len(ended) == 0 {
		return res, err
	}
	return res, byKeys(w.s, "UPDATE customers SET pool_owner = '' WHERE code", ended, w.exec)
}
