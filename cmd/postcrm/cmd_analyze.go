package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"strings"
	"time"

	"postcrm"
	"postcrm/analysis"
	"postcrm/calendar"
	"postcrm/progress"
	"postcrm/sqlstore"
)

// monthFlag reads --month YYYY-MM; empty means the last complete month.
func monthFlag(s string) (int, error) {
	if s == "" {
		now := time.Now().In(postcrm.ChinaTime)
		return postcrm.NewDate(now.Year(), now.Month(), 0).YearMonth(), nil
	}
	return parseMonth("--month", s)
}

// parseMonth reads a YYYY-MM flag value as YYYYMM.
func parseMonth(flag, s string) (int, error) {
	t, err := time.ParseInLocation("2006-01", s, postcrm.ChinaTime)
	if err != nil {
		return 0, fmt.Errorf("%s 应为 YYYY-MM，例如 2026-10：%q", flag, s)
	}
	return t.Year()*100 + int(t.Month()), nil
}

func monthText(m int) string { return fmt.Sprintf("%04d-%02d", m/100, m%100) }

// analysisSummary is what `analyze --json` prints.
type analysisSummary struct {
	Month                     string         `json:"month"`
	ContractCustomersAnalyzed int            `json:"contract_customers_analyzed"`
	Warnings                  map[string]int `json:"warnings"`
	WalkinModel               struct {
		Model     string  `json:"model"`
		TimeUnit  string  `json:"time_unit"`
		R         float64 `json:"r"`
		Alpha     float64 `json:"alpha"`
		A         float64 `json:"a"`
		B         float64 `json:"b"`
		Customers int     `json:"customers"`
	} `json:"walkin_model"`
	SpendModel struct {
		Model string  `json:"model"`
		P     float64 `json:"p"`
		Q     float64 `json:"q"`
		Gamma float64 `json:"gamma"`
	} `json:"spend_model"`
	// Measured lists the follow-up measurements the analysis made
	// possible or changed, kept for the effect page and the reports
	// ("2026-08 +1": August's warnings one month on).
	Measured []string `json:"measured,omitempty"`
	// Dispatch is what the dispatch run after the analysis did; nil with
	// --no-dispatch.
	Dispatch *dispatchSummary `json:"dispatch,omitempty"`
}

// line is the summary in one sentence.
func (s analysisSummary) line() string {
	w := s.Warnings
	return fmt.Sprintf("%s 月度分析：协议客户 %s 户，发件量下滑 %d、疑似流失 %d、起量慢 %d；散户 %s 个，高价值散户流失 %d。",
		s.Month, progress.Thousands(int64(s.ContractCustomersAnalyzed)), w["decline"], w["churn"], w["slow_start"],
		progress.Thousands(int64(s.WalkinModel.Customers)), w["walkin_churn"])
}

// monthFlags are the flags analyze and eval share: --month YYYY-MM and
// --holidays FILE, a holiday table laid over the built-in one (see
// calendar.Load).
type monthFlags struct{ month, holidays *string }

func addMonthFlags(fs *flag.FlagSet, monthUsage string) monthFlags {
	return monthFlags{
		month:    fs.String("month", "", monthUsage),
		holidays: fs.String("holidays", "", "节假日表 CSV（日期,安排,节日），覆盖内置 2023—2028 年表中它所跨的日子"),
	}
}

// parse parses args and returns the month (default: the last complete
// one) and the calendar to analyse it with.
func (f monthFlags) parse(fs *flag.FlagSet, args []string) (int, *calendar.Calendar, error) {
	if err := parseFlags(fs, args); err != nil {
		return 0, nil, err
	}
	month, err := monthFlag(*f.month)
	if err != nil {
		return 0, nil, err
	}
	if *f.holidays == "" {
		return month, calendar.Default(), nil
	}
	cal, err := calendar.Load(*f.holidays)
	return month, cal, err
}

func runAnalyze(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "analyze", "--month YYYY-MM [--no-dispatch] [--json] [--holidays FILE]")
	flags := addMonthFlags(fs, "分析哪个月 YYYY-MM（默认：上一个完整月）")
	noDispatch := fs.Bool("no-dispatch", false, "只分析，不派发预警（默认分析后即按今天派发）")
	asJSON := fs.Bool("json", false, "以 JSON 输出摘要")
	month, cal, err := flags.parse(fs, args)
	if err != nil {
		return err
	}
	return withStore(ctx, e, func(s *sqlstore.Store) error {
		sum, err := analyzeMonth(ctx, s, month, cal)
		if err != nil {
			return err
		}
		// The monthly job is one command: the warnings go out as soon as
		// they are stored.
		if !*noDispatch {
			d, err := dispatchMonth(ctx, s, month, postcrm.DateOf(time.Now()))
			if err != nil {
				return fmt.Errorf("派发预警: %w", err)
			}
			sum.Dispatch = &d
		}
		if sum.Measured, err = warmMeasurements(ctx, s, month, cal); err != nil {
			return err
		}
		if *asJSON {
			enc := json.NewEncoder(e.stdout)
			enc.SetIndent("", "  ")
			return enc.Encode(sum)
		}
		fmt.Fprintln(e.stdout, sum.line())
		if sum.Dispatch != nil {
			fmt.Fprintln(e.stdout, sum.Dispatch.line())
		}
		if len(sum.Measured) > 0 {
			fmt.Fprintf(e.stdout, "已预先计算跟进成效（月份 +几个月后）：%s\n", strings.Join(sum.Measured, "、"))
		}
		fmt.Fprintf(e.stdout, "导出预警：postcrm warnings --month %s --format csv\n", sum.Month)
		return nil
	})
}

// analyzeMonth runs the month's analysis of contract customers and
// walk-ins and stores the warnings and walk-in scores.
func analyzeMonth(ctx context.Context, s *sqlstore.Store, month int, cal *calendar.Calendar) (analysisSummary, error) {
	var sum analysisSummary
	sum.Month = monthText(month)
	customers, err := s.Customers(ctx)
	if err != nil {
		return sum, fmt.Errorf("读取协议客户: %w", err)
	}
	cfg := analysis.DefaultConfig()
	histories, err := analysis.ReadHistories(ctx, s, customers, month, cfg.HistoryMonths)
	if err != nil {
		return sum, err
	}
	suspensions, err := s.Suspensions(ctx)
	if err != nil {
		return sum, fmt.Errorf("读取暂停收寄记录: %w", err)
	}
	res, err := analysis.Analyze(month, histories, cal, suspensions, cfg)
	if err != nil {
		return sum, err
	}
	sum.ContractCustomersAnalyzed = res.Analyzed

	walkins, model, err := analysis.ModelWalkins(ctx, s, month)
	if err != nil {
		return sum, fmt.Errorf("散户模型: %w", err)
	}
	scores := make([]postcrm.WalkinScore, len(walkins))
	for i, w := range walkins {
		scores[i] = model.Score(month, w)
	}
	walkinWarnings := analysis.WalkinWarnings(month, walkins, scores, analysis.DefaultWalkinConfig())

	all := append(append(append([]postcrm.Warning(nil), res.Warnings...), res.SlowStarts...), walkinWarnings...)
	kinds := []postcrm.WarningKind{postcrm.WarnDecline, postcrm.WarnChurn, postcrm.WarnSlowStart, postcrm.WarnWalkinChurn}
	if err := s.SaveWarnings(ctx, month, kinds, all); err != nil {
		return sum, fmt.Errorf("保存预警: %w", err)
	}
	if err := s.SaveWalkinScores(ctx, month, scores); err != nil {
		return sum, fmt.Errorf("保存散户评分: %w", err)
	}

	sum.Warnings = map[string]int{}
	for _, k := range kinds {
		sum.Warnings[string(k)] = 0
	}
	for _, w := range all {
		sum.Warnings[string(w.Kind)]++
	}
	p := model.Purchases
	sum.WalkinModel.Model, sum.WalkinModel.TimeUnit = "bgnbd", "day"
	sum.WalkinModel.R, sum.WalkinModel.Alpha, sum.WalkinModel.A, sum.WalkinModel.B = p.R, p.Alpha, p.A, p.B
	sum.WalkinModel.Customers = len(walkins)
	sum.SpendModel.Model = "gamma_gamma"
	sum.SpendModel.P, sum.SpendModel.Q, sum.SpendModel.Gamma = model.Spend.P, model.Spend.Q, model.Spend.Gamma
	return sum, nil
}
