package clickhouse

import "context"

// AppliedMigrations counts the rows of each shard's schema_migrations
// and the migrations there are: a migration applied twice shows as a
// count above the number of migrations.
func (s *Store) AppliedMigrations(ctx context.Context) (perShard []uint64, migrationsKnown int, err error) {
	ms, err := migrations()
	if err != nil {
		return nil, 0, err
	}
	for _, sh := range s.shards {
		var n uint64
		if err := sh.QueryRow(ctx, "SELECT count() FROM "+s.table("schema_migrations")).Scan(&n); err != nil {
			return nil, 0, err
		}
		perShard = append(perShard, n)
	}
	return perShard, len(ms), nil
}
