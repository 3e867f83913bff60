package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"io/fs"
)

// Dialect is what differs between the databases the store runs on; the
// SQL itself is written once, with ? placeholders.
type Dialect struct {
	Name string
	// Migrations holds the schema as NNNN_name.sql files at its root,
	// applied in version order.
	Migrations fs.FS
	// NumberedParams rewrites ? into $1, $2, … (PostgreSQL).
	NumberedParams bool
	// Insert is the verb of the INSERT statements, "INSERT" when empty.
	// SQLite's "INSERT OR ROLLBACK" spares it a statement journal for
	// every multi-row statement: any failure aborts the whole batch anyway.
	Insert string
	// InsertIgnore, when set, is the verb of an INSERT that skips rows
	// whose key is stored (SQLite's "INSERT OR IGNORE"). Records are then
	// first inserted with it, and their keys looked up only when some of
	// them were stored already: a fresh import costs one statement per
	// chunk instead of a look-up and an insert.
	InsertIgnore string
	// MaxParams is the most bind parameters one statement may carry; it
	// sizes the multi-row statements.
	MaxParams int
	// ArrayKeys looks keys up with one array parameter (= ANY(?)) instead
	// of IN lists in chunks of MaxParams.
	ArrayKeys bool
	// WriteLock, when set, runs first in every writing transaction so that
	// concurrent imports and migrations queue up instead of racing between
	// their reads and writes. SQLite needs none: its write transactions
	// begin IMMEDIATE.
	WriteLock string
	// CopyRows, when set, bulk-loads new rows on the transaction's
	// connection faster than multi-row INSERTs do. row appends the values
	// of row i, in cols order, to dst.
	CopyRows func(ctx context.Context, conn *sql.Conn, table string, cols []string, n int, row func(i int, dst []any) []any) error
	// CopyNew first copies a batch's records straight into their table
	// as if every key were new (CopyRows then fails with ErrStoredKey at
	// the first stored one), as InsertIgnore does for SQLite: a fresh
	// load spares the key look-up, and the server's COPY writes whole
	// pages at once where an INSERT … ON CONFLICT inserts row by row.
	CopyNew bool
}

// ErrStoredKey is what Dialect.CopyRows returns when a row's key is
// stored already.
var ErrStoredKey = errors.New("a key is stored already")

// MigrationsIn is the directory dir of an embedded file system, for
// Dialect.Migrations; a missing directory is a build mistake and panics.
func MigrationsIn(fsys fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(fsys, dir)
	if err != nil {
		panic(err)
	}
	return sub
}
