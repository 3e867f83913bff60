package main

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"postcrm"
	"postcrm/sqlstore"
	"postcrm/textfmt"
)

func runMigrate(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "migrate", "")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	return withStore(ctx, e, func(s *sqlstore.Store) error {
		if err := s.Migrate(ctx); err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, "数据库结构已是最新。")
		return nil
	})
}

func runStats(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "stats", "")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	return withStore(ctx, e, func(s *sqlstore.Store) error {
		return printStoreStats(ctx, e, s)
	})
}

func printStoreStats(ctx context.Context, e *env, s postcrm.Store) error {
	lines, err := s.Stats(ctx)
	if err != nil {
		return fmt.Errorf("统计: %w", err)
	}
	printStats(e, lines)
	return nil
}

// printStats prints one line per city, biggest by volume first, and the
// province total.
func printStats(e *env, lines []postcrm.CityStats) {
	lines = slices.Clone(lines)
	slices.SortStableFunc(lines, func(a, b postcrm.CityStats) int { return cmp.Compare(b.Waybills, a.Waybills) })
	n := textfmt.Thousands
	row := func(l postcrm.CityStats) []string {
		return []string{l.City, n(l.Offices), n(l.Staff), n(l.Customers), n(l.Waybills),
			yuan(l.PostageFen), n(l.Walkins), n(l.Members), n(l.Findings)}
	}
	total := postcrm.CityStats{City: "全省合计"}
	var rows [][]string
	for _, l := range lines {
		rows = append(rows, row(l))
		total.Offices += l.Offices
		total.Staff += l.Staff
		total.Customers += l.Customers
		total.Waybills += l.Waybills
		total.PostageFen += l.PostageFen
		total.Walkins += l.Walkins
		total.Members += l.Members
		total.Findings += l.Findings
	}
	rows = append(rows, row(total))
	printTable(e.stdout, []string{"地市", "营业部", "人员", "协议客户", "邮件", "资费(元)", "散户", "电子渠道会员", "数据质量问题"}, rows)
}

// yuan formats fen as yuan with two decimals and thousands separators.
func yuan(fen int64) string {
	sign := ""
	if fen < 0 {
		sign, fen = "-", -fen
	}
	return fmt.Sprintf("%s%s.%02d", sign, textfmt.Thousands(fen/100), fen%100)
}
