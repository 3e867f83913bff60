// Package sqlstore implements postcrm.Store over database/sql. The SQL is
// shared by SQLite and PostgreSQL; a Dialect carries the few differences
// (placeholders, statement size limits, bulk loading, migrations).
package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"sync"

	"postcrm"
	"postcrm/contest"
)

// The store interfaces of the root package, each the documented
// contract of one part of the store, checked at compile time.
var (
	_ postcrm.Store          = (*Store)(nil)
	_ postcrm.AnalysisStore  = (*Store)(nil)
	_ postcrm.AccountStore   = (*Store)(nil)
	_ postcrm.SessionStore   = (*Store)(nil)
	_ postcrm.ScopedReader   = (*Store)(nil)
	_ postcrm.ScopedWalkins  = (*Store)(nil)
	_ postcrm.ScopedFollowup = (*Store)(nil)
	_ contest.Store          = (*Store)(nil)
)

// Store is a postcrm.Store on a database/sql connection pool.
type Store struct {
	db *sql.DB
	d  Dialect

	mu    sync.Mutex
	stmts map[stmtKey]*sql.Stmt
}

// New wraps db, which the Store then owns (Close closes it), and brings
// the schema up to date.
func New(ctx context.Context, db *sql.DB, d Dialect) (*Store, error) {
	s := &Store{db: db, d: d, stmts: make(map[stmtKey]*sql.Stmt)}
	if err := s.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// DB is the underlying pool, for the queries the Store interface does not
// cover.
func (s *Store) DB() *sql.DB { return s.db }

// Close releases the prepared statements and the pool.
func (s *Store) Close() error {
	s.mu.Lock()
	for k, st := range s.stmts {
		st.Close()
		delete(s.stmts, k)
	}
	s.mu.Unlock()
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("close %s store: %w", s.d.Name, err)
	}
	return nil
}
