package clickhouse

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
)

// The migrations are numbered files of statements separated by ";" at
// the end of a line, in which {database} and {cluster} stand for the
// store's database and cluster. Their numbering is the fact store's own,
// apart from the SQL stores'.
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

type migration struct {
	version int
	name    string
	stmts   []string
}

func migrations() ([]migration, error) {
	names, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var out []migration
	for _, name := range names {
		base := strings.TrimPrefix(name, "migrations/")
		v, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil {
			return nil, fmt.Errorf("migration %s: no version number", base)
		}
		body, err := migrationFiles.ReadFile(name)
		if err != nil {
			return nil, err
		}
		m := migration{version: v, name: base}
		for _, st := range strings.Split(string(body), ";\n") {
			if st = strings.TrimSpace(stripComments(st)); st != "" {
				m.stmts = append(m.stmts, st)
			}
		}
		out = append(out, m)
	}
	return out, nil
}

// stripComments drops the "--" comment lines, which the server of
// Debian's version refuses before some statements.
func stripComments(s string) string {
	var keep []string
	for _, l := range strings.Split(s, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(l), "--") {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "\n")
}

// Migrate applies the migrations not yet applied, on every shard in
// turn: ON CLUSTER would need ZooKeeper, which a cluster without
// replicas does not have. Each shard keeps its own schema_migrations, so
// a migration that failed on one shard is applied there on the next run
// (the statements are IF NOT EXISTS).
func (s *Store) Migrate(ctx context.Context) error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	for i, sh := range s.shards {
		if err := s.migrateShard(ctx, sh, ms); err != nil {
			return fmt.Errorf("事实库分片 %d 升级结构: %w", i+1, err)
		}
	}
	return nil
}

func (s *Store) migrateShard(ctx context.Context, sh driver.Conn, ms []migration) error {
	if err := sh.Exec(ctx, "CREATE DATABASE IF NOT EXISTS "+s.db); err != nil {
		return err
	}
	if err := sh.Exec(ctx, "CREATE TABLE IF NOT EXISTS "+s.table("schema_migrations")+
		" (version UInt32, name String, applied_at DateTime) ENGINE = TinyLog"); err != nil {
		return err
	}
	applied := map[int]bool{}
	rows, err := sh.Query(ctx, "SELECT version FROM "+s.table("schema_migrations"))
	if err != nil {
		return err
	}
	for rows.Next() {
		var v uint32
		if err := rows.Scan(&v); err != nil {
			rows.Close()
			return err
		}
		applied[int(v)] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	r := strings.NewReplacer("{database}", s.db, "{cluster}", s.cluster)
	for _, m := range ms {
		if applied[m.version] {
			continue
		}
		for _, st := range m.stmts {
			if err := sh.Exec(ctx, r.Replace(st)); err != nil {
				return fmt.Errorf("%s: %w", m.name, err)
			}
		}
		// An INSERT takes its rows as a data block: this server does not
		// answer one with its values bound into the text.
		b, err := sh.PrepareBatch(ctx, "INSERT INTO "+s.table("schema_migrations")+" (version, name, applied_at)")
		if err == nil {
			if err = b.Append(uint32(m.version), m.name, time.Now()); err == nil {
				err = b.Send()
			}
		}
		if err != nil {
			return fmt.Errorf("%s: %w", m.name, err)
		}
	}
	return nil
}
