package main

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
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
		return fmt.Errorf("用法: postcrm refund sweep|import FILE|report --month YYYY-MM|reason [add open|reject 原因]|due [STEP HOURS working|calendar]")
	}
	switch args[0] {
	case "sweep":
		return refundSweep(ctx, e, args[1:])
	case "import":
		return refundImport(ctx, e, args[1:])
	case "report":
		return refundReport(ctx, e, args[1:])
	case "reason":
		return refundReason(ctx, e, args[1:])
	case "due":
		return refundDue(ctx, e, args[1:])
	}
	return fmt.Errorf("没有“refund %s”，可选 sweep、import、report、reason、due", args[0])
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
	m, err := parseMonth("--month", *month)
	if err != nil {
		return err
	}
	return withStore(ctx, e, func(s *sqlstore.Store) error {
		r, err := refund.MonthReport(ctx, s, postcrm.Scope{Role: postcrm.RoleProvinceAdmin}, m)
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
func demoRefunds(ctx context.Context, e *env, s *sqlstore.Store, month postcrm.Month) error {
	res, err := demo.SimulateRefunds(ctx, s, month, 14)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "模拟 %s 退件邮费退还：%d 件（办结 %d、驳回 %d、未办结 %d；退回核实 %d 次，退款失败 %d 次；审批慢的营业部 %d 个），月末催办 %d 件、升级 %d 件。网页上“退费”“退费月报”查看。\n",
		month, res.Cases, res.Closed, res.Rejected, res.Open, res.SentBack, res.PayFailures, len(res.SlowOffices), res.Reminded, res.Escalated)
	return nil
}

// refundReason lists the opening and rejecting reasons, or adds one
// (the province extends the lists).
func refundReason(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "refund reason", "[add open|reject 原因]")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	return withStore(ctx, e, func(s *sqlstore.Store) error {
		switch {
		case fs.NArg() == 3 && fs.Arg(0) == "add":
			if err := s.AddRefundReason(ctx, postcrm.RefundReasonKind(fs.Arg(1)), fs.Arg(2), cliActor); err != nil {
				return err
			}
		case fs.NArg() != 0:
			return fmt.Errorf("用法: postcrm refund reason [add open|reject 原因]")
		}
		rs, err := s.RefundReasons(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "受理原因（open）：%s\n驳回原因（reject）：%s\n",
			strings.Join(rs[postcrm.RefundReasonOpen], "、"), strings.Join(rs[postcrm.RefundReasonReject], "、"))
		return nil
	})
}

// refundDue lists the steps' due times, or sets one: STEP is verify,
// approve, pay, paid or escalate, HOURS a whole number, working or
// calendar hours; warn_open DAYS sets the retention warning's days.
func refundDue(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "refund due", "[verify|approve|pay|paid|escalate HOURS working|calendar] [warn_open DAYS]")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	return withStore(ctx, e, func(s *sqlstore.Store) error {
		st, err := s.RefundSettings(ctx)
		if err != nil {
			return err
		}
		if fs.NArg() > 0 {
			n, err := strconv.Atoi(fs.Arg(1))
			if fs.NArg() < 2 || err != nil {
				return fmt.Errorf("用法: postcrm refund due STEP HOURS working|calendar")
			}
			d := postcrm.RefundDue{Hours: n, Working: fs.Arg(2) == "working"}
			switch step := postcrm.RefundState(fs.Arg(0)); {
			case fs.Arg(0) == "warn_open":
				st.WarnOpenDays = n
			case fs.NArg() != 3 || (fs.Arg(2) != "working" && fs.Arg(2) != "calendar"):
				return fmt.Errorf("时限要说明是 working（工作时间）还是 calendar（自然时间）")
			case fs.Arg(0) == "escalate":
				st.Escalate = d
			case slices.Contains([]postcrm.RefundState{postcrm.RefundVerify, postcrm.RefundApprove, postcrm.RefundPay, postcrm.RefundPaid}, step):
				st.Steps[step] = d
			default:
				return fmt.Errorf("没有“%s”这个环节，可选 verify、approve、pay、paid、escalate、warn_open", fs.Arg(0))
			}
			if err := s.SaveRefundSettings(ctx, st, cliActor); err != nil {
				return err
			}
		}
		kind := func(d postcrm.RefundDue) string {
			if d.Working {
				return fmt.Sprintf("%d 个工作小时", d.Hours)
			}
			return fmt.Sprintf("%d 小时（自然时间）", d.Hours)
		}
		for _, step := range []postcrm.RefundState{postcrm.RefundVerify, postcrm.RefundApprove, postcrm.RefundPay, postcrm.RefundPaid} {
			fmt.Fprintf(e.stdout, "%-8s %s：%s\n", step, refund.StateLabels[step], kind(st.Steps[step]))
		}
		fmt.Fprintf(e.stdout, "%-8s 逾期后每隔：%s 升级一级\nwarn_open 受理超过 %d 天未办结的协议客户记退费预警\n", "escalate", kind(st.Escalate), st.WarnOpenDays)
		return nil
	})
}
