package evaluate

import (
	"context"
	"fmt"
	"time"

	"postcrm"
	"postcrm/analysis"
	"postcrm/calendar"
	"postcrm/demo"
)

// Report is one month's back-test.
type Report struct {
	Month   int
	Judged  int           // customers the analysis judged
	Elapsed time.Duration // of the analysis alone
	Model   Score
	Naive   Score
}

// Month back-tests the analysis of month (YYYYMM) on a demo province's
// store: it reads the customers' histories, restores their contract
// status as it was in the month, runs the analysis and scores it and the
// month-on-month rule against the truth.
func Month(ctx context.Context, src analysis.DayStreamer, customers []postcrm.Customer, truth []demo.TruthCustomer,
	month int, cal *calendar.Calendar, cfg analysis.Config) (Report, error) {
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
	c, err := NewCase(month, hs, truth, res, cfg)
	if err != nil {
		return Report{}, err
	}
	return Report{
		Month: month, Judged: res.Analyzed, Elapsed: elapsed,
		Model: c.Score("model", res.Warnings),
		Naive: c.Score("naive", NaiveWarnings(month, hs)),
	}, nil
}
