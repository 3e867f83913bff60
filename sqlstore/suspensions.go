package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"postcrm"
)

// Suspensions are keyed by (office_code, from_day). Imported in batches
// like the other records, they are looked up by that pair as one string:
// the register is small enough that the lookup may scan it.
var suspensionsTable = newTable(table[postcrm.Suspension]{
	name:    "suspensions",
	cols:    []string{"office_code", "from_day", "to_day", "reason"},
	keyCols: 2,
	key:     func(sp *postcrm.Suspension) string { return sp.OfficeCode + " " + strconv.Itoa(int(sp.From)) },
	keySQL:  "office_code || ' ' || from_day",
	same:    equal[postcrm.Suspension],
	args: func(sp *postcrm.Suspension, a []any) []any {
		return append(a, sp.OfficeCode, int64(sp.From), int64(sp.To), sp.Reason)
	},
	scan: func(s scanner, sp *postcrm.Suspension) error {
		var from, to int64
		err := s.Scan(&sp.OfficeCode, &from, &to, &sp.Reason)
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
		return s.exec(ctx, w.tx, "DELETE FROM suspensions WHERE office_code = ? AND from_day = ?", officeCode, int64(from))
	})
	if err != nil {
		return fmt.Errorf("delete suspension of office %q from %s: %w", officeCode, from, err)
	}
	return nil
}

// Suspensions lists all suspensions by office and first day.
func (s *Store) Suspensions(ctx context.Context) ([]postcrm.Suspension, error) {
	all, err := queryAll(ctx, s, suspensionsTable.selectSQL+" ORDER BY office_code, from_day", nil, suspensionsTable.scan)
	if err != nil {
		return nil, fmt.Errorf("read suspensions: %w", err)
	}
	return all, nil
}
