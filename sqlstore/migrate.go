package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
)

type migration struct {
	version int
	name    string
	sql     string
}

// readMigrations lists the NNNN_name.sql files of fsys in version order.
func readMigrations(fsys fs.FS) ([]migration, error) {
	names, err := fs.Glob(fsys, "*.sql")
	if err != nil {
		return nil, fmt.Errorf("list migrations: %w", err)
	}
	var out []migration
	for _, name := range names {
		num, _, ok := strings.Cut(name, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %q: name must be NNNN_what.sql", name)
		}
		text, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("read migration %q: %w", name, err)
		}
		out = append(out, migration{version: v, name: name, sql: string(text)})
	}
	slices.SortFunc(out, func(a, b migration) int { return a.version - b.version })
	for i := 1; i < len(out); i++ {
		if out[i].version == out[i-1].version {
			return nil, fmt.Errorf("migrations %q and %q share a version", out[i-1].name, out[i].name)
		}
	}
	return out, nil
}

// ErrNewerSchema is what opening a database migrated by a newer
// postcrm returns: this binary does not know its schema, so it must not
// write to it.
var ErrNewerSchema = errors.New("数据库来自更新版本的 postcrm")

// Migrate applies the migrations not applied yet, each in its own
// transaction with its record in schema_migrations: a failed migration
// leaves the schema as the one before it left it, and the next start
// goes on from there. A database that has a migration this binary does
// not know was made by a newer postcrm, and is refused.
func (s *Store) Migrate(ctx context.Context) error {
	migs, err := readMigrations(s.d.Migrations)
	if err != nil {
		return err
	}
	var applied map[int]bool
	err = s.inTx(ctx, func(w *writer) error {
		_, err := w.tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
			version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)`)
		if err != nil {
			return err
		}
		applied, err = appliedVersions(w)
		return err
	})
	if err != nil {
		return fmt.Errorf("migrate %s schema: %w", s.d.Name, err)
	}
	for i, m := range migs {
		// An up-to-date store (the usual open) costs that one
		// transaction; the newest version is checked in the last one.
		if applied[m.version] && i < len(migs)-1 {
			continue
		}
		err := s.inTx(ctx, func(w *writer) error {
			// Read inside the transaction (after the dialect's write
			// lock): another server migrating at once has either
			// recorded this one, or has not begun it.
			applied, err := appliedVersions(w)
			if err != nil {
				return err
			}
			if newest := slices.Max(append(slices.Collect(maps.Keys(applied)), 0)); newest > migs[len(migs)-1].version {
				return fmt.Errorf("%w：数据库结构已是第 %d 版，这个程序只认识到第 %d 版；请用新版本的 postcrm 打开它（或恢复一个旧备份）",
					ErrNewerSchema, newest, migs[len(migs)-1].version)
			}
			if applied[m.version] {
				return nil
			}
			if _, err := w.tx.ExecContext(ctx, m.sql); err != nil {
				return fmt.Errorf("%s: %w", m.name, err)
			}
			_, err = w.tx.ExecContext(ctx, s.rebind("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)"),
				m.version, m.name, time.Now().Unix())
			if err != nil {
				return fmt.Errorf("record %s: %w", m.name, err)
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("migrate %s schema: %w", s.d.Name, err)
		}
	}
	return nil
}

// Pending lists the migrations of d not applied yet to the database db
// (all of them for an empty database) and the newest applied version,
// without changing anything: the command line backs a SQLite store up
// before an upgrade.
func Pending(ctx context.Context, db *sql.DB, d Dialect) (pending []string, applied int, err error) {
	migs, err := readMigrations(d.Migrations)
	if err != nil {
		return nil, 0, err
	}
	done := map[int]bool{}
	rows, err := db.QueryContext(ctx, "SELECT version FROM schema_migrations")
	if err == nil {
		for rows.Next() {
			var v int
			if err := rows.Scan(&v); err != nil {
				rows.Close()
				return nil, 0, err
			}
			done[v], applied = true, max(applied, v)
		}
		rows.Close()
	}
	// No schema_migrations table: an empty database, all pending.
	for _, m := range migs {
		if !done[m.version] {
			pending = append(pending, m.name)
		}
	}
	return pending, applied, nil
}

// Latest is the newest migration version d has: the schema this binary
// writes.
func Latest(d Dialect) (int, error) {
	migs, err := readMigrations(d.Migrations)
	if err != nil || len(migs) == 0 {
		return 0, err
	}
	return migs[len(migs)-1].version, nil
}

func appliedVersions(w *writer) (map[int]bool, error) {
	rows, err := w.tx.QueryContext(w.ctx, "SELECT version FROM schema_migrations")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	applied := make(map[int]bool)
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		applied[v] = true
	}
	return applied, rows.Err()
}
