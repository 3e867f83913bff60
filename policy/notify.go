package policy

import (
	"context"
	"time"

	"postcrm"
)

// InForceNotifier is what the daily in-force run needs of the store.
type InForceNotifier interface {
	// NotifyAdjustmentsInForce writes, at at, the in-force notice of each
	// approved adjustment in force on today to the office managers and
	// couriers in its scope, skipping the notices written already; it
	// returns how many are new.
	NotifyAdjustmentsInForce(ctx context.Context, today postcrm.Date, at time.Time) (int, error)
}

// NotifyInForce tells the staff in scope of every adjustment that is in
// force on today and has not been told yet: an adjustment approved
// ahead of its first day is told on that day (an approval on or after
// the first day tells at once). The notices are dated 07:00 of today,
// before the counters open; a second run on the same day adds nothing.
func NotifyInForce(ctx context.Context, s InForceNotifier, today postcrm.Date) (int, error) {
	return s.NotifyAdjustmentsInForce(ctx, today, today.Time().Add(7*time.Hour))
}
