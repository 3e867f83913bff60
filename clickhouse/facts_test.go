package clickhouse_test

import (
	"context"
	"path/filepath"
	"testing"

	"postcrm/split"
	"postcrm/sqlite"
	"postcrm/storetest"
)

// TestFacts runs the fact-store contract on a split store: the state in
// SQLite, the waybills on the two-shard test cluster. SQLite and
// PostgreSQL run the same suite on their own rollup tables.
func TestFacts(t *testing.T) {
	storetest.RunFacts(t, func(t *testing.T) storetest.FactStore {
		state, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "state.db"))
		storetest.Opened(t, state, err)
		return split.Store{Store: state, Facts: open(t)}
	})
}
