package main

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"postcrm/calendar"
	"postcrm/sqlstore"
)

// runHolidays shows, imports or clears the holiday table the store
// keeps: laid over the built-in calendar, it is what every analysis and
// every follow-up measurement uses (analyze --holidays imports one too).
func runHolidays(ctx context.Context, e *env, args []string) error {
	const usage = "用法: postcrm holidays show|import FILE|clear"
	switch {
	case len(args) == 1 && (args[0] == "show" || args[0] == "clear"):
	case len(args) == 2 && args[0] == "import":
	case len(args) > 0 && !slices.Contains([]string{"show", "import", "clear"}, args[0]):
		return fmt.Errorf("没有“holidays %s”，可选 show、import、clear", args[0])
	default:
		return errors.New(usage + "（节假日表 CSV：日期,安排,节日）")
	}
	return withStore(ctx, e, func(s *sqlstore.Store) error {
		switch args[0] {
		case "import":
			_, table, err := calendar.Load(args[1])
			if err != nil {
				return err
			}
			if err := s.SaveHolidayTable(ctx, table); err != nil {
				return fmt.Errorf("保存节假日表: %w", err)
			}
			fmt.Fprintf(e.stdout, "已导入节假日表 %s；此后的分析和跟进成效都按它计算，已分析的月份请重新 analyze。\n", args[1])
		case "clear":
			if err := s.SaveHolidayTable(ctx, ""); err != nil {
				return fmt.Errorf("清除节假日表: %w", err)
			}
			fmt.Fprintln(e.stdout, "已清除导入的节假日表，恢复内置 2023—2028 年表；已分析的月份请重新 analyze。")
		case "show":
			table, err := s.HolidayTable(ctx)
			if err != nil {
				return err
			}
			if table == "" {
				fmt.Fprintln(e.stdout, "没有导入节假日表，使用内置 2023—2028 年表。")
			}
			fmt.Fprint(e.stdout, table)
		}
		return nil
	})
}
