package main

import (
	"context"
	"fmt"
	"text/tabwriter"

	"postcrm"
	"postcrm/progress"
)

func runMigrate(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "migrate", "")
	if err := fs.Parse(args); err != nil {
		return err
	}
	s, err := openStore(ctx, e.dsn)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.Migrate(ctx); err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, "数据库结构已是最新。")
	return nil
}

func runStats(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "stats", "")
	if err := fs.Parse(args); err != nil {
		return err
	}
	s, err := openStore(ctx, e.dsn)
	if err != nil {
		return err
	}
	defer s.Close()
	lines, err := s.Stats(ctx)
	if err != nil {
		return fmt.Errorf("统计: %w", err)
	}
	printStats(e, lines)
	return nil
}

func printStats(e *env, lines []postcrm.CityStats) {
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "地市\t营业部\t人员\t协议客户\t邮件\t资费(元)\t散户\t电子渠道会员\t数据质量问题\t")
	row := func(l postcrm.CityStats) {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", l.City,
			progress.Thousands(l.Offices), progress.Thousands(l.Staff), progress.Thousands(l.Customers),
			progress.Thousands(l.Waybills), yuan(l.PostageFen), progress.Thousands(l.Walkins),
			progress.Thousands(l.Members), progress.Thousands(l.Findings))
	}
	total := postcrm.CityStats{City: "全省合计"}
	for _, l := range lines {
		row(l)
		total.Offices += l.Offices
		total.Staff += l.Staff
		total.Customers += l.Customers
		total.Waybills += l.Waybills
		total.PostageFen += l.PostageFen
		total.Walkins += l.Walkins
		total.Members += l.Members
		total.Findings += l.Findings
	}
	row(total)
	tw.Flush()
}

// yuan formats fen as yuan with two decimals and thousands separators.
func yuan(fen int64) string {
	sign := ""
	if fen < 0 {
		sign, fen = "-", -fen
	}
	return fmt.Sprintf("%s%s.%02d", sign, progress.Thousands(fen/100), fen%100)
}
