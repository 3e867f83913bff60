package evaluate

import (
	"context"
	"errors"
	"fmt"
	"time"

	"postcrm"
	"postcrm/analysis"
	"postcrm/calendar"
	"postcrm/demo"
	"postcrm/policy"
)

// Report is one month's back-test.
type Report struct {
	Month postcrm.Month
	// Adjusted scores the model among the customers the month's
	// acceptance-policy adjustments took items out of; Heavy among those
	// they took HeavyShare or more of the month's expectation from.
	Adjusted, Heavy Score
	// Ignoring scores the same two groups analysed as if no adjustment
	// had been in force (re-analyses only; nil otherwise).
	Ignoring *[2]Score
	Stored   bool          // the warnings scored are the ones `analyze` stored, not a re-analysis
	Judged   int           // customers the analysis judged
	Elapsed  time.Duration // of the re-analysis alone; 0 for stored warnings
	Model    Score
	Naive    Score
}

// ErrNotAnalysed says that no analysis of the month is stored.
var ErrNotAnalysed = errors.New("the month has not been analysed")

// Stored scores the decline and churn warnings `postcrm analyze` stored
// for month, and the month-on-month rule on the same customers.
// The customers are judged as that run judged them: with the contract
// status the store holds (StatusAsOf is for re-analyses). It returns
// ErrNotAnalysed when the store holds neither warnings nor walk-in scores
// of the month.
func Stored(ctx context.Context, s postcrm.AnalysisStore, adj policy.Source, customers []postcrm.Customer, truth []demo.TruthCustomer,
	month postcrm.Month, cfg analysis.Config) (Report, error) {
	ws, err := s.Warnings(ctx, month)
	if err != nil {
		return Report{}, fmt.Errorf("evaluate %d: %w", month, err)
	}
	if len(ws) == 0 {
		scored, err := hasWalkinScores(ctx, s, month)
		if err != nil {
			return Report{}, fmt.Errorf("evaluate %d: %w", month, err)
		}
		if !scored {
			return Report{}, ErrNotAnalysed
		}
	}
	hs, err := analysis.ReadHistories(ctx, s, customers, month, cfg.HistoryMonths)
	if err != nil {
		return Report{}, fmt.Errorf("evaluate %d: %w", month, err)
	}
	if _, err := policy.Apply(ctx, adj, hs, month); err != nil {
		return Report{}, fmt.Errorf("evaluate %d: %w", month, err)
	}
	skips, err := analysis.Classify(month, hs, cfg)
	if err != nil {
		return Report{}, fmt.Errorf("evaluate %d: %w", month, err)
	}
	r, err := report(month, hs, skips, truth, ws, cfg)
	r.Stored = true
	return r, err
}

// errFound stops a stream at its first row.
var errFound = errors.New("found")

func hasWalkinScores(ctx context.Context, s postcrm.AnalysisStore, month postcrm.Month) (bool, error) {
	err := s.WalkinScores(ctx, month, func(postcrm.WalkinScore) error { return errFound })
	if errors.Is(err, errFound) {
		return true, nil
	}
	return false, err
}

// Month back-tests the analysis of month on a demo province's
// store without storing anything: it reads the customers' histories,
// restores their contract status as it was in the month, runs the
// analysis and scores it and the month-on-month rule against the truth.
// It is for months `analyze` has not run on (or not with cal and cfg).
func Month(ctx context.Context, src analysis.DayStreamer, adj policy.Source, customers []postcrm.Customer, truth []demo.TruthCustomer,
	month postcrm.Month, cal *calendar.Calendar, cfg analysis.Config) (Report, error) {
	hs, err := analysis.ReadHistories(ctx, src, customers, month, cfg.HistoryMonths)
	if err != nil {
		return Report{}, fmt.Errorf("evaluate %d: %w", month, err)
	}
	StatusAsOf(hs, truth, month)
	eff, err := policy.Apply(ctx, adj, hs, month)
	if err != nil {
		return Report{}, fmt.Errorf("evaluate %d: %w", month, err)
	}
	start := time.Now()
	res, err := analysis.Analyze(month, hs, cal, nil, cfg)
	if err != nil {
		return Report{}, fmt.Errorf("evaluate %d: %w", month, err)
	}
	eff.Explain(res.Warnings)
	elapsed := time.Since(start)
	r, err := report(month, hs, res.Skips(), truth, res.Warnings, cfg)
	r.Elapsed = elapsed
	if err != nil || len(RefusedShares(month, hs)) == 0 {
		return r, err
	}
	// The same customers, analysed as if no adjustment had been in force,
	// scored against the same truth (what they could lose under them).
	refused := RefusedShares(month, hs)
	c, err := NewCase(month, hs, res.Skips(), truth, cfg)
	if err != nil {
		return Report{}, err
	}
	for i := range hs {
		hs[i].Open = nil
	}
	plain, err := analysis.Analyze(month, hs, cal, nil, cfg)
	if err != nil {
		return Report{}, fmt.Errorf("evaluate %d: %w", month, err)
	}
	r.Ignoring = &[2]Score{
		c.ScoreAmong("ignoring", plain.Warnings, func(code string) bool { return refused[code] > 0 }),
		c.ScoreAmong("ignoring", plain.Warnings, func(code string) bool { return refused[code] >= HeavyShare }),
	}
	return r, nil
}

// report scores warnings and the month-on-month rule on hs.
func report(month postcrm.Month, hs []analysis.CustomerHistory, skips []analysis.Skip, truth []demo.TruthCustomer,
	warnings []postcrm.Warning, cfg analysis.Config) (Report, error) {
	c, err := NewCase(month, hs, skips, truth, cfg)
	if err != nil {
		return Report{}, err
	}
	r := Report{Month: month, Model: c.Score("model", warnings), Naive: c.Score("naive", NaiveWarnings(month, hs))}
	refused := RefusedShares(month, hs)
	r.Adjusted = c.ScoreAmong("model", warnings, func(code string) bool { return refused[code] > 0 })
	r.Heavy = c.ScoreAmong("model", warnings, func(code string) bool { return refused[code] >= HeavyShare })
	for _, s := range skips {
		if s == analysis.Judged {
			r.Judged++
		}
	}
	return r, nil
}

// HeavyShare is the part of a customer's month the adjustments must have
// refused for it to count among the heavily hit.
const HeavyShare = 0.2

// RefusedShares is, per customer whose history an adjustment touched in
// month, the mean share of its items refused over the month's days (see
// analysis.CustomerHistory.Open).
func RefusedShares(month postcrm.Month, hs []analysis.CustomerHistory) map[string]float64 {
	first, last := month.First(), month.Last()
	out := map[string]float64{}
	for i := range hs {
		h := &hs[i]
		if h.Open == nil {
			continue
		}
		var sum float64
		n := 0
		for d := first; d <= last; d = d.AddDays(1) {
			j := postcrm.DaysBetween(h.First, d)
			if j >= 0 && j < len(h.Open) {
				sum += 1 - float64(h.Open[j])
				n++
			}
		}
		if n > 0 && sum > 0 {
			out[h.Customer.Code] = sum / float64(n)
		}
	}
	return out
}
