package sqlite_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"reflect"
	"testing"

	"postcrm"
	"postcrm/sqlite"
	"postcrm/sqlstore"
	"postcrm/storetest"
)

func open(t testing.TB, path string) *sqlstore.Store {
	s, err := sqlite.Open(context.Background(), path)
	return storetest.Opened(t, s, err)
}

func TestContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) *sqlstore.Store { return open(t, filepath.Join(t.TempDir(), "postcrm.db")) })
}

// TestFacts runs the fact-store contract, which the ClickHouse fact store
// meets too: the waybills and their rollups kept in this database.
func TestFacts(t *testing.T) {
	storetest.RunFacts(t, func(t *testing.T) storetest.FactStore { return open(t, filepath.Join(t.TempDir(), "postcrm.db")) })
}

// TestReopen closes the file and opens it again: the data stays, and
// opening a migrated file migrates nothing.
func TestReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "postcrm.db")
	s := open(t, path)
	g := storetest.NewWaybillGen(3)
	ws := g.Batch(500)
	if _, err := s.Apply(ctx, postcrm.Batch{Kind: postcrm.KindWaybills, Waybills: ws}); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		s = open(t, path)
		res, err := s.Apply(ctx, postcrm.Batch{Kind: postcrm.KindWaybills, Waybills: ws})
		if err != nil || res != (postcrm.WriteResult{Unchanged: len(ws)}) {
			t.Errorf("re-applying after reopening: %+v, %v", res, err)
		}
		got, err := s.Waybill(ctx, ws[17].No)
		if err != nil || !reflect.DeepEqual(got, ws[17]) {
			t.Errorf("waybill after reopening: got %+v (%v), want %+v", got, err, ws[17])
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

func TestOpenRefusesURIs(t *testing.T) {
	for _, path := range []string{"", "file:x.db", "x.db?mode=ro"} {
		if s, err := sqlite.Open(context.Background(), path); err == nil {
			s.Close()
			t.Errorf("Open(%q) succeeded", path)
		}
	}
}

func BenchmarkApplyWaybills(b *testing.B) {
	for _, prefill := range []int{0, 3000000} {
		b.Run(fmt.Sprintf("prefill=%d", prefill), func(b *testing.B) {
			s := open(b, filepath.Join(b.TempDir(), "bench.db"))
			g := storetest.NewWaybillGen(1)
			storetest.Prefill(b, s, g, prefill)
			b.ResetTimer()
			storetest.BenchApplyWaybills(b, s, g, storetest.BenchBatch)
		})
	}
}

// BenchmarkBatchSize shows how the batch size pays: the rollup rows a
// batch touches grow slower than its waybills.
func BenchmarkBatchSize(b *testing.B) {
	for _, size := range []int{5000, 20000, 50000} {
		b.Run(fmt.Sprintf("batch=%d", size), func(b *testing.B) {
			s := open(b, filepath.Join(b.TempDir(), "bench.db"))
			storetest.BenchApplyWaybills(b, s, storetest.NewWaybillGen(1), size)
		})
	}
}

func openSQLStore(t testing.TB, path string) *sqlstore.Store {
	s, err := sqlite.Open(context.Background(), path)
	storetest.Opened(t, s, err)
	return s
}

func TestLatestCustomerWaybills(t *testing.T) {
	storetest.CheckLatestCustomerWaybills(t, openSQLStore(t, filepath.Join(t.TempDir(), "postcrm.db")))
}

func TestWaybillsMigration(t *testing.T) {
	path := filepath.Join(t.TempDir(), "postcrm.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	storetest.CheckWaybillsMigration(t, db, sqlite.Dialect.Migrations, func() storetest.LatestWaybills { return openSQLStore(t, path) })
}
