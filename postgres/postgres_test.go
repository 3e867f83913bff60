package postgres_test

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"postcrm"
	"postcrm/postgres"
	"postcrm/sqlstore"
	"postcrm/storetest"
)

func baseDSN() string {
	if dsn := os.Getenv("POSTCRM_TEST_PG"); dsn != "" {
		return dsn
	}
	return "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
}

// withSearchPath points dsn at schema.
func withSearchPath(t testing.TB, dsn, schema string) string {
	if !strings.Contains(dsn, "://") {
		return dsn + " search_path=" + schema
	}
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatalf("POSTCRM_TEST_PG: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// freshSchema creates an empty schema for one test and drops it after;
// without a reachable server the test is skipped, unless CI requires it.
func freshSchema(t testing.TB) string {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	admin, err := sql.Open("pgx", baseDSN())
	if err == nil {
		if err = admin.PingContext(ctx); err != nil {
			admin.Close()
		}
	}
	if err != nil {
		if os.Getenv("POSTCRM_TEST_PG_REQUIRED") == "1" {
			t.Fatalf("PostgreSQL at POSTCRM_TEST_PG is required but unreachable: %v", err)
		}
		t.Skipf("PostgreSQL unreachable (%v): set POSTCRM_TEST_PG to a database to run these tests", err)
	}
	schema := fmt.Sprintf("postcrm_test_%d_%08x", os.Getpid(), rand.Uint32())
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if _, err := admin.Exec("DROP SCHEMA " + schema + " CASCADE"); err != nil {
			t.Errorf("drop test schema: %v", err)
		}
		admin.Close()
	})
	return withSearchPath(t, baseDSN(), schema)
}

func open(t testing.TB, dsn string) postcrm.Store {
	s, err := postgres.Open(context.Background(), dsn)
	return storetest.Opened(t, s, err)
}

func TestContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) postcrm.Store { return open(t, freshSchema(t)) })
}

// TestOpenTwice opens a migrated schema again: nothing is migrated twice
// and the data stays.
func TestOpenTwice(t *testing.T) {
	ctx := context.Background()
	dsn := freshSchema(t)
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
			cfg, err := pgx.ParseConfig(freshSchema(b))
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
			s := open(b, freshSchema(b))
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
	storetest.CheckLatestCustomerWaybills(t, openSQLStore(t, freshSchema(t)))
}

func TestWaybillsMigration(t *testing.T) {
	dsn := freshSchema(t)
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	storetest.CheckWaybillsMigration(t, db, postgres.Dialect.Migrations, func() storetest.LatestWaybills { return openSQLStore(t, dsn) })
}
