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
	// OpenAlertCases maps each customer with an open early alert to the
	// alert's case (its warning ID).
	OpenAlertCases(ctx context.Context) (map[string]int64, error)
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
	cases, err := s.OpenAlertCases(ctx)
	if err != nil {
		return p, set, err
	}
	ws, attached := AttachToAlerts(ws, existing, cases)
	if p, err = Plan(month, ws, existing, prior, staff, set, today); err != nil {
		return p, set, err
	}
	p.Attached = attached
	return p, set, s.ApplyDispatchPlan(ctx, p, a)
}

// AttachToAlerts takes out of ws the monthly warnings of customers with
// an open early alert (cases: customer → the alert's warning ID) that are
// not dispatched yet: the alert's case, dispatched to the same owner, is
// already the follow-up of that customer, and a second case would send
// the courier twice. It returns the warnings left and, for each warning
// taken out, the case it joined.
func AttachToAlerts(ws []postcrm.Warning, existing []postcrm.Dispatch, cases map[string]int64) ([]postcrm.Warning, map[int64]int64) {
	if len(cases) == 0 {
		return ws, nil
	}
	dispatched := make(map[int64]bool, len(existing))
	for _, d := range existing {
		dispatched[d.WarningID] = true
	}
	attached := map[int64]int64{}
	kept := make([]postcrm.Warning, 0, len(ws))
	for _, w := range ws {
		c, ok := cases[w.CustomerCode]
		if ok && w.CustomerCode != "" && !w.Kind.IsAlert() && c != w.ID && !dispatched[w.ID] {
			attached[w.ID] = c
			continue
		}
		kept = append(kept, w)
	}
	return kept, attached
}
