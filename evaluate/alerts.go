package evaluate

import (
	"context"
	"fmt"
	"math"
	"slices"

	"postcrm"
	"postcrm/alert"
	"postcrm/analysis"
	"postcrm/calendar"
	"postcrm/demo"
)

// alertWarmup is how many days before the month the alert sweep starts,
// so that silences older than the month are already open episodes on its
// first day and not counted as the month's alerts.
const alertWarmup = 14

// minMonthlyItems: the delays are measured on stopped customers that
// shipped at least this many items a month in the three months before.
const minMonthlyItems = 10

// Delay is how long after a stop a method first flagged the customers.
type Delay struct {
	Found, Missed int     // flagged by the sweep's last day, or not
	Median, P90   float64 // days from the stop to the first flag, over the found
}

// AlertReport is the early alerts' back-test over a month.
type AlertReport struct {
	Month    postcrm.Month
	From, To postcrm.Date // the days swept (alerts counted from the month's first day)
	// Stops: customers the generator stopped (churn) in the month, that
	// shipped at least minMonthlyItems a month before.
	Stops        int
	AlertDelay   Delay // days from the stop to the first early alert on or after it
	MonthlyDelay Delay // to the 1st of the month after the first monthly warning
	// The stops both found, and the median and 90th percentile of each
	// one's delay on them: the comparison on the same customers.
	Both                   int
	BothAlert, BothMonthly [2]float64
	// Unchanged: customers without a change, not seasonal, signed before
	// the month's three months; their alerts raised in the month are false.
	Unchanged      int
	Days           int // days of the month
	FalseAlerts    int
	FalseCustomers int     // unchanged customers alerted at least once in the month
	FalsePerDay    float64 // false alerts per unchanged customer per day
	Raised         map[postcrm.WarningKind]int
}

// Alerts sweeps the early alerts over month and the month after (from a
// fortnight before it, so that older silences are open episodes
// already) and scores them against the generator's truth beside the
// monthly analysis of the same two months.
func Alerts(ctx context.Context, s alert.Source, truth []demo.TruthCustomer, month postcrm.Month, set postcrm.AlertSettings, last postcrm.Date) (AlertReport, error) {
	first := postcrm.Date(month*100 + 1)
	next := month.Next()
	to := min(last, next.Last())
	r := AlertReport{Month: month, From: first.AddDays(-alertWarmup), To: to, Raised: map[postcrm.WarningKind]int{}}
	customers, err := s.Customers(ctx)
	if err != nil {
		return r, err
	}
	// The CRM marks some churners 解约 months after they stopped; the
	// sweep judges them with the status they had then.
	customers = statusesAt(customers, truth, to)
	days, err := alert.Sweep(ctx, asOf{s, customers}, r.From, to, set)
	if err != nil {
		return r, fmt.Errorf("alerts of %d: %w", month, err)
	}
	firstAlert := map[string][]postcrm.Date{}
	byCustomer := map[string]int{}
	for _, d := range days {
		for _, a := range d.Raised {
			firstAlert[a.CustomerCode] = append(firstAlert[a.CustomerCode], a.RaisedOn)
			if d.Day.YearMonth() == month {
				r.Raised[a.Kind]++
				byCustomer[a.CustomerCode]++
			}
		}
	}
	cfg := analysis.DefaultConfig()
	cal, err := calendar.Stored(ctx, s)
	if err != nil {
		return r, err
	}
	susp, err := s.Suspensions(ctx)
	if err != nil {
		return r, err
	}
	// The monthly analysis of the month and the next: when each customer
	// was first warned.
	warnedBy := map[string]postcrm.Date{}
	var volumes map[string]float64
	for _, m := range []postcrm.Month{month, next} {
		if m.First() > to {
			break
		}
		hs, err := analysis.ReadHistories(ctx, s, customers, m, cfg.HistoryMonths)
		if err != nil {
			return r, err
		}
		StatusAsOf(hs, truth, m)
		if m == month {
			volumes = monthlyVolumes(hs, first)
		}
		res, err := analysis.Analyze(m, hs, cal, susp, cfg)
		if err != nil {
			return r, err
		}
		known := m.Next().First()
		for _, w := range res.Warnings {
			if _, ok := warnedBy[w.CustomerCode]; !ok {
				warnedBy[w.CustomerCode] = known
			}
		}
	}
	var alertDays, monthlyDays, bothAlert, bothMonthly []float64
	signedBefore := month.Add(-3).First()
	for _, tc := range truth {
		switch {
		case tc.Change == "churn" && tc.ChangeDate.YearMonth() == month && volumes[tc.Code] >= minMonthlyItems:
			r.Stops++
			byAlert, byMonth := firstOnOrAfter(firstAlert[tc.Code], tc.ChangeDate), warnedBy[tc.Code]
			alertDays = delay(&r.AlertDelay, alertDays, tc.ChangeDate, byAlert)
			monthlyDays = delay(&r.MonthlyDelay, monthlyDays, tc.ChangeDate, byMonth)
			if byAlert != 0 && byMonth != 0 {
				r.Both++
				bothAlert = append(bothAlert, daysBetween(tc.ChangeDate, byAlert))
				bothMonthly = append(bothMonthly, daysBetween(tc.ChangeDate, byMonth))
			}
		case tc.Change == "none" && tc.Kind != "seasonal" && tc.SignedOn < signedBefore:
			r.Unchanged++
			if n := byCustomer[tc.Code]; n > 0 {
				r.FalseAlerts += n
				r.FalseCustomers++
			}
		}
	}
	r.AlertDelay.Median, r.AlertDelay.P90 = quantile(alertDays, 0.5), quantile(alertDays, 0.9)
	r.MonthlyDelay.Median, r.MonthlyDelay.P90 = quantile(monthlyDays, 0.5), quantile(monthlyDays, 0.9)
	r.BothAlert = [2]float64{quantile(bothAlert, 0.5), quantile(bothAlert, 0.9)}
	r.BothMonthly = [2]float64{quantile(bothMonthly, 0.5), quantile(bothMonthly, 0.9)}
	r.Days = postcrm.Date(next*100 + 1).AddDays(-1).Day()
	if r.Unchanged > 0 {
		r.FalsePerDay = float64(r.FalseAlerts) / float64(r.Unchanged*r.Days)
	}
	return r, nil
}

// asOf is a source whose customers have the statuses of a day.
type asOf struct {
	alert.Source
	customers []postcrm.Customer
}

func (a asOf) Customers(context.Context) ([]postcrm.Customer, error) { return a.customers, nil }

// statusesAt restores the contract status churners had on day, before
// the CRM marked them terminated (as StatusAsOf does for a month).
func statusesAt(cs []postcrm.Customer, truth []demo.TruthCustomer, day postcrm.Date) []postcrm.Customer {
	hs := make([]analysis.CustomerHistory, len(cs))
	for i := range cs {
		hs[i].Customer = cs[i]
	}
	StatusAsOf(hs, truth, day.YearMonth())
	out := make([]postcrm.Customer, len(cs))
	for i := range hs {
		out[i] = hs[i].Customer
	}
	return out
}

// monthlyVolumes is each customer's items a month over the three months
// before first.
func monthlyVolumes(hs []analysis.CustomerHistory, first postcrm.Date) map[string]float64 {
	out := make(map[string]float64, len(hs))
	from := first.YearMonth().Add(-3).First()
	for _, h := range hs {
		if h.First == 0 {
			continue
		}
		var sum float64
		for i, n := range h.Items {
			if d := h.First.AddDays(i); d >= from && d < first {
				sum += float64(n)
			}
		}
		out[h.Customer.Code] = sum / 3
	}
	return out
}

func firstOnOrAfter(days []postcrm.Date, day postcrm.Date) postcrm.Date {
	for _, d := range days {
		if d >= day {
			return d
		}
	}
	return 0
}

// delay counts a flag on day found (0: none) of a stop on day stop.
func delay(d *Delay, xs []float64, stop, found postcrm.Date) []float64 {
	if found == 0 {
		d.Missed++
		return xs
	}
	d.Found++
	return append(xs, daysBetween(stop, found))
}

func daysBetween(from, to postcrm.Date) float64 {
	return math.Round(to.Time().Sub(from.Time()).Hours() / 24)
}

// quantile is the q-quantile of xs by linear interpolation, NaN when empty.
func quantile(xs []float64, q float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	pos := q * float64(len(s)-1)
	lo := int(pos)
	if lo+1 >= len(s) {
		return s[lo]
	}
	return s[lo] + (pos-float64(lo))*(s[lo+1]-s[lo])
}
