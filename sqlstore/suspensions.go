package sqlstore

import (
	"context"
	"errors"
	"fmt"

	"postcrm"
)

// An office's suspension is kept as an adjustment of kind suspend scoped
// to the office (see postcrm.SuspensionAdjustment), keyed by office and
// first day in its ID; the suspension register and `postcrm suspend`
// read and write those rows only.
var suspensionsTable = newTable(table[postcrm.Suspension]{
	name: "adjustments",
	cols: []string{"id", "scope", "kind", "from_day", "to_day", "reason", "status"},
	key:  func(sp *postcrm.Suspension) string { return postcrm.SuspensionID(sp.OfficeCode, sp.From) },
	same: equal[postcrm.Suspension],
	args: func(sp *postcrm.Suspension, a []any) []any {
		return append(a, postcrm.SuspensionID(sp.OfficeCode, sp.From), sp.OfficeCode, string(postcrm.AdjustSuspend),
			int64(sp.From), int64(sp.To), sp.Reason, string(postcrm.AdjustApproved))
	},
	scan: func(s scanner, sp *postcrm.Suspension) error {
		var id, kind, status string
		var from, to int64
		err := s.Scan(&id, &sp.OfficeCode, &kind, &from, &to, &sp.Reason, &status)
		sp.From, sp.To = postcrm.Date(from), postcrm.Date(to)
		return err
	},
})

// applySuspensions writes a suspensions batch as Apply writes records,
// after checking every row.
func (w *writer) applySuspensions(sps []postcrm.Suspension) (postcrm.WriteResult, error) {
	for i := range sps {
		if err := checkSuspension(&sps[i]); err != nil {
			return postcrm.WriteResult{}, fmt.Errorf("suspension of office %q from %s: %w", sps[i].OfficeCode, sps[i].From, err)
		}
	}
	res, _, err := applyRecords(w, &suspensionsTable, sps)
	return res, err
}

// checkSuspension rejects what the analysis could not count days of.
func checkSuspension(s *postcrm.Suspension) error {
	switch {
	case s.OfficeCode == "":
		return errors.New("no office code")
	case !s.From.Valid():
		return fmt.Errorf("first day %d is not a date", s.From)
	case !s.To.Valid():
		return fmt.Errorf("last day %d is not a date", s.To)
	case s.To < s.From:
		return fmt.Errorf("last day %s is before the first %s", s.To, s.From)
	}
	return nil
}

// SaveSuspension upserts sp by office and first day.
func (s *Store) SaveSuspension(ctx context.Context, sp postcrm.Suspension) error {
	if err := checkSuspension(&sp); err != nil {
		return fmt.Errorf("save suspension of office %q from %s: %w", sp.OfficeCode, sp.From, err)
	}
	err := s.inTx(ctx, func(w *writer) error {
		if err := w.bump(versionImports); err != nil {
			return err
		}
		return w.writeRows(&suspensionsTable.upsert, 1, func(_ int, a []any) []any { return suspensionsTable.args(&sp, a) })
	})
	if err != nil {
		return fmt.Errorf("save suspension of office %q from %s: %w", sp.OfficeCode, sp.From, err)
	}
	return nil
}

// DeleteSuspension deletes the office's suspension starting on from, if
// there is one.
func (s *Store) DeleteSuspension(ctx context.Context, officeCode string, from postcrm.Date) error {
	err := s.inTx(ctx, func(w *writer) error {
		if err := w.bump(versionImports); err != nil {
			return err
		}
		return s.exec(ctx, w.tx, "DELETE FROM adjustments WHERE id = ?", postcrm.SuspensionID(officeCode, from))
	})
	if err != nil {
		return fmt.Errorf("delete suspension of office %q from %s: %w", officeCode, from, err)
	}
	return nil
}

// Suspensions lists the offices' suspensions by office and first day:
// the approved adjustments of kind suspend scoped to one office, with a
// last day: those the suspension register, `postcrm suspend add` or the
// migration of the old register wrote, and those of the adjustments
// register (which `suspend delete` does not remove: they are the
// register's).
func (s *Store) Suspensions(ctx context.Context) ([]postcrm.Suspension, error) {
	q := suspensionsTable.selectSQL + " WHERE kind = 'suspend' AND status IN ('approved', 'lifted') AND to_day >= from_day" +
		" AND scope <> '全省' AND scope NOT IN (SELECT city FROM offices) ORDER BY scope, from_day"
	all, err := queryAll(ctx, s, q, nil, suspensionsTable.scan)
	if err != nil {
		return nil, fmt.Errorf("read suspensions: %w", err)
	}
	return all, nil
}
