package main

import (
	"context"
	"fmt"
	"strings"

	"postcrm"
	"postcrm/postgres"
	"postcrm/sqlite"
)

// openStore picks the store by the DSN's form: postgres:// URLs go to
// PostgreSQL, anything else is a SQLite file path. Opening migrates.
func openStore(ctx context.Context, dsn string) (postcrm.Store, error) {
	var (
		s   postcrm.Store
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
func withStore(ctx context.Context, e *env, fn func(postcrm.Store) error) error {
	s, err := openStore(ctx, e.dsn)
	if err != nil {
		return err
	}
	defer s.Close()
	return fn(s)
}

// withStoreAs runs fn on the chosen store as the interface T a command
// needs; what names what T does, for the error when the store lacks it.
func withStoreAs[T any](ctx context.Context, e *env, what string, fn func(T) error) error {
	return withStore(ctx, e, func(st postcrm.Store) error {
		s, ok := st.(T)
		if !ok {
			return fmt.Errorf("这个数据库（%T）不支持%s", st, what)
		}
		return fn(s)
	})
}
