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
)

// Report is one month's back-test.
type Report struct {
	Month   postcrm.Month
	Stored  bool          // the warnings scored are the ones `analyze` stored, not a re-analysis
	Judged  int           // customers the analysis judged
	Elapsed time.Duration // of the re-analysis alone; 0 for stored warnings
	Model   Score
	Naive   Score
}

// ErrNotAnalysed says that no analysis of the month is stored.
var ErrNotAnalysed = errors.New("the month has not been analysed")

// Stored scores the decline and churn warnings `postcrm analyze` stored
// for month, and the month-on-month rule on the same customers.
// The customers are judged as that run judged them: with the contract
// status the store holds (StatusAsOf is for re-analyses). It returns
// ErrNotAnalysed when the store holds neither warnings nor walk-in scores
// of the month.
func Stored(ctx context.Context, s postcrm.AnalysisStore, customers []postcrm.Customer, truth []demo.TruthCustomer,
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
func Month(ctx context.Context, src analysis.DayStreamer, customers []postcrm.Customer, truth []demo.TruthCustomer,
	month postcrm.Month, cal *calendar.Calendar, cfg analysis.Config) (Report, error) {
	hs, err := analysis.ReadHistories(ctx, src, customers, month, cfg.HistoryMonths)
	if err != nil {
		return Report{}, fmt.Errorf("evaluate %d: %w", month, err)
	}
	StatusAsOf(hs, truth, month)
	start := time.Now()
	res, err := analysis.Analyze(month, hs, cal, nil, cfg)
	if err != nil {
		return Report{}, fmt.Errorf("evaluate %d: %w", month, err)
	}
	elapsed := time.Since(start)
	r, err := report(month, hs, res.Skips(), truth, res.Warnings, cfg)
	r.Elapsed = elapsed
	return r, err
}

// report scores warnings and the month-on-month rule on hs.
func report(month postcrm.Month, hs []analysis.CustomerHistory, skips []analysis.Skip, truth []demo.TruthCustomer,
	warnings []postcrm.Warning, cfg analysis.Config) (Report, error) {
	c, err := NewCase(month, hs, skips, truth, cfg)
	if err != nil {
		return Report{}, err
	}
	r := Report{Month: month, Model: c.Score("model", warnings), Naive: c.Score("naive", NaiveWarnings(month, hs))}
	for _, s := range skips {
		if s == analysis.Judged {
			r.Judged++
		}
	}
	return r, nil
}
