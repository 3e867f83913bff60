package alert

import (
	"context"
	"fmt"

	"postcrm"
	"postcrm/analysis"
	"postcrm/calendar"
	"postcrm/policy"
)

// Source is what a sweep reads: the rollups, the calendar, the
// customers and suspensions, and the acceptance-policy adjustments with
// the customers' usual shares they refuse; nothing stored by the alerts.
type Source interface {
	analysis.DayStreamer
	calendar.TableReader
	Customers(ctx context.Context) ([]postcrm.Customer, error)
	Suspensions(ctx context.Context) ([]postcrm.Suspension, error)
	policy.Source
}

// Sweep runs the alerts day by day from one day to another, as the
// morning job would, with the episodes kept in memory (none before from)
// and nothing stored: each day sees only the items accepted up to
// its end. It returns every day's decisions in order; the evaluation
// reads the delays and false alerts from them.
func Sweep(ctx context.Context, s Source, from, to postcrm.Date, set postcrm.AlertSettings) ([]Day, error) {
	if err := set.Validate(); err != nil {
		return nil, err
	}
	if to < from {
		return nil, fmt.Errorf("sweep %s..%s: the last day is before the first", from, to)
	}
	in, err := load(ctx, s, to)
	if err != nil {
		return nil, err
	}
	// Each day's expectation is lowered by the adjustments in force that
	// day, as the morning job's is (Run): their shares measured for the
	// day's month. The adjustments and offices are read once for the
	// sweep; a new month reads its shares only.
	acting, err := policy.ReadActing(ctx, s)
	if err != nil {
		return nil, err
	}
	reduce := func(hs []analysis.CustomerHistory, month postcrm.Month) error {
		_, err := acting.Apply(ctx, s, hs, month)
		return err
	}
	return sweep(in, from, to, set, reduce)
}

// sweep is Sweep over histories read up to to; reduce (nil: none) sets
// the histories' Open for the analysis of a month, and is called again
// whenever the days swept enter a new month.
func sweep(in inputs, from, to postcrm.Date, set postcrm.AlertSettings, reduce func([]analysis.CustomerHistory, postcrm.Month) error) ([]Day, error) {
	full := in.histories
	var all []postcrm.Alert
	var days []Day
	var month postcrm.Month
	for day := from; day <= to; day = day.AddDays(1) {
		if reduce != nil && day.YearMonth() != month {
			month = day.YearMonth()
			if err := reduce(full, month); err != nil {
				return nil, err
			}
		}
		in.histories = truncate(full, day)
		st, err := standings(day, in, set)
		if err != nil {
			return nil, err
		}
		d := Decide(day, in.customers, st, Known(all, day, set), set)
		cleared := make(map[string]postcrm.Alert, len(d.Cleared))
		for _, a := range d.Cleared {
			cleared[a.CustomerCode] = a
		}
		for i, a := range all {
			if c, ok := cleared[a.CustomerCode]; ok && a.ClearedOn == 0 {
				all[i] = c
			}
		}
		all = append(all, d.Raised...)
		days = append(days, d)
	}
	return days, nil
}

// truncate returns the histories as they stood at the end of day: the
// same arrays cut at day, nothing after it.
func truncate(hs []analysis.CustomerHistory, day postcrm.Date) []analysis.CustomerHistory {
	out := make([]analysis.CustomerHistory, len(hs))
	end := day.Time()
	for i, h := range hs {
		out[i].Customer = h.Customer
		if h.First == 0 || h.First > day {
			continue
		}
		n := int(end.Sub(h.First.Time()).Hours()/24+0.5) + 1
		out[i].First, out[i].Items, out[i].Fen = h.First, h.Items[:n:n], h.Fen[:n:n]
		if h.Open != nil {
			out[i].Open = h.Open[:n:n]
		}
	}
	return out
}
