// Package alert is the early warning: each morning it judges every
// contract customer as of the end of the day before, with only what was
// accepted up to then, and raises an alert for a customer whose silence
// (or whose shortfall over the last weeks) is improbable given its own
// expected volume per day — the monthly analysis's model, with its
// weekday rhythm, holidays and 调休, Spring Festival weeks, shopping
// festivals, season, year-ago movement and the offices' suspensions.
// An alert is an episode: a customer with one open is not alerted again,
// and the alert clears, recorded, when the customer ships again. See
// docs/alerts.md.
package alert

import (
	"context"
	"fmt"

	"postcrm"
	"postcrm/analysis"
	"postcrm/calendar"
	"postcrm/policy"
)

// Store is what a day's run reads and writes.
type Store interface {
	Source
	AlertSettings(ctx context.Context) (postcrm.AlertSettings, error)
	AlertsSince(ctx context.Context, since postcrm.Date) ([]postcrm.Alert, error)
	LastAlertRun(ctx context.Context) (postcrm.Date, error)
	SaveAlertRun(ctx context.Context, day postcrm.Date, raised, cleared []postcrm.Alert) ([]postcrm.Alert, error)
	HistoryCache
}

// Result is a day's run.
type Result struct {
	Day
	Stored bool // false for a day before the last one stored: recomputed, nothing written
}

// Run judges every contract customer as of the end of day and, unless
// day is before the last day already stored, stores the alerts raised
// and cleared. The episodes it starts from are the stored ones as they
// stood at the end of the day before (Known): what later runs stored
// does not count.
func Run(ctx context.Context, s Store, day postcrm.Date) (Result, error) {
	set, err := s.AlertSettings(ctx)
	if err != nil {
		return Result{}, err
	}
	if err := set.Validate(); err != nil {
		return Result{}, err
	}
	in, err := loadRefs(ctx, s)
	if err != nil {
		return Result{}, err
	}
	if in.histories, err = cachedHistories(ctx, s, in.customers, day); err != nil {
		return Result{}, err
	}
	// The acceptance-policy adjustments in force lower each customer's
	// expectation by its usual share of what they refuse (docs/policy.md).
	if _, err := policy.Apply(ctx, s, in.histories, day.YearMonth()); err != nil {
		return Result{}, err
	}
	st, err := standings(day, in, set)
	if err != nil {
		return Result{}, err
	}
	stored, err := s.AlertsSince(ctx, day.AddDays(-set.RecentDays))
	if err != nil {
		return Result{}, err
	}
	res := Result{Day: Decide(day, in.customers, st, Known(stored, day, set), set)}
	last, err := s.LastAlertRun(ctx)
	if err != nil {
		return res, err
	}
	if day >= last {
		saved, err := s.SaveAlertRun(ctx, day, res.Raised, res.Cleared)
		if err != nil {
			return res, err
		}
		stored = append(stored, saved...)
		res.Stored = true
	}
	identify(res.Raised, stored)
	identify(res.Open, stored)
	return res, nil
}

// identify gives the alerts the IDs stored for the same customer and
// day raised.
func identify(list, stored []postcrm.Alert) {
	type key struct {
		code string
		day  postcrm.Date
	}
	ids := make(map[key]postcrm.Alert, len(stored))
	for _, a := range stored {
		ids[key{a.CustomerCode, a.RaisedOn}] = a
	}
	for i := range list {
		if a, ok := ids[key{list[i].CustomerCode, list[i].RaisedOn}]; ok && list[i].ID == 0 {
			list[i].ID, list[i].WarningID = a.ID, a.WarningID
		}
	}
}

// inputs are what a day's judgement reads from the store.
type inputs struct {
	customers   []postcrm.Customer
	histories   []analysis.CustomerHistory
	cal         *calendar.Calendar
	suspensions []postcrm.Suspension
}

// load reads the inputs of day's judgement.
func load(ctx context.Context, s Source, day postcrm.Date) (inputs, error) {
	in, err := loadRefs(ctx, s)
	if err != nil {
		return in, err
	}
	in.histories, err = analysis.ReadHistoriesTo(ctx, s, in.customers, day, analysis.DefaultConfig().HistoryMonths)
	return in, err
}

// loadRefs reads the inputs but the histories.
func loadRefs(ctx context.Context, s Source) (inputs, error) {
	var in inputs
	var err error
	if in.cal, err = calendar.Stored(ctx, s); err != nil {
		return in, err
	}
	if in.customers, err = s.Customers(ctx); err != nil {
		return in, fmt.Errorf("读取协议客户: %w", err)
	}
	if in.suspensions, err = s.Suspensions(ctx); err != nil {
		return in, fmt.Errorf("读取暂停收寄记录: %w", err)
	}
	return in, nil
}

// standings is the one place the alerts take their expectation from:
// the monthly analysis's per-day model as of the end of day. A reduction
// of a customer's expectation (an acceptance restriction on its
// destinations or products) belongs here, applied to the standings'
// expected items and probabilities.
func standings(day postcrm.Date, in inputs, set postcrm.AlertSettings) ([]analysis.Standing, error) {
	return analysis.StandingsAt(day, set.RecentDays, in.histories, in.cal, in.suspensions, analysis.DefaultConfig())
}
