package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"postcrm/clickhouse"
	"postcrm/ingest"
	"postcrm/monthly"
	"postcrm/postgres"
	"postcrm/report"
	"postcrm/split"
	"postcrm/sqlite"
	"postcrm/sqlstore"
)

// openStore picks the store by the DSN's form: postgres:// URLs go to
// PostgreSQL, anything else is a SQLite file path. Opening migrates.
// main holds the concrete store and hands each consumer the small
// interface that consumer declares, so nothing asks a store at run time
// whether it can do something.
func openStore(ctx context.Context, dsn string) (*sqlstore.Store, error) {
	return openStoreBackedUp(ctx, dsn, "", io.Discard)
}

// openStoreBackedUp is openStore that, when an existing SQLite store has
// migrations to apply, first backs it up into backupDir ("" backs up
// nothing) and says so on w: an upgrade that goes wrong can be undone
// with restore.
func openStoreBackedUp(ctx context.Context, dsn, backupDir string, w io.Writer) (*sqlstore.Store, error) {
	var (
		s   *sqlstore.Store
		err error
	)
	if isPostgres(dsn) {
		s, err = postgres.Open(ctx, dsn)
	} else {
		if backupDir != "" {
			file, err := backupBeforeUpgrade(ctx, dsn, backupDir)
			if err != nil {
				return nil, fmt.Errorf("升级前备份 %s: %w", dsn, err)
			}
			if file != "" {
				fmt.Fprintf(w, "数据库结构要升级，已先备份到 %s（出问题可用 postcrm restore 恢复）。\n", file)
			}
		}
		s, err = sqlite.Open(ctx, dsn)
	}
	if err != nil {
		return nil, fmt.Errorf("打开数据库 %s: %w", redact(dsn), err)
	}
	return s, nil
}

// redact hides a password in a DSN before it is printed.
func redact(dsn string) string {
	at := strings.LastIndex(dsn, "@")
	scheme := strings.Index(dsn, "://")
	if at < 0 || scheme < 0 {
		return dsn
	}
	userinfo := dsn[scheme+3 : at]
	if i := strings.Index(userinfo, ":"); i >= 0 {
		return dsn[:scheme+3] + userinfo[:i] + ":***" + dsn[at:]
	}
	return dsn
}

// withStore runs fn on the store the command line chose, then closes it.
func withStore(ctx context.Context, e *env, fn func(*sqlstore.Store) error) error {
	s, err := openStoreBackedUp(ctx, e.dsn, e.cfg.backupDir(e.dsn), e.stderr)
	if err != nil {
		return err
	}
	defer s.Close()
	return fn(s)
}

// factsCommands are the commands that run on a split store when a fact
// store is given: the others read the SQL store's rollup tables (reports,
// stats, the web), which a split store leaves empty, so they refuse to
// run rather than show empty figures.
var factsCommands = map[string]bool{"import": true, "analyze": true, "report": true, "config": true}

// factStore is what the import, the analysis and the reports run on: the
// SQL store itself, or a split store with the waybills on ClickHouse.
type factStore interface {
	ingest.Store
	monthly.Store
	measuredStore
	report.Source
}

// withFacts runs fn on the store the command line chose and on the
// store the waybill facts go through: the same store, or with --facts a
// split store over it and the ClickHouse cluster.
func withFacts(ctx context.Context, e *env, fn func(state *sqlstore.Store, facts factStore) error) error {
	return withStore(ctx, e, func(s *sqlstore.Store) error {
		if e.facts == "" {
			return fn(s, s)
		}
		f, err := clickhouse.Open(ctx, e.facts)
		if err != nil {
			return fmt.Errorf("打开事实库 %s: %w", redact(e.facts), err)
		}
		defer f.Close()
		return fn(s, split.Store{Store: s, Facts: f})
	})
}
