package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"postcrm"
)

var _ postcrm.SummaryStore = (*Store)(nil)

// The data_versions counters a writing transaction bumps.
const (
	versionImports  = "imports"
	versionAnalysis = "analysis"
	versionFollowup = "followup"
)

// bump moves the counter of a kind of write on, in the writer's
// transaction: the change and the new version commit together, so no
// reader sees the one without the other.
func (w *writer) bump(kind string) error {
	if err := w.s.exec(w.ctx, w.tx, "UPDATE data_versions SET version = version + 1 WHERE name = ?", kind); err != nil {
		return fmt.Errorf("bump %s version: %w", kind, err)
	}
	return nil
}

// DataVersions reads the counters.
func (s *Store) DataVersions(ctx context.Context) (postcrm.DataVersions, error) {
	var v postcrm.DataVersions
	byName := map[string]*int64{versionImports: &v.Imports, versionAnalysis: &v.Analysis, versionFollowup: &v.Followup}
	err := each(ctx, s, "SELECT name, version FROM data_versions", nil, func(sc scanner) error {
		var name string
		var n int64
		if err := sc.Scan(&name, &n); err != nil {
			return err
		}
		if p := byName[name]; p != nil {
			*p = n
		}
		return nil
	})
	if err != nil {
		return v, fmt.Errorf("read data versions: %w", err)
	}
	return v, nil
}

// Summary reads the summary kept under key.
func (s *Store) Summary(ctx context.Context, key postcrm.SummaryKey) (postcrm.Summary, bool, error) {
	sum := postcrm.Summary{SummaryKey: key}
	var body string
	err := s.db.QueryRowContext(ctx, s.rebind("SELECT version, body FROM summaries WHERE scope = ? AND name = ? AND month = ?"),
		key.Scope, key.Name, int64(key.Month)).Scan(&sum.Version, &body)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return sum, false, nil
	case err != nil:
		return sum, false, fmt.Errorf("read summary %s of %s for %d: %w", key.Name, key.Scope, key.Month, err)
	}
	sum.Body = []byte(body)
	return sum, true, nil
}

// SaveSummary stores sum in place of the one under its key. It is not a
// data change (it bumps nothing and takes no write lock beyond the row's).
func (s *Store) SaveSummary(ctx context.Context, sum postcrm.Summary) error {
	const q = "INSERT INTO summaries (scope, name, month, version, body) VALUES (?, ?, ?, ?, ?)" +
		" ON CONFLICT (scope, name, month) DO UPDATE SET version = excluded.version, body = excluded.body"
	if _, err := s.db.ExecContext(ctx, s.rebind(q), sum.Scope, sum.Name, int64(sum.Month), sum.Version, string(sum.Body)); err != nil {
		return fmt.Errorf("save summary %s of %s for %d: %w", sum.Name, sum.Scope, sum.Month, err)
	}
	return nil
}
