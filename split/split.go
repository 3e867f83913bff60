// Package split is a store whose waybill facts live apart from the CRM's
// state: the state (org, customers, accounts, warnings, dispatches,
// contacts, audit, the import log and its checkpoints, findings) in a
// SQL store, the waybills and the rollups read from them in a fact store
// (package clickhouse). It has the SQL store's methods, with those that
// write or read waybill facts sent to the fact store, so the import and
// the monthly analysis run on it unchanged.
//
// Stats, the scoped reads of the web application and the retention
// prune still read the SQL store's rollup tables and waybills, which a
// split store leaves empty: the commands that may run on a split store
// are the import, the analysis and the reports (docs/clickhouse.md).
package split

import (
	"context"
	"errors"
	"fmt"

	"postcrm"
	"postcrm/sqlstore"
)

// Facts is what a split store asks of its fact store.
type Facts interface {
	ApplyWaybills(ctx context.Context, recs []postcrm.Waybill) (postcrm.WriteResult, error)
	Waybill(ctx context.Context, no string) (postcrm.Waybill, error)
	WaybillOffices(ctx context.Context, keys []string) (map[string]string, error)
	MixValues(ctx context.Context, dim string) ([]string, error)
	CustomerDays(ctx context.Context, r postcrm.DayRange, fn func(postcrm.CustomerDay) error) error
	WalkinDays(ctx context.Context, r postcrm.DayRange, fn func(postcrm.WalkinDay) error) error
	CourierDays(ctx context.Context, r postcrm.DayRange, fn func(postcrm.CourierDay) error) error
	CustomerMix(ctx context.Context, from, to postcrm.Month, fn func(postcrm.MixRow) error) error
	LastDataDay(ctx context.Context) (postcrm.Date, error)
	OfficeMonths(ctx context.Context, from, to postcrm.Month) ([]postcrm.OfficeMonth, error)
	CustomerMonthTotals(ctx context.Context, months ...postcrm.Month) ([]postcrm.CustomerMonth, error)
	Ping(ctx context.Context) error
	Close() error
}

// Store is a SQL store for the state with a fact store for the waybills.
type Store struct {
	*sqlstore.Store
	Facts Facts
}

// Apply writes a waybill batch's waybills to the fact store, then the
// rest of the batch (findings, audit, checkpoint) to the SQL store in
// one transaction, with the fact store's counts added to the
// checkpoint's. The two writes are not one transaction: an import
// killed between them goes on from the checkpoint before, and the
// batch's waybills, stored already, then count as unchanged.
func (s Store) Apply(ctx context.Context, b postcrm.Batch) (postcrm.WriteResult, error) {
	if b.Kind != postcrm.KindWaybills {
		return s.Store.Apply(ctx, b)
	}
	res, err := s.Facts.ApplyWaybills(ctx, b.Waybills)
	if err != nil {
		return postcrm.WriteResult{}, fmt.Errorf("事实库写入运单: %w", err)
	}
	b.Waybills = nil
	b.Counted.Add(res)
	return s.Store.Apply(ctx, b)
}

// Waybill reads a waybill from the fact store.
func (s Store) Waybill(ctx context.Context, no string) (postcrm.Waybill, error) {
	return s.Facts.Waybill(ctx, no)
}

// RecordOffices reads the offices of stored waybills from the fact
// store, of members from the SQL store.
func (s Store) RecordOffices(ctx context.Context, kind postcrm.ImportKind, keys []string) (map[string]string, error) {
	if kind == postcrm.KindWaybills {
		return s.Facts.WaybillOffices(ctx, keys)
	}
	return s.Store.RecordOffices(ctx, kind, keys)
}

// MixValues lists the values the waybills name, from the fact store.
func (s Store) MixValues(ctx context.Context, dim string) ([]string, error) {
	return s.Facts.MixValues(ctx, dim)
}

// CustomerDays streams the fact store's customer rollups.
func (s Store) CustomerDays(ctx context.Context, r postcrm.DayRange, fn func(postcrm.CustomerDay) error) error {
	return s.Facts.CustomerDays(ctx, r, fn)
}

// WalkinDays streams the fact store's walk-in rollups.
func (s Store) WalkinDays(ctx context.Context, r postcrm.DayRange, fn func(postcrm.WalkinDay) error) error {
	return s.Facts.WalkinDays(ctx, r, fn)
}

// CourierDays streams the fact store's courier rollups.
func (s Store) CourierDays(ctx context.Context, r postcrm.DayRange, fn func(postcrm.CourierDay) error) error {
	return s.Facts.CourierDays(ctx, r, fn)
}

// CustomerMix streams the fact store's destination and product mix.
func (s Store) CustomerMix(ctx context.Context, from, to postcrm.Month, fn func(postcrm.MixRow) error) error {
	return s.Facts.CustomerMix(ctx, from, to, fn)
}

// LastDataDay is the fact store's latest day.
func (s Store) LastDataDay(ctx context.Context) (postcrm.Date, error) {
	return s.Facts.LastDataDay(ctx)
}

// OfficeMonths reads the reports' month sums from the fact store.
func (s Store) OfficeMonths(ctx context.Context, from, to postcrm.Month) ([]postcrm.OfficeMonth, error) {
	return s.Facts.OfficeMonths(ctx, from, to)
}

// CustomerMonthTotals reads the customers' month sums from the fact store.
func (s Store) CustomerMonthTotals(ctx context.Context, months ...postcrm.Month) ([]postcrm.CustomerMonth, error) {
	return s.Facts.CustomerMonthTotals(ctx, months...)
}

// Ping checks both stores.
func (s Store) Ping(ctx context.Context) error {
	return errors.Join(s.Store.Ping(ctx), s.Facts.Ping(ctx))
}

// Close closes both stores.
func (s Store) Close() error {
	return errors.Join(s.Facts.Close(), s.Store.Close())
}
