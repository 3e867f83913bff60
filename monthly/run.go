// Package monthly is the month's job: it reads the contract customers'
// histories, analyses them with the stored holiday calendar, fits the
// walk-in model and stores the warnings and walk-in scores. The analyze,
// demo and dispatch commands all run it; dispatching the warnings
// (followup.Run) and measuring the follow-up (followup.Cache) come after.
package monthly

import (
	"context"
	"fmt"

	"postcrm"
	"postcrm/analysis"
	"postcrm/calendar"
	"postcrm/policy"
)

// Store is what the monthly job reads and writes.
type Store interface {
	analysis.DayStreamer
	analysis.WalkinSource
	calendar.TableReader
	policy.Source
	Customers(ctx context.Context) ([]postcrm.Customer, error)
	Suspensions(ctx context.Context) ([]postcrm.Suspension, error)
	SaveHolidayTable(ctx context.Context, body string) error
	SaveWarnings(ctx context.Context, month postcrm.Month, kinds []postcrm.WarningKind, ws []postcrm.Warning) error
	SaveWalkinScores(ctx context.Context, month postcrm.Month, scores []postcrm.WalkinScore) error
}

// Options say which month to analyse and, optionally, a new holiday
// table.
type Options struct {
	Month postcrm.Month
	// Holidays is a holiday table (CSV, see calendar.ReadDays) to store
	// before analysing, so that this analysis and every later one and
	// every follow-up measurement use it; "" keeps the stored one.
	Holidays string
}

// kinds are the warning kinds the job raises; storing the month's
// warnings replaces those of these kinds.
var kinds = []postcrm.WarningKind{postcrm.WarnDecline, postcrm.WarnChurn, postcrm.WarnSlowStart, postcrm.WarnWalkinChurn}

// Run analyses opts.Month and stores its warnings and walk-in scores.
func Run(ctx context.Context, s Store, opts Options) (Summary, error) {
	sum := Summary{Month: opts.Month.String()}
	cal, err := calendarFor(ctx, s, opts.Holidays)
	if err != nil {
		return sum, err
	}
	res, err := analyseContracts(ctx, s, opts.Month, cal)
	if err != nil {
		return sum, err
	}
	sum.ContractCustomersAnalyzed = res.Analyzed

	walkins, model, err := analysis.ModelWalkins(ctx, s, opts.Month)
	if err != nil {
		return sum, fmt.Errorf("散户模型: %w", err)
	}
	scores := make([]postcrm.WalkinScore, len(walkins))
	for i, w := range walkins {
		scores[i] = model.Score(opts.Month, w)
	}
	walkinWarnings := analysis.WalkinWarnings(opts.Month, walkins, scores, analysis.DefaultWalkinConfig())

	all := append(append(append([]postcrm.Warning(nil), res.Warnings...), res.SlowStarts...), walkinWarnings...)
	if err := s.SaveWarnings(ctx, opts.Month, kinds, all); err != nil {
		return sum, fmt.Errorf("保存预警: %w", err)
	}
	if err := s.SaveWalkinScores(ctx, opts.Month, scores); err != nil {
		return sum, fmt.Errorf("保存散户评分: %w", err)
	}
	sum.count(all)
	sum.describe(model, len(walkins))
	return sum, nil
}

// calendarFor stores holidays when given and returns the calendar they
// make; without them, the stored calendar.
func calendarFor(ctx context.Context, s Store, holidays string) (*calendar.Calendar, error) {
	if holidays == "" {
		return calendar.Stored(ctx, s)
	}
	cal, err := calendar.Parse(holidays)
	if err != nil {
		return nil, fmt.Errorf("节假日表: %w", err)
	}
	if err := s.SaveHolidayTable(ctx, holidays); err != nil {
		return nil, fmt.Errorf("保存节假日表: %w", err)
	}
	return cal, nil
}

// analyseContracts analyses the contract customers' histories of month.
func analyseContracts(ctx context.Context, s Store, month postcrm.Month, cal *calendar.Calendar) (analysis.Result, error) {
	customers, err := s.Customers(ctx)
	if err != nil {
		return analysis.Result{}, fmt.Errorf("读取协议客户: %w", err)
	}
	cfg := analysis.DefaultConfig()
	histories, err := analysis.ReadHistories(ctx, s, customers, month, cfg.HistoryMonths)
	if err != nil {
		return analysis.Result{}, err
	}
	suspensions, err := s.Suspensions(ctx)
	if err != nil {
		return analysis.Result{}, fmt.Errorf("读取暂停收寄记录: %w", err)
	}
	eff, err := policy.Apply(ctx, s, histories, month)
	if err != nil {
		return analysis.Result{}, err
	}
	res, err := analysis.Analyze(month, histories, cal, suspensions, cfg)
	eff.Explain(res.Warnings)
	return res, err
}
