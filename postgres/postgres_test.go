package postgres_test

import (
	"context"
	"database/sql"
	"fmt"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"postcrm"
	"postcrm/postgres"
	"postcrm/postgres/pgtest"
	"postcrm/sqlstore"
	"postcrm/storetest"
)

func open(t testing.TB, dsn string) *sqlstore.Store {
	s, err := postgres.Open(context.Background(), dsn)
	return storetest.Opened(t, s, err)
}

func TestContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) *sqlstore.Store { return open(t, pgtest.FreshSchema(t)) })
}

// TestFacts runs the fact-store contract, which the ClickHouse fact store
// meets too: the waybills and their rollups kept in this database.
func TestFacts(t *testing.T) {
	storetest.RunFacts(t, func(t *testing.T) storetest.FactStore { return open(t, pgtest.FreshSchema(t)) })
}

// TestOpenTwice opens a migrated schema again: nothing is migrated twice
// and the data stays.
func TestOpenTwice(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.FreshSchema(t)
	ws := storetest.NewWaybillGen(3).Batch(500)
	s := open(t, dsn)
	if _, err := s.Apply(ctx, postcrm.Batch{Kind: postcrm.KindWaybills, Waybills: ws}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s = open(t, dsn)
	res, err := s.Apply(ctx, postcrm.Batch{Kind: postcrm.KindWaybills, Waybills: ws})
	if err != nil || res != (postcrm.WriteResult{Unchanged: len(ws)}) {
		t.Errorf("re-applying after reopening: %+v, %v", res, err)
	}
}

// BenchmarkCopyVsInsert compares loading new waybills with COPY (the
// dialect's CopyRows) and with multi-row INSERTs.
func BenchmarkCopyVsInsert(b *testing.B) {
	noCopy := postgres.Dialect
	noCopy.CopyRows = nil
	for name, d := range map[string]sqlstore.Dialect{"copy": postgres.Dialect, "insert": noCopy} {
		b.Run(name, func(b *testing.B) {
			cfg, err := pgx.ParseConfig(pgtest.FreshSchema(b))
			if err != nil {
				b.Fatal(err)
			}
			s, err := sqlstore.New(context.Background(), stdlib.OpenDB(*cfg), d)
			storetest.BenchApplyWaybills(b, storetest.Opened(b, s, err), storetest.NewWaybillGen(1), storetest.BenchBatch)
		})
	}
}

func BenchmarkApplyWaybills(b *testing.B) {
	for _, prefill := range []int{0, 3000000} {
		b.Run(fmt.Sprintf("prefill=%d", prefill), func(b *testing.B) {
			s := open(b, pgtest.FreshSchema(b))
			g := storetest.NewWaybillGen(1)
			storetest.Prefill(b, s, g, prefill)
			b.ResetTimer()
			storetest.BenchApplyWaybills(b, s, g, storetest.BenchBatch)
		})
	}
}

func openSQLStore(t testing.TB, dsn string) *sqlstore.Store {
	s, err := postgres.Open(context.Background(), dsn)
	storetest.Opened(t, s, err)
	return s
}

func TestLatestCustomerWaybills(t *testing.T) {
	storetest.CheckLatestCustomerWaybills(t, openSQLStore(t, pgtest.FreshSchema(t)))
}

func TestWaybillsMigration(t *testing.T) {
	dsn := pgtest.FreshSchema(t)
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	storetest.CheckWaybillsMigration(t, db, postgres.Dialect.Migrations, func() storetest.LatestWaybills { return openSQLStore(t, dsn) })
}
