package followup

import (
	"context"
	"fmt"

	"postcrm"
	"postcrm/analysis"
	"postcrm/calendar"
	"postcrm/policy"
)

// Source is what measuring a month's follow-up reads: a postcrm.Store
// that is also a postcrm.FollowupStore. The analyses use its stored
// calendar (calendar.Stored).
type Source interface {
	analysis.DayStreamer
	calendar.TableReader
	Customers(ctx context.Context) ([]postcrm.Customer, error)
	policy.Source
	Suspensions(ctx context.Context) ([]postcrm.Suspension, error)
	Warnings(ctx context.Context, month postcrm.Month) ([]postcrm.Warning, error)
	Dispatches(ctx context.Context, month postcrm.Month) ([]postcrm.Dispatch, error)
	MonthContacts(ctx context.Context, month postcrm.Month) ([]postcrm.Contact, error)
}

// MeasureMonth measures the follow-up of month's warnings lag months
// later. The later month's data must be complete.
func MeasureMonth(ctx context.Context, src Source, month postcrm.Month, lag int) (Report, error) {
	cases, err := MonthCases(ctx, src, month, lag)
	if err != nil {
		return Report{}, err
	}
	return NewReport(month, lag, cases), nil
}

// MonthReader reads a month's follow-up.
type MonthReader interface {
	Dispatches(ctx context.Context, month postcrm.Month) ([]postcrm.Dispatch, error)
	MonthContacts(ctx context.Context, month postcrm.Month) ([]postcrm.Contact, error)
}

// ReadMonth reads a month's dispatches and the contacts on them.
func ReadMonth(ctx context.Context, src MonthReader, month postcrm.Month) ([]postcrm.Dispatch, []postcrm.Contact, error) {
	ds, err := src.Dispatches(ctx, month)
	if err != nil {
		return nil, nil, err
	}
	cs, err := src.MonthContacts(ctx, month)
	return ds, cs, err
}

// MonthCases builds the cases of month's warnings seen lag months later.
func MonthCases(ctx context.Context, src Source, month postcrm.Month, lag int) ([]Case, error) {
	m, err := readMonth(ctx, src, month)
	if err != nil || len(m.Dispatches) == 0 {
		return nil, err // nothing dispatched: no case, and no analysis to run
	}
	cal, err := calendar.Stored(ctx, src)
	if err != nil {
		return nil, err
	}
	later, err := laterOf(ctx, src, cal, month, lag, m.Warnings)
	if err != nil {
		return nil, err
	}
	return later.cases(m), nil
}

// readMonth reads the whole province's follow-up of month.
func readMonth(ctx context.Context, src Source, month postcrm.Month) (postcrm.FollowupMonth, error) {
	m := postcrm.FollowupMonth{Month: month}
	ws, err := src.Warnings(ctx, month)
	if err != nil {
		return m, err
	}
	ds, cs, err := ReadMonth(ctx, src, month)
	m.Warnings, m.Dispatches, m.Contacts = ws, ds, cs
	return m, err
}

// laterSet is what the later month's analysis makes of the customers
// warned in a month, with the offices' cities: all a month's cases need
// beside its dispatches and contacts.
type laterSet struct {
	cityOf  map[string]string
	figures map[string]Later // by customer code
}

// cases builds m's cases.
func (l laterSet) cases(m postcrm.FollowupMonth) []Case {
	return Cases(m.Warnings, m.Dispatches, m.Contacts, l.cityOf, l.figures)
}

// laterOf analyses the month lag after month for the customers warned in
// ws, every warning of the month (the analysis is the province's, so a
// scope's cases are the province's restricted to it).
func laterOf(ctx context.Context, src Source, cal *calendar.Calendar, month postcrm.Month, lag int, ws []postcrm.Warning) (laterSet, error) {
	offices, err := src.Offices(ctx)
	if err != nil {
		return laterSet{}, fmt.Errorf("measure follow-up of %d: %w", month, err)
	}
	l := laterSet{cityOf: make(map[string]string, len(offices))}
	for _, o := range offices {
		l.cityOf[o.Code] = o.City
	}
	warned := make(map[string]bool, len(ws))
	for _, w := range ws {
		if w.CustomerCode != "" {
			warned[w.CustomerCode] = true
		}
	}
	l.figures, err = laterFigures(ctx, src, cal, month, lag, offices, warned)
	return l, err
}

// laterFigures runs the analysis of month+lag and returns its expected
// and actual figures for the customers in want. The expectation must be
// what the customer would have shipped had it not declined, not a level
// re-anchored on the decline itself. A change warned about in month M
// began within the analysis's recent months (an older one is the new
// normal by then), so the recent months before M, M itself and the months
// up to the measured one are treated as no-service days for every office
// (as suspensions are): the analysis then expects from the customer's
// normal before the change, moved by its calendar, season, trend and
// peers in the measured month. Warned customers whose contract has since
// been marked terminated are still measured: losing them is what the
// measurement is about.
func laterFigures(ctx context.Context, src Source, cal *calendar.Calendar, month postcrm.Month, lag int, offices []postcrm.Office, want map[string]bool) (map[string]Later, error) {
	if lag < 1 {
		return nil, fmt.Errorf("measure follow-up of %d: lag %d must be at least a month", month, lag)
	}
	customers, err := src.Customers(ctx)
	if err != nil {
		return nil, fmt.Errorf("measure follow-up of %d: %w", month, err)
	}
	for i := range customers {
		if want[customers[i].Code] {
			customers[i].Status = postcrm.StatusActive
		}
	}
	target := month.Add(lag)
	cfg := analysis.DefaultConfig()
	hs, err := analysis.ReadHistories(ctx, src, customers, target, cfg.HistoryMonths)
	if err != nil {
		return nil, err
	}
	sus, err := src.Suspensions(ctx)
	if err != nil {
		return nil, fmt.Errorf("measure follow-up of %d: %w", month, err)
	}
	if _, err := policy.Apply(ctx, src, hs, target); err != nil {
		return nil, fmt.Errorf("measure follow-up of %s: %w", month, err)
	}
	from := month.Add(1 - cfg.RecentMonths).First()
	to := target.Prev().Last()
	for _, o := range offices {
		sus = append(sus, postcrm.Suspension{OfficeCode: o.Code, From: from, To: to, Reason: "follow-up baseline"})
	}
	as, err := analysis.Expect(target, hs, cal, sus, cfg)
	if err != nil {
		return nil, fmt.Errorf("measure follow-up of %d at %d: %w", month, target, err)
	}
	out := make(map[string]Later, len(want))
	for _, a := range as {
		if want[a.Code] && a.Skip == analysis.Judged {
			out[a.Code] = Later{Expected: a.ExpectedItems, Actual: a.ActualItems, ExpectedFen: a.ExpectedFen, ActualFen: a.ActualFen}
		}
	}
	return out, nil
}
