// Package postgres opens the production postcrm store on PostgreSQL
// through pgx.
package postgres

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"

	"postcrm/sqlstore"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Dialect is PostgreSQL's: numbered parameters, array key lookups and
// COPY for new rows. Writers take a transaction-scoped advisory lock: an
// import reads the stored rows before it writes the changes, and two
// imports interleaving there would count rollups twice.
var Dialect = sqlstore.Dialect{
	Name:           "postgres",
	Migrations:     sqlstore.MigrationsIn(migrations, "migrations"),
	NumberedParams: true,
	MaxParams:      65535,
	ArrayKeys:      true,
	WriteLock:      "SELECT pg_advisory_xact_lock(7226870741)",
	CopyRows:       copyRows,
	CopyNew:        true,
}

// Open connects to the database at dsn (a postgres:// URL or key=value
// string; search_path may select the schema) and brings the schema up to
// date.
func Open(ctx context.Context, dsn string) (*sqlstore.Store, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("open postgres store: %w", err)
	}
	db := stdlib.OpenDB(*cfg)
	db.SetMaxOpenConns(8)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open postgres store: %w", err)
	}
	s, err := sqlstore.New(ctx, db, Dialect)
	if err != nil {
		return nil, fmt.Errorf("open postgres store: %w", err)
	}
	return s, nil
}

// copyRows loads rows with COPY on the transaction's connection.
func copyRows(ctx context.Context, conn *sql.Conn, table string, cols []string, n int, row func(i int, dst []any) []any) error {
	return conn.Raw(func(dc any) error {
		pc, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("copy into %s: connection is a %T, not pgx", table, dc)
		}
		_, err := pc.Conn().CopyFrom(ctx, pgx.Identifier{table}, cols, &rowSource{n: n, row: row, i: -1})
		if pe := (*pgconn.PgError)(nil); errors.As(err, &pe) && pe.Code == "23505" { // unique_violation
			return fmt.Errorf("copy into %s: %w: %w", table, sqlstore.ErrStoredKey, err)
		}
		if err != nil {
			return fmt.Errorf("copy into %s: %w", table, err)
		}
		return nil
	})
}

// rowSource feeds CopyFrom one row at a time from a reused slice: pgx
// encodes each row before asking for the next.
type rowSource struct {
	n    int
	i    int
	row  func(i int, dst []any) []any
	vals []any
}

func (r *rowSource) Next() bool {
	r.i++
	return r.i < r.n
}

func (r *rowSource) Values() ([]any, error) {
	r.vals = r.row(r.i, r.vals[:0])
	return r.vals, nil
}

func (r *rowSource) Err() error { return nil }
