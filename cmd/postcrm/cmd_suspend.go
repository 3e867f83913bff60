package main

import (
	"context"
	"fmt"
	"time"

	"postcrm"
	"postcrm/ingest"
	"postcrm/sqlstore"
)

// runSuspend records the periods in which an office could not accept
// items (收寄服务暂停/限制); the analysis counts those days as no-service
// days instead of a drop in the customers' shipping.
func runSuspend(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("用法: postcrm suspend add|delete|list …")
	}
	fs := newFlags(e, "suspend "+args[0], "--office 机构代码 --from YYYY-MM-DD [--to YYYY-MM-DD] [--reason 原因]")
	office := fs.String("office", "", "营业部的 8 位机构代码")
	from := fs.String("from", "", "暂停收寄的第一天 YYYY-MM-DD")
	to := fs.String("to", "", "恢复收寄前的最后一天 YYYY-MM-DD（默认与 --from 同一天）")
	reason := fs.String("reason", "", "原因，例如 疫情封控、暴雨")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	return withStore(ctx, e, func(s *sqlstore.Store) error {
		switch args[0] {
		case "list":
			return listSuspensions(ctx, e, s)
		case "add":
			sp, err := suspensionFlags(*office, *from, *to)
			if err != nil {
				return err
			}
			sp.Reason = *reason
			if err := knownOffice(ctx, s, sp.OfficeCode); err != nil {
				return err
			}
			if err := s.SaveSuspension(ctx, sp); err != nil {
				return fmt.Errorf("保存暂停收寄记录: %w", err)
			}
			fmt.Fprintf(e.stdout, "已记录：%s 在 %s 至 %s 暂停收寄（%s）\n", sp.OfficeCode, sp.From, sp.To, sp.Reason)
			return nil
		case "delete":
			sp, err := suspensionFlags(*office, *from, *from)
			if err != nil {
				return err
			}
			return s.DeleteSuspension(ctx, sp.OfficeCode, sp.From)
		}
		return fmt.Errorf("没有“suspend %s”，可选 add、delete、list", args[0])
	})
}

// suspensionFlags reads a suspension's flags and checks its days as the
// register import checks a row's; an empty --to is the --from day.
func suspensionFlags(office, from, to string) (postcrm.Suspension, error) {
	if office == "" || from == "" {
		return postcrm.Suspension{}, fmt.Errorf("请用 --office 和 --from 指明营业部和开始日期")
	}
	sp := postcrm.Suspension{OfficeCode: office}
	var err error
	if sp.From, err = dayFlag("--from", from); err != nil {
		return sp, err
	}
	if to != "" {
		if sp.To, err = dayFlag("--to", to); err != nil {
			return sp, err
		}
	}
	if err := ingest.CheckSuspensionDays(&sp); err != nil {
		return sp, fmt.Errorf("--to %s %w", sp.To, err)
	}
	return sp, nil
}

// knownOffice refuses a suspension of an office the org data lacks, as
// the register import rejects its row.
func knownOffice(ctx context.Context, s postcrm.Store, code string) error {
	offices, err := s.Offices(ctx)
	if err != nil {
		return fmt.Errorf("读取营业部: %w", err)
	}
	for _, o := range offices {
		if o.Code == code {
			return nil
		}
	}
	return fmt.Errorf("机构代码“%s”在机构人员数据里没有，请先导入机构人员，或核对代码", code)
}

func dayFlag(name, s string) (postcrm.Date, error) {
	t, err := time.ParseInLocation("2006-01-02", s, postcrm.ChinaTime)
	if err != nil {
		return 0, fmt.Errorf("%s 应为 YYYY-MM-DD，例如 2026-03-08：%q", name, s)
	}
	return postcrm.DateOf(t), nil
}

func listSuspensions(ctx context.Context, e *env, s *sqlstore.Store) error {
	list, err := s.Suspensions(ctx)
	if err != nil {
		return fmt.Errorf("读取暂停收寄记录: %w", err)
	}
	rows := make([][]string, len(list))
	for i, sp := range list {
		rows[i] = []string{sp.OfficeCode, sp.From.String(), sp.To.String(), sp.Reason}
	}
	printTable(e.stdout, []string{"机构代码", "开始", "结束", "原因"}, rows)
	return nil
}
