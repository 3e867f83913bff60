package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"postcrm"
	"postcrm/analysis"
	"postcrm/calendar"
	"postcrm/demo"
	"postcrm/evaluate"
	"postcrm/sqlstore"
)

// runEval scores a month's warnings and walk-in scores against the ground
// truth of the demo province the store was loaded with: the ones
// `analyze` stored, or, for a month it has not run on (or with --rerun), a
// re-analysis that is not stored.
func runEval(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "eval", "--month YYYY-MM [--dir DIR] [--rerun] [--holidays FILE] [--alerts]")
	flags := addMonthFlags(fs, "评估哪个月 YYYY-MM（默认：上一个完整月）")
	dir := fs.String("dir", "demo-data", "模拟省份的目录（其中的 truth_*.csv 是真实情况）")
	alerts := fs.Bool("alerts", false, "也评估早期预警：逐日重算这个月和下个月（不保存），停发后多少天预警、月度分析多少天，以及正常客户的误报")
	rerun := fs.Bool("rerun", false, "不评估已保存的预警，按当月的合同状态重新分析（不保存）后评估")
	month, holidays, err := flags.parse(fs, args)
	if err != nil {
		return err
	}
	truth, err := demo.LoadTruth(*dir)
	if err != nil {
		return fmt.Errorf("评估只能在模拟省份上做: %w", err)
	}
	return withStore(ctx, e, func(s *sqlstore.Store) error {
		customers, err := s.Customers(ctx)
		if err != nil {
			return fmt.Errorf("读取协议客户: %w", err)
		}
		cfg := analysis.DefaultConfig()
		err = evaluate.ErrNotAnalysed
		var r evaluate.Report
		if !*rerun {
			r, err = evaluate.Stored(ctx, s, s, customers, truth.Customers, month, cfg)
			if errors.Is(err, evaluate.ErrNotAnalysed) {
				fmt.Fprintf(e.stdout, "%s 还没有分析过（postcrm analyze --month %[1]s），下面是重新分析（不保存）的评估。\n", month.String())
			}
		}
		if errors.Is(err, evaluate.ErrNotAnalysed) {
			cal := holidays.cal
			if cal == nil {
				if cal, err = calendar.Stored(ctx, s); err != nil {
					return err
				}
			}
			r, err = evaluate.Month(ctx, s, s, customers, truth.Customers, month, cal, cfg)
		}
		if err != nil {
			return err
		}
		printContractEval(e.stdout, r, cfg)
		var wr evaluate.WalkinReport
		if r.Stored {
			wr, err = evaluate.StoredWalkins(ctx, s, month, truth)
		} else {
			ws, model, ferr := analysis.ModelWalkins(ctx, s, month)
			if ferr != nil {
				return ferr
			}
			wr, err = evaluate.Walkins(month, ws, model, truth)
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "散户 %d 个（%d 个月末仍活跃）\n", wr.Walkins, wr.Alive)
		fmt.Fprintf(e.stdout, "  BG/NBD 参数 r=%.3f α=%.2f a=%.3f b=%.3f，真实值 r=%.3f α=%.2f a=%.3f b=%.3f\n",
			wr.Fitted.R, wr.Fitted.Alpha, wr.Fitted.A, wr.Fitted.B, wr.True.R, wr.True.Alpha, wr.True.A, wr.True.B)
		fmt.Fprintf(e.stdout, "  P(活跃) AUC %.4f，用真实参数的 AUC %.4f（达到 %.1f%%）\n", wr.AUC, wr.TrueAUC, 100*wr.AUC/wr.TrueAUC)
		if !*alerts {
			return nil
		}
		return evalAlerts(ctx, e, s, truth, month)
	})
}

// evalAlerts prints the early alerts' back-test of month beside the
// monthly analysis's.
func evalAlerts(ctx context.Context, e *env, s *sqlstore.Store, truth demo.Truth, month postcrm.Month) error {
	set, err := s.AlertSettings(ctx)
	if err != nil {
		return err
	}
	last, err := s.LastDataDay(ctx)
	if err != nil {
		return err
	}
	r, err := evaluate.Alerts(ctx, s, truth.Customers, month, set, last)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "早期预警（%s 至 %s 逐日重算，概率水平 停发 %g、骤减 %g）：%s 新发 停发 %d、骤减 %d\n",
		r.From, r.To, set.SilentLevel, set.SlowdownLevel, month, r.Raised[postcrm.WarnSilent], r.Raised[postcrm.WarnSlowdown])
	fmt.Fprintf(e.stdout, "  %s 停发的客户（此前月均 ≥ 10 件）%d 户：\n", month, r.Stops)
	for _, d := range []struct {
		name string
		d    evaluate.Delay
	}{{"早期预警", r.AlertDelay}, {"月度分析", r.MonthlyDelay}} {
		fmt.Fprintf(e.stdout, "    %s：发现 %d 户，未发现 %d 户；停发到预警 中位数 %.1f 天，90%% 分位 %.1f 天\n", d.name, d.d.Found, d.d.Missed, d.d.Median, d.d.P90)
	}
	fmt.Fprintf(e.stdout, "    两者都发现的 %d 户：早期预警 中位数 %.1f 天、90%% 分位 %.1f 天；月度分析 中位数 %.1f 天、90%% 分位 %.1f 天\n",
		r.Both, r.BothAlert[0], r.BothAlert[1], r.BothMonthly[0], r.BothMonthly[1])
	fmt.Fprintf(e.stdout, "  未变化、非季节性的客户 %d 户：当月误报 %d 条（每户每天 %.4f%%），当月被误报过的客户 %d 户（%.2f%%）\n",
		r.Unchanged, r.FalseAlerts, 100*r.FalsePerDay, r.FalseCustomers, 100*float64(r.FalseCustomers)/float64(max(1, r.Unchanged)))
	return nil
}

// printContractEval prints both recalls with what each counts: the
// material one is what the thresholds promise, the plain one includes the
// small customers they exclude by design.
func printContractEval(w io.Writer, r evaluate.Report, cfg analysis.Config) {
	source := " analyze 保存的预警"
	if !r.Stored {
		source = "重新分析（未保存）的预警"
	}
	fmt.Fprintf(w, "协议客户 %s：评估%s，%d 户参与判断\n", r.Month.String(), source, r.Judged)
	for _, sc := range []evaluate.Score{r.Model, r.Naive} {
		name := "本系统"
		if sc.Method == "naive" {
			name = fmt.Sprintf("对照：环比下降 %.0f%%", 100*evaluate.NaiveDrop)
		}
		fmt.Fprintf(w, "  %s：预警 %d，精确率 %.3f，正常客户误报 %d/%d（%.2f%%）\n",
			name, sc.Warnings, sc.Precision(), sc.FalsePositives, sc.Normal, 100*sc.FalsePositiveRate())
		fmt.Fprintf(w, "    召回率（达到预警门槛的变化）%.3f（%d/%d）：下滑当月少收 ≥ %s 元、流失当月少 ≥ %d 件\n",
			sc.MaterialRecall(), sc.MaterialDetected, sc.MaterialTargets, yuan(cfg.MinRevenueAtRiskFen), evaluate.DetectableItems)
		fmt.Fprintf(w, "    召回率（全部可检出的变化）%.3f（%d/%d）：变化前月均 ≥ %d 件的全部下滑和流失，含少收不足门槛、按设计不预警的\n",
			sc.Recall(), sc.Detected, sc.Targets, evaluate.DetectableItems)
	}
	rows := []struct {
		name string
		sc   evaluate.Score
	}{{"收寄政策调整涉及的客户", r.Adjusted}, {fmt.Sprintf("其中当月应寄量被扣除 ≥ %.0f%% 的", 100*evaluate.HeavyShare), r.Heavy}}
	if r.Ignoring != nil {
		rows = append(rows, struct {
			name string
			sc   evaluate.Score
		}{"对照：同一批客户不扣除调整", r.Ignoring[0]}, struct {
			name string
			sc   evaluate.Score
		}{fmt.Sprintf("对照：其中扣除 ≥ %.0f%% 的，不扣除", 100*evaluate.HeavyShare), r.Ignoring[1]})
	}
	for _, a := range rows {
		sc := a.sc
		fmt.Fprintf(w, "  %s：正常客户 %d 户，误报 %d；可检出的变化 %d 户，漏报 %d（达到门槛的 %d 户，漏报 %d）\n",
			a.name, sc.Normal, sc.FalsePositives, sc.Targets, sc.Targets-sc.Detected,
			sc.MaterialTargets, sc.MaterialTargets-sc.MaterialDetected)
	}
}
