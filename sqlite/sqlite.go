// Package sqlite opens the embedded postcrm store: one SQLite file,
// through the pure-Go driver modernc.org/sqlite.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"net/url"
	"strings"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"postcrm/sqlstore"
)

// Open returns a store the web application can run on.

//go:embed migrations/*.sql
var migrations embed.FS

// Dialect is SQLite's: ? placeholders and IN lists, within the compiled
// limit of 32,766 parameters per statement.
var Dialect = sqlstore.Dialect{
	Name:         "sqlite",
	Migrations:   sqlstore.MigrationsIn(migrations, "migrations"),
	Insert:       "INSERT OR ROLLBACK",
	InsertIgnore: "INSERT OR IGNORE",
	MaxParams:    32766,
}

// Each connection gets these, with WAL (the web application reads while
// an import writes) and synchronous=NORMAL (a power cut may lose the last
// batches, which a re-import restores, but cannot corrupt the file).
// Writes begin IMMEDIATE so that two writers queue on busy_timeout
// instead of failing to upgrade a read lock. The page cache is capped per
// connection, and connections are few, so memory stays bounded however
// large the file grows.
var pragmas = []string{
	"busy_timeout(10000)",
	"cache_size(-65536)", // KiB: 64 MiB
	"temp_store(MEMORY)", // the IN-list lookups' temporary indexes
	// Checkpoint every ~64 MiB of WAL rather than every 4: rollup pages
	// that several batches dirty are copied once, and fsynced less often.
	"wal_autocheckpoint(16384)",
	"journal_size_limit(67108864)",
}

const maxConns = 4

// Open opens (creating if needed) the store in the SQLite file at path and
// brings its schema up to date.
func Open(ctx context.Context, path string) (*sqlstore.Store, error) {
	if path == "" || strings.ContainsAny(path, "?#") || strings.HasPrefix(path, "file:") {
		return nil, fmt.Errorf("open sqlite store: unsupported path %q", path)
	}
	q := url.Values{"_txlock": {"immediate"}, "_journal_mode": {"WAL"}, "_synchronous": {"NORMAL"}, "_pragma": pragmas}
	db, err := sql.Open("sqlite", path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("open sqlite store %s: %w", path, err)
	}
	db.SetMaxOpenConns(maxConns)
	db.SetMaxIdleConns(maxConns)
	s, err := sqlstore.New(ctx, db, Dialect)
	if err != nil {
		return nil, fmt.Errorf("open sqlite store %s: %w", path, err)
	}
	return s, nil
}
