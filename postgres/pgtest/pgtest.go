// Package pgtest gives tests a fresh PostgreSQL schema: the store tests
// and the web tests run on PostgreSQL the same way.
package pgtest

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

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
)

// BaseDSN is the test database: POSTCRM_TEST_PG, else the local default.
func BaseDSN() string {
	if dsn := os.Getenv("POSTCRM_TEST_PG"); dsn != "" {
		return dsn
	}
	return "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
}

// WithSearchPath points dsn at schema.
func WithSearchPath(t testing.TB, dsn, schema string) string {
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

// reach opens the test server's database and checks it answers.
func reach(ctx context.Context) (*sql.DB, error) {
	admin, err := sql.Open("pgx", BaseDSN())
	if err != nil {
		return nil, err
	}
	if err := admin.PingContext(ctx); err != nil {
		admin.Close()
		return nil, err
	}
	return admin, nil
}

// FreshSchema creates an empty schema for one test, drops it after, and
// returns the DSN that uses it. Without a reachable server the test is
// skipped, unless POSTCRM_TEST_PG_REQUIRED=1 (CI) makes that a failure.
func FreshSchema(t testing.TB) string {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	admin, err := reach(ctx)
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
	return WithSearchPath(t, BaseDSN(), schema)
}
