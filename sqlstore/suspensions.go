package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"postcrm"
)

// Suspensions are keyed by (office_code, from_day).
var suspensionCols = []string{"office_code", "from_day", "to_day", "reason"}

var upsertSuspensions = upsertInto("suspensions", suspensionCols, 2)

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
	err := checkSuspension(&sp)
	if err == nil {
		err = s.inTx(ctx, func(w *writer) error {
			return w.writeRows(&upsertSuspensions, 1, func(_ int, a []any) []any {
				return append(a, sp.OfficeCode, int64(sp.From), int64(sp.To), sp.Reason)
			})
		})
	}
	if err != nil {
		return fmt.Errorf("save suspension of office %q from %s: %w", sp.OfficeCode, sp.From, err)
	}
	return nil
}

// DeleteSuspension deletes the office's suspension starting on from, if
// there is one.
func (s *Store) DeleteSuspension(ctx context.Context, officeCode string, from postcrm.Date) error {
	err := s.inTx(ctx, func(w *writer) error {
		return s.exec(ctx, w.tx, "DELETE FROM suspensions WHERE office_code = ? AND from_day = ?", officeCode, int64(from))
	})
	if err != nil {
		return fmt.Errorf("delete suspension of office %q from %s: %w", officeCode, from, err)
	}
	return nil
}

// Suspensions lists all suspensions by office and first day.
func (s *Store) Suspensions(ctx context.Context) ([]postcrm.Suspension, error) {
	q := "SELECT " + strings.Join(suspensionCols, ", ") + " FROM suspensions ORDER BY office_code, from_day"
	all, err := queryAll(ctx, s, q, nil, func(sc scanner, sp *postcrm.Suspension) error {
		var from, to int64
		err := sc.Scan(&sp.OfficeCode, &from, &to, &sp.Reason)
		sp.From, sp.To = postcrm.Date(from), postcrm.Date(to)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read suspensions: %w", err)
	}
	return all, nil
}
