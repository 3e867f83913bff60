package alert

import (
	"context"
	"fmt"

	"postcrm"
	"postcrm/analysis"
	"postcrm/calendar"
)

// Source is what a sweep reads: the rollups, the calendar and the
// customers and suspensions, nothing stored by the alerts.
type Source interface {
	analysis.DayStreamer
	calendar.TableReader
	Customers(ctx context.Context) ([]postcrm.Customer, error)
	Suspensions(ctx context.Context) ([]postcrm.Suspension, error)
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
	return sweep(in, from, to, set)
}

// sweep is Sweep over histories read up to to.
func sweep(in inputs, from, to postcrm.Date, set postcrm.AlertSettings) ([]Day, error) {
	full := in.histories
	var all []postcrm.Alert
	var days []Day
	for day := from; day <= to; day = day.AddDays(1) {
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
	}
	return out
}
