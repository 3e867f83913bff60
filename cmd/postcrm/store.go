package main

import (
	"context"
	"fmt"
	"strings"

	"postcrm/postgres"
	"postcrm/sqlite"
	"postcrm/sqlstore"
)

// openStore picks the store by the DSN's form: postgres:// URLs go to
// PostgreSQL, anything else is a SQLite file path. Opening migrates.
// main holds the concrete store and hands each consumer the small
// interface that consumer declares, so nothing asks a store at run time
// whether it can do something.
func openStore(ctx context.Context, dsn string) (*sqlstore.Store, error) {
	var (
		s   *sqlstore.Store
		err error
	)
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		s, err = postgres.Open(ctx, dsn)
	} else {
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
	s, err := openStore(ctx, e.dsn)
	if err != nil {
		return err
	}
	defer s.Close()
	return fn(s)
}
