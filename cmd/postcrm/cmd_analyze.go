package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"strings"
	"time"

	"postcrm"
	"postcrm/calendar"
	"postcrm/monthly"
	"postcrm/sqlstore"
	"postcrm/textfmt"
)

// monthFlag reads --month YYYY-MM; empty means the last complete month.
func monthFlag(s string) (postcrm.Month, error) {
	if s == "" {
		return postcrm.DateOf(time.Now()).YearMonth().Prev(), nil
	}
	return parseMonth("--month", s)
}

// parseMonth reads the YYYY-MM value of flag.
func parseMonth(flag, s string) (postcrm.Month, error) {
	m, err := postcrm.ParseMonth(s)
	if err != nil {
		return 0, fmt.Errorf("%s 的%w", flag, err)
	}
	return m, nil
}

// analysisSummary is what `analyze --json` prints: the monthly job's
// summary, then what the command did after it.
type analysisSummary struct {
	monthly.Summary
	// Measured lists the follow-up measurements the analysis made
	// possible or changed, kept for the effect page and the reports
	// ("2026-08 +1": August's warnings one month on).
	Measured []string `json:"measured,omitempty"`
	// Dispatch is what the dispatch run after the analysis did; nil with
	// --no-dispatch.
	Dispatch *dispatchSummary `json:"dispatch,omitempty"`
}

// summaryLine is the monthly job's summary in one sentence.
func summaryLine(s monthly.Summary) string {
	w := s.Warnings
	return fmt.Sprintf("%s 月度分析：协议客户 %s 户，发件量下滑 %d、疑似流失 %d、起量慢 %d；散户 %s 个，高价值散户流失 %d。",
		s.Month, textfmt.Thousands(int64(s.ContractCustomersAnalyzed)), w["decline"], w["churn"], w["slow_start"],
		textfmt.Thousands(int64(s.WalkinModel.Customers)), w["walkin_churn"])
}

// monthFlags are the flags analyze and eval share: --month YYYY-MM and
// --holidays FILE, a holiday table laid over the built-in one (see
// calendar.Load): analyze stores it for every later analysis and
// measurement, eval uses it for its run alone.
type monthFlags struct{ month, holidays *string }

func addMonthFlags(fs *flag.FlagSet, monthUsage string) monthFlags {
	return monthFlags{
		month:    fs.String("month", "", monthUsage),
		holidays: fs.String("holidays", "", "节假日表 CSV（日期,安排,节日），覆盖内置 2023—2028 年表中它所跨的日子；analyze 会保存它，此后的分析和跟进成效都按它算，eval 只用于本次"),
	}
}

// parse parses args and returns the month (default: the last complete
// one) and the holiday table given with its text (empty without
// --holidays).
func (f monthFlags) parse(fs *flag.FlagSet, args []string) (postcrm.Month, holidayTable, error) {
	if err := parseFlags(fs, args); err != nil {
		return 0, holidayTable{}, err
	}
	month, err := monthFlag(*f.month)
	if err != nil || *f.holidays == "" {
		return month, holidayTable{}, err
	}
	var h holidayTable
	h.cal, h.text, err = calendar.Load(*f.holidays)
	return month, h, err
}

// holidayTable is a holiday table given with --holidays, read and laid
// over the built-in calendar.
type holidayTable struct {
	cal  *calendar.Calendar // nil: none given
	text string
}

func runAnalyze(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "analyze", "--month YYYY-MM [--no-dispatch] [--json] [--holidays FILE]")
	flags := addMonthFlags(fs, "分析哪个月 YYYY-MM（默认：上一个完整月）")
	noDispatch := fs.Bool("no-dispatch", false, "只分析，不派发预警（默认分析后即按今天派发）")
	asJSON := fs.Bool("json", false, "以 JSON 输出摘要")
	month, holidays, err := flags.parse(fs, args)
	if err != nil {
		return err
	}
	return withFacts(ctx, e, func(s *sqlstore.Store, facts factStore) error {
		var sum analysisSummary
		sum.Summary, err = monthly.Run(ctx, facts, monthly.Options{Month: month, Holidays: holidays.text})
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
		if sum.Measured, err = warmMeasurements(ctx, facts, month); err != nil {
			return err
		}
		if *asJSON {
			enc := json.NewEncoder(e.stdout)
			enc.SetIndent("", "  ")
			return enc.Encode(sum)
		}
		fmt.Fprintln(e.stdout, summaryLine(sum.Summary))
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
