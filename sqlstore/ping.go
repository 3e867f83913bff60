package sqlstore

import (
	"context"
	"fmt"
)

// Ping runs SELECT 1, so that a health check sees a database that no
// longer answers a query.
func (s *Store) Ping(ctx context.Context) error {
	var one int
	if err := s.db.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		return fmt.Errorf("ping %s: %w", s.d.Name, err)
	}
	return nil
}
