package followup

import (
	"context"

	"postcrm"
)

// RunStore is what a dispatch run reads and writes.
type RunStore interface {
	Warnings(ctx context.Context, month postcrm.Month) ([]postcrm.Warning, error)
	Staff(ctx context.Context) ([]postcrm.Staff, error)
	FollowupSettings(ctx context.Context) (postcrm.FollowupSettings, error)
	Dispatches(ctx context.Context, month postcrm.Month) ([]postcrm.Dispatch, error)
	ApplyDispatchPlan(ctx context.Context, p postcrm.DispatchPlan, a postcrm.Actor) error
}

// Run dispatches month's warnings as of today (see Plan) and stores the
// run as a's; a holdout share of 0 or more replaces the province's
// setting for this run. It returns the plan written and the settings used.
func Run(ctx context.Context, s RunStore, month postcrm.Month, today postcrm.Date, holdout float64, a postcrm.Actor) (postcrm.DispatchPlan, postcrm.FollowupSettings, error) {
	var p postcrm.DispatchPlan
	set, err := s.FollowupSettings(ctx)
	if err != nil {
		return p, set, err
	}
	if holdout >= 0 {
		set.HoldoutShare = holdout
	}
	ws, err := s.Warnings(ctx, month)
	if err != nil {
		return p, set, err
	}
	existing, err := s.Dispatches(ctx, month)
	if err != nil {
		return p, set, err
	}
	var prior []postcrm.Dispatch
	for k := 1; k <= StickyMonths; k++ {
		ds, err := s.Dispatches(ctx, month.Add(-k))
		if err != nil {
			return p, set, err
		}
		prior = append(prior, ds...)
	}
	staff, err := s.Staff(ctx)
	if err != nil {
		return p, set, err
	}
	if p, err = Plan(month, ws, existing, prior, staff, set, today); err != nil {
		return p, set, err
	}
	return p, set, s.ApplyDispatchPlan(ctx, p, a)
}
