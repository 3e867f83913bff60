package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"postcrm"
)

// FollowupSettings reads the province's settings. The table holds a row
// once somebody has saved them; until then the store reports
// postcrm.DefaultFollowupSettings, the one place the defaults are written
// (a store created before this rule keeps the row its migration seeded
// with the same values).
func (s *Store) FollowupSettings(ctx context.Context) (postcrm.FollowupSettings, error) {
	var set postcrm.FollowupSettings
	const q = "SELECT holdout_share, due_days, escalate_office_days, escalate_city_days FROM followup_settings WHERE id = 1"
	err := s.db.QueryRowContext(ctx, q).Scan(&set.HoldoutShare, &set.DueDays, &set.EscalateOfficeDays, &set.EscalateCityDays)
	if errors.Is(err, sql.ErrNoRows) {
		return postcrm.DefaultFollowupSettings(), nil
	}
	if err != nil {
		return set, fmt.Errorf("read follow-up settings: %w", err)
	}
	return set, nil
}

// SaveFollowupSettings replaces the settings, writing the row the first
// time.
func (s *Store) SaveFollowupSettings(ctx context.Context, set postcrm.FollowupSettings, a postcrm.Actor) error {
	err := s.inTx(ctx, func(w *writer) error {
		if err := w.bump(versionFollowup); err != nil {
			return err
		}
		const q = "INSERT INTO followup_settings (id, holdout_share, due_days, escalate_office_days, escalate_city_days)" +
			" VALUES (1, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET holdout_share = excluded.holdout_share," +
			" due_days = excluded.due_days, escalate_office_days = excluded.escalate_office_days," +
			" escalate_city_days = excluded.escalate_city_days"
		if err := s.exec(ctx, w.tx, q, set.HoldoutShare, int64(set.DueDays), int64(set.EscalateOfficeDays), int64(set.EscalateCityDays)); err != nil {
			return err
		}
		return w.audit(a, "followup_settings", fmt.Sprintf("holdout %.2f, due %d days, escalate %d/%d days",
			set.HoldoutShare, set.DueDays, set.EscalateOfficeDays, set.EscalateCityDays))
	})
	if err != nil {
		return fmt.Errorf("save follow-up settings: %w", err)
	}
	return nil
}
