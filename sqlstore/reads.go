package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"postcrm"
)

// notFound turns a query's sql.ErrNoRows into postcrm.ErrNotFound.
func notFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return postcrm.ErrNotFound
	}
	return err
}

// each runs a query and calls fn per row; an error from fn stops the scan
// and is returned as it is.
func each(ctx context.Context, s *Store, q string, args []any, fn func(scanner) error) error {
	rows, err := s.db.QueryContext(ctx, s.rebind(q), args...)
	if err != nil {
		return fmt.Errorf("%.80q: %w", q, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("%.80q: %w", q, err)
	}
	return nil
}

// stream scans each row into a T and hands it to fn, holding one row at
// a time.
func stream[T any](ctx context.Context, s *Store, q string, args []any, scan func(scanner, *T) error, fn func(T) error) error {
	return each(ctx, s, q, args, func(sc scanner) error {
		var v T
		if err := scan(sc, &v); err != nil {
			return fmt.Errorf("scan %.40q: %w", q, err)
		}
		return fn(v)
	})
}

func queryAll[T any](ctx context.Context, s *Store, q string, args []any, scan func(scanner, *T) error) ([]T, error) {
	var all []T
	err := stream(ctx, s, q, args, scan, func(v T) error {
		all = append(all, v)
		return nil
	})
	return all, err
}

func allRecords[R any](ctx context.Context, s *Store, t *table[R]) ([]R, error) {
	return queryAll(ctx, s, t.selectSQL+" ORDER BY "+t.cols[0], nil, t.scan)
}

func oneRecord[R any](ctx context.Context, s *Store, t *table[R], key string) (R, error) {
	var r R
	row := s.db.QueryRowContext(ctx, s.rebind(t.selectSQL+" WHERE "+t.cols[0]+" = ?"), key)
	err := t.scan(row, &r)
	if errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("%s %q: %w", t.name, key, postcrm.ErrNotFound)
	}
	if err != nil {
		return r, fmt.Errorf("read %s %q: %w", t.name, key, err)
	}
	return r, nil
}

// Offices lists all offices by code.
func (s *Store) Offices(ctx context.Context) ([]postcrm.Office, error) {
	return allRecords(ctx, s, &officesTable)
}

// Staff lists all staff by ID.
func (s *Store) Staff(ctx context.Context) ([]postcrm.Staff, error) {
	return allRecords(ctx, s, &staffTable)
}

// Customers lists all contract customers by code.
func (s *Store) Customers(ctx context.Context) ([]postcrm.Customer, error) {
	return allRecords(ctx, s, &customersTable)
}

// Waybill reads one waybill; postcrm.ErrNotFound when there is none.
func (s *Store) Waybill(ctx context.Context, no string) (postcrm.Waybill, error) {
	return oneRecord(ctx, s, &waybillsTable, no)
}

// Member reads one e-channel member; postcrm.ErrNotFound when there is
// none.
func (s *Store) Member(ctx context.Context, phone string) (postcrm.Member, error) {
	return oneRecord(ctx, s, &membersTable, phone)
}

// RefData loads the codes importers validate against.
func (s *Store) RefData(ctx context.Context) (postcrm.RefData, error) {
	ref := postcrm.RefData{
		Offices:   make(map[string]string),
		Staff:     make(map[string]string),
		Customers: make(map[string]string),
	}
	for q, m := range map[string]map[string]string{
		"SELECT code, city FROM offices":          ref.Offices,
		"SELECT id, office_code FROM staff":       ref.Staff,
		"SELECT code, office_code FROM customers": ref.Customers,
	} {
		err := each(ctx, s, q, nil, func(sc scanner) error {
			var k, v string
			if err := sc.Scan(&k, &v); err != nil {
				return fmt.Errorf("scan %q: %w", q, err)
			}
			m[k] = v
			return nil
		})
		if err != nil {
			return postcrm.RefData{}, fmt.Errorf("load reference data: %w", err)
		}
	}
	return ref, nil
}
