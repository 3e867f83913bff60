package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// HolidayTable reads the holiday table the province imported (CSV, as
// given), "" when none: the built-in calendar stands.
func (s *Store) HolidayTable(ctx context.Context) (string, error) {
	var body string
	err := s.db.QueryRowContext(ctx, "SELECT body FROM holiday_table WHERE id = 1").Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read holiday table: %w", err)
	}
	return body, nil
}

// SaveHolidayTable replaces the stored holiday table. The caller has
// parsed it; the store keeps it as given. It moves the analysis version
// (kept reports read measurements made with the calendar) and, through
// the table's own version, every month's follow-up version.
func (s *Store) SaveHolidayTable(ctx context.Context, body string) error {
	const q = "INSERT INTO holiday_table (id, version, body) VALUES (1, 1, ?)" +
		" ON CONFLICT (id) DO UPDATE SET version = holiday_table.version + 1, body = excluded.body"
	err := s.inTx(ctx, func(w *writer) error {
		if err := w.bump(versionAnalysis); err != nil {
			return err
		}
		return s.exec(ctx, w.tx, q, body)
	})
	if err != nil {
		return fmt.Errorf("save holiday table: %w", err)
	}
	return nil
}
