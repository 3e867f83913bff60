package main

import (
	"context"
	"fmt"

	"postcrm"
	"postcrm/analysis"
	"postcrm/calendar"
	"postcrm/demo"
	"postcrm/evaluate"
)

// runEval scores the month's analysis against the ground truth of the demo
// province the store was loaded with.
func runEval(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "eval", "--month YYYY-MM [--dir DIR]")
	monthArg := fs.String("month", "", "评估哪个月 YYYY-MM（默认：上一个完整月）")
	dir := fs.String("dir", "demo-data", "模拟省份的目录（其中的 truth_*.csv 是真实情况）")
	if err := fs.Parse(args); err != nil {
		return err
	}
	month, err := monthFlag(*monthArg)
	if err != nil {
		return err
	}
	truth, err := demo.LoadTruth(*dir)
	if err != nil {
		return fmt.Errorf("评估只能在模拟省份上做: %w", err)
	}
	return withStore(ctx, e, func(s postcrm.Store) error {
		customers, err := s.Customers(ctx)
		if err != nil {
			return fmt.Errorf("读取协议客户: %w", err)
		}
		r, err := evaluate.Month(ctx, s, customers, truth.Customers, month, calendar.Default(), analysis.DefaultConfig())
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "协议客户（%d 户参与判断）\n", r.Judged)
		for _, sc := range []evaluate.Score{r.Model, r.Naive} {
			name := "本系统"
			if sc.Method == "naive" {
				name = "环比下降30%"
			}
			fmt.Fprintf(e.stdout, "  %-10s 预警 %4d  精确率 %.3f  召回率 %.3f（其中金额显著的 %.3f）  正常客户误报率 %.2f%%\n",
				name, sc.Warnings, sc.Precision(), sc.Recall(), sc.MaterialRecall(), 100*sc.FalsePositiveRate())
		}
		ws, model, err := analysis.ModelWalkins(ctx, s, month)
		if err != nil {
			return err
		}
		wr, err := evaluate.Walkins(month, ws, model, truth)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "散户 %d 个（%d 个月末仍活跃）\n", wr.Walkins, wr.Alive)
		fmt.Fprintf(e.stdout, "  BG/NBD 参数 r=%.3f α=%.2f a=%.3f b=%.3f，真实值 r=%.3f α=%.2f a=%.3f b=%.3f\n",
			wr.Fitted.R, wr.Fitted.Alpha, wr.Fitted.A, wr.Fitted.B, wr.True.R, wr.True.Alpha, wr.True.A, wr.True.B)
		fmt.Fprintf(e.stdout, "  P(活跃) AUC %.4f，用真实参数的 AUC %.4f（达到 %.1f%%）\n", wr.AUC, wr.TrueAUC, 100*wr.AUC/wr.TrueAUC)
		return nil
	})
}
