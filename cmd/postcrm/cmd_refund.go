package main

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"postcrm"
	"postcrm/demo"
	"postcrm/refund"
	"postcrm/sqlstore"
)

// runRefund is the refund workflow's commands: the daily reminder
// sweep, the import of another system's case events, the monthly report.
func runRefund(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("用法: postcrm refund sweep|import FILE|report --month YYYY-MM")
	}
	switch args[0] {
	case "sweep":
		return refundSweep(ctx, e, args[1:])
	case "import":
		return refundImport(ctx, e, args[1:])
	case "report":
		return refundReport(ctx, e, args[1:])
	}
	return fmt.Errorf("没有“refund %s”，可选 sweep、import、report", args[0])
}

// refundSweep is the daily run (cron) of refund.Sweep: 催办 and
// escalations of overdue steps, into the notice outbox.
func refundSweep(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "refund sweep", "")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	return withStore(ctx, e, func(s *sqlstore.Store) error {
		res, err := refund.Sweep(ctx, s, time.Now())
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "退费催办：催办 %d 件，升级 %d 件（通知已进发送队列）。\n", res.Reminded, res.Escalated)
		return nil
	})
}

func refundImport(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "refund import", "FILE [--rejects PATH]")
	rejects := fs.String("rejects", "", "被规则拒绝的事件写到这个文件（默认 FILE.rejects.csv）")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("用法: postcrm refund import FILE [--rejects PATH]")
	}
	path := fs.Arg(0)
	if *rejects == "" {
		*rejects = path + ".rejects.csv"
	}
	return withStore(ctx, e, func(s *sqlstore.Store) error {
		res, err := refund.Import(ctx, s, path, *rejects)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "退费事件：应用 %d 条，已导入过跳过 %d 条，被规则拒绝 %d 条", res.Applied, res.Skipped, res.Rejected)
		if res.Rejected > 0 {
			fmt.Fprintf(e.stdout, "（见 %s）", *rejects)
		}
		fmt.Fprintln(e.stdout, "。")
		return nil
	})
}

func refundReport(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "refund report", "--month YYYY-MM [--json] [-o FILE.xlsx]")
	month := fs.String("month", "", "月份 YYYY-MM")
	asJSON := fs.Bool("json", false, "输出 JSON 到标准输出")
	out := fs.String("o", "", "写到这个 xlsx 文件（默认 refunds-YYYY-MM.xlsx）")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	m, err := time.Parse("2006-01", *month)
	if err != nil {
		return fmt.Errorf("--month 应为 YYYY-MM，不是 %q", *month)
	}
	return withStore(ctx, e, func(s *sqlstore.Store) error {
		r, err := refund.MonthReport(ctx, s, postcrm.Scope{Role: postcrm.RoleProvinceAdmin}, m.Year()*100+int(m.Month()))
		if err != nil {
			return err
		}
		if *asJSON && *out == "" {
			enc := json.NewEncoder(e.stdout)
			enc.SetIndent("", "  ")
			return enc.Encode(r)
		}
		offices, err := s.Offices(ctx)
		if err != nil {
			return err
		}
		names := make(map[string]string, len(offices))
		for _, o := range offices {
			names[o.Code] = o.Name
		}
		path := *out
		if path == "" {
			path = "refunds-" + r.Month + ".xlsx"
		}
		if err := writeWorkbook(path, r.Workbook("全省", names)); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "已写 %s：受理 %d 件，办结 %d 件，驳回 %d 件，月末未办结 %d 件（逾期 %d 件），退费 %.2f 元。\n",
			path, r.Opened, r.Closed, r.Rejected, r.OpenAtEnd, r.Overdue, r.RefundedYuan)
		if *asJSON {
			enc := json.NewEncoder(e.stdout)
			enc.SetIndent("", "  ")
			return enc.Encode(r)
		}
		return nil
	})
}

// demoRefunds simulates the demo's last month of refund cases.
func demoRefunds(ctx context.Context, e *env, s *sqlstore.Store, month int) error {
	res, err := demo.SimulateRefunds(ctx, s, month, 14)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "模拟 %s 退件邮费退还：%d 件（办结 %d、驳回 %d、未办结 %d；退回核实 %d 次，退款失败 %d 次；审批慢的营业部 %d 个），月末催办 %d 件、升级 %d 件。网页上“退费”“退费月报”查看。\n",
		monthText(month), res.Cases, res.Closed, res.Rejected, res.Open, res.SentBack, res.PayFailures, len(res.SlowOffices), res.Reminded, res.Escalated)
	return nil
}
