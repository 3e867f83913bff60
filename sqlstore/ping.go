package sqlstore

import (
	"context"
	"fmt"
)

// Ping runs SELECT 1: unlike database/sql's Ping, it goes through the
// driver to the database on every dialect, so that a health check sees
// a database that no longer answers.
func (s *Store) Ping(ctx context.Context) error {
	var one int
	if err := s.db.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		return fmt.Errorf("ping %s: %w", s.d.Name, err)
	}
	return nil
}
