package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"postcrm"
)

// writer is one writing transaction.
type writer struct {
	s    *Store
	ctx  context.Context
	conn *sql.Conn // the transaction's connection, for Dialect.CopyRows
	tx   *sql.Tx
	args []any // reused by the multi-row statements
	// allNew inserts records without looking their keys up, failing with
	// errStoredKeys at the first key that is stored already.
	allNew bool
}

// errStoredKeys ends a transaction that expected only new keys.
var errStoredKeys = errors.New("some keys are stored already")

// Apply writes a batch and its findings in one transaction. Where the
// dialect can insert new keys while skipping or failing at stored ones
// (InsertIgnore, CopyNew), the batch is first written as if all its keys
// were new, which spares looking them up; if some were stored, that
// transaction is rolled back (in WAL mode SQLite just drops its pages)
// and the batch is compared with the stored records instead.
func (s *Store) Apply(ctx context.Context, b postcrm.Batch) (postcrm.WriteResult, error) {
	if s.d.InsertIgnore != "" || s.d.CopyNew {
		res, err := s.apply(ctx, b, true)
		if !errors.Is(err, errStoredKeys) {
			return res, err
		}
	}
	return s.apply(ctx, b, false)
}

func (s *Store) apply(ctx context.Context, b postcrm.Batch, allNew bool) (postcrm.WriteResult, error) {
	var res postcrm.WriteResult
	err := s.inTx(ctx, func(w *writer) error {
		w.allNew = allNew
		if err := w.bump(versionImports); err != nil {
			return err
		}
		var err error
		switch b.Kind {
		case postcrm.KindOrg:
			// Offices come with the staff rows that name them: the rows
			// are what the importer counts.
			if _, _, err = applyRecords(w, &officesTable, b.Offices); err == nil {
				res, _, err = applyRecords(w, &staffTable, b.Staff)
			}
		case postcrm.KindCustomers:
			res, err = w.applyCustomers(b.Customers)
		case postcrm.KindWaybills:
			res, err = w.applyWaybills(b.Waybills)
		case postcrm.KindMembers:
			res, _, err = applyRecords(w, &membersTable, b.Members)
		case postcrm.KindSuspensions:
			res, err = w.applySuspensions(b.Suspensions)
		case postcrm.KindAdjustments:
			res, err = w.applyAdjustments(b.Adjustments)
		case postcrm.KindHubVehicles, postcrm.KindHubCounts, postcrm.KindHubRoster, postcrm.KindHubQuotas:
			// A hub file's batch carries its rejected rows' findings
			// only: its records are the hub store's (SaveHubVehicles …).
		default:
			err = fmt.Errorf("unknown batch kind %q", b.Kind)
		}
		if err != nil {
			return err
		}
		res.Add(b.Counted)
		if err := w.auditEntries(b.Audit); err != nil {
			return err
		}
		if b.Checkpoint != nil {
			if err := w.saveCheckpoint(b.Checkpoint, res); err != nil {
				return err
			}
		}
		return w.storeFindings(b.Findings)
	})
	if err != nil {
		return postcrm.WriteResult{}, fmt.Errorf("apply %s batch: %w", b.Kind, err)
	}
	return res, nil
}

// inTx runs fn in a transaction on a connection of its own, committing
// only when fn succeeds.
func (s *Store) inTx(ctx context.Context, fn func(*writer) error) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := s.lockedRun(&writer{s: s, ctx: ctx, conn: conn, tx: tx}, fn); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// lockedRun takes the dialect's write lock, if it has one, then runs fn.
func (s *Store) lockedRun(w *writer, fn func(*writer) error) error {
	if s.d.WriteLock != "" {
		if err := s.exec(w.ctx, w.tx, s.d.WriteLock); err != nil {
			return err
		}
	}
	return fn(w)
}

// applyWaybills upserts the waybills and moves their rollups: a changed
// waybill takes its old contribution out before adding the new one.
func (w *writer) applyWaybills(recs []postcrm.Waybill) (postcrm.WriteResult, error) {
	recs, pruned, err := w.keptWaybills(recs)
	if err != nil {
		return postcrm.WriteResult{}, err
	}
	res, changes, err := applyRecords(w, &waybillsTable, recs)
	res.Unchanged += pruned
	if err != nil {
		return res, err
	}
	var r waybillRollups
	r.init(len(changes))
	for _, c := range changes {
		if c.old != nil {
			r.add(c.old, -1)
		}
		r.add(c.new, 1)
	}
	return res, r.write(w)
}
