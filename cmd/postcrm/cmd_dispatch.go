package main

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"time"

	"postcrm"
	"postcrm/demo"
	"postcrm/followup"
	"postcrm/ingest"
	"postcrm/monthly"
	"postcrm/sqlstore"
)

// todayFlag reads --today YYYY-MM-DD; empty means today in China.
func todayFlag(s string) (postcrm.Date, error) {
	if s == "" {
		return postcrm.DateOf(time.Now()), nil
	}
	return dayFlag("--today", s)
}

func runDispatch(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "dispatch", "--month YYYY-MM [--today YYYY-MM-DD] [--holdout 0.1]")
	monthArg := fs.String("month", "", "派发哪个月的预警 YYYY-MM（默认：上一个完整月）")
	todayArg := fs.String("today", "", "派发日期 YYYY-MM-DD（默认：今天），到期日和升级从这天算")
	holdout := fs.Float64("holdout", -1, "对照组比例（0 到 0.5），设置后保存为全省设置")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	month, err := monthFlag(*monthArg)
	if err != nil {
		return err
	}
	today, err := todayFlag(*todayArg)
	if err != nil {
		return err
	}
	return withStore(ctx, e, func(s *sqlstore.Store) error {
		if *holdout >= 0 {
			set, err := s.FollowupSettings(ctx)
			if err != nil {
				return err
			}
			set.HoldoutShare = *holdout
			if err := followup.ValidSettings(set); err != nil {
				return err
			}
			if err := s.SaveFollowupSettings(ctx, set, cliActor); err != nil {
				return err
			}
		}
		sum, err := dispatchMonth(ctx, s, month, today)
		if err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, sum.line())
		return nil
	})
}

// cliActor is who the command line's changes are audited as (cliUser).
var cliActor = postcrm.Actor{User: cliUser}

// dispatchSummary is what a dispatch run did; `analyze --json` prints it.
type dispatchSummary struct {
	Month      string `json:"month"`
	Today      string `json:"today"`
	Dispatched int    `json:"dispatched"`
	HeldOut    int    `json:"held_out"`
	Unassigned int    `json:"unassigned"` // nobody in the office to take it
	Withdrawn  int    `json:"withdrawn"`
	Reattached int    `json:"reattached"`
	Escalated  int    `json:"escalated"`
	Attached   int    `json:"attached_to_alerts"` // joined an open early alert's case instead
	Due        string `json:"due"`
}

// line is the summary in one sentence.
func (d dispatchSummary) line() string {
	attached := ""
	if d.Attached > 0 {
		attached = fmt.Sprintf("，并入未解除的早期预警 %d 条", d.Attached)
	}
	return fmt.Sprintf("%s 预警派发（%s）：新派发 %d 条，对照组 %d 条，无人可派 %d 条；撤销 %d 条，重新关联 %d 条，升级 %d 条%s。到期日 %s。",
		d.Month, d.Today, d.Dispatched, d.HeldOut, d.Unassigned, d.Withdrawn, d.Reattached, d.Escalated, attached, d.Due)
}

// dispatchMonth dispatches the month's warnings not dispatched yet,
// withdraws or re-attaches after a re-run and brings escalations up to
// date as of today.
func dispatchMonth(ctx context.Context, s *sqlstore.Store, month postcrm.Month, today postcrm.Date) (dispatchSummary, error) {
	p, set, err := followup.Run(ctx, s, month, today, -1, cliActor)
	if err != nil {
		return dispatchSummary{}, err
	}
	sum := dispatchSummary{Month: month.String(), Today: today.String(), Withdrawn: len(p.Withdraw), Reattached: len(p.Reattach),
		Escalated: len(p.Escalate), Attached: len(p.Attached), Due: followup.DueDate(today, set).String()}
	for _, d := range p.New {
		switch {
		case d.HeldOut:
			sum.HeldOut++
		case d.AssignedTo == "":
			sum.Unassigned++
		default:
			sum.Dispatched++
		}
	}
	return sum, nil
}

func runEffect(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "effect", "--month YYYY-MM [--lag 1|2] [--json]")
	monthArg := fs.String("month", "", "哪个月的预警 YYYY-MM")
	lag := fs.Int("lag", 1, "几个月后看恢复情况（1 或 2）")
	asJSON := fs.Bool("json", false, "以 JSON 输出")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	month, err := monthFlag(*monthArg)
	if err != nil {
		return err
	}
	return withStore(ctx, e, func(s *sqlstore.Store) error {
		r, err := followup.MeasureMonth(ctx, s, month, *lag)
		if err != nil {
			return err
		}
		if *asJSON {
			enc := json.NewEncoder(e.stdout)
			enc.SetIndent("", "  ")
			return enc.Encode(r)
		}
		printEffect(e, r)
		return nil
	})
}

var groupNames = [...]string{followup.Contacted: "已联系", followup.NotContacted: "派发未联系", followup.HeldOut: "对照组"}

// printEffect prints the recovery of each group and the uplift, in all
// and by kind.
func printEffect(e *env, r followup.Report) {
	fmt.Fprintf(e.stdout, "%s 预警 %d 个月后的恢复情况（发件量回到预期的 %.0f%% 以上算恢复）：\n",
		r.Month.String(), r.Lag, 100*followup.RecoveryShare)
	var rows [][]string
	for _, eff := range append([]followup.Effect{r.All}, r.ByKind...) {
		scope := eff.Key
		if scope == "" {
			scope = "全部"
		}
		for g, st := range eff.Groups {
			rows = append(rows, []string{scope, groupNames[g], fmt.Sprint(st.N), fmt.Sprint(st.Recovered),
				fmt.Sprintf("%.1f%%", 100*st.Rate), yuan(st.RecoveredFen)})
		}
	}
	printTable(e.stdout, []string{"范围", "分组", "户数", "恢复", "恢复率", "挽回收入(元)"}, rows)
	if u := r.All.Uplift; u.OK {
		fmt.Fprintf(e.stdout, "提升（已联系 − 对照组）：%+.1f 个百分点，95%% 置信区间 [%+.1f, %+.1f]（Newcombe 混合 score 区间）\n",
			100*u.Diff, 100*u.Low, 100*u.High)
	} else {
		fmt.Fprintln(e.stdout, "提升：已联系或对照组没有可衡量的客户，无法计算。")
	}
	if r.Unmeasured > 0 {
		fmt.Fprintf(e.stdout, "另有 %d 户在该月没有预期值（例如历史太短），未计入。\n", r.Unmeasured)
	}
}

// demoFollowup simulates the follow-up of the demo's warnings two months
// before its last (see demo.SimulateFollowup): it analyses that month,
// dispatches it, records the couriers' contacts and imports the won-back
// customers' waybills, which it adds to the demo's manifest.
func demoFollowup(ctx context.Context, e *env, s *sqlstore.Store, opts demo.Options, last postcrm.Date) error {
	month := postcrm.NewDate(last.Year(), last.Month()-2, 1).YearMonth()
	sum, err := monthly.Run(ctx, s, monthly.Options{Month: month})
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, "\n"+summaryLine(sum))
	// Half held out: a demo month has a handful of contract warnings, and
	// the province's 10% would leave the control group empty.
	sim := demo.DefaultFollowupSim(month)
	sim.Holdout = 0.5
	res, err := demo.SimulateFollowup(ctx, s, opts, sim)
	if err != nil {
		return fmt.Errorf("模拟预警跟进: %w", err)
	}
	if _, err := importQuietly(ctx, e, s, res.File.Kind, filepath.Join(opts.Dir, res.File.Name), ingest.Options{}); err != nil {
		return err
	}
	if err := demo.AddToManifest(opts.Dir, res.File); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "模拟 %s 预警跟进（协议客户的下滑、流失预警；演示数据预警少，一半抽作对照组）：派发 %d 条、对照组 %d 条，联系上 %d 户，挽回 %d 户（真实提升 %.1f 个百分点）。网页上“跟进效果”选 %s 查看。\n",
		month.String(), res.Dispatched, res.HeldOut, res.Contacted, res.WonBack, 100*res.TrueUplift, month.String())
	return nil
}

// demoDispatch dispatches the demo's last month on the day after it, so
// that the couriers of the demo have open warnings.
func demoDispatch(ctx context.Context, e *env, s *sqlstore.Store, last postcrm.Date) error {
	sum, err := dispatchMonth(ctx, s, last.YearMonth(), last.AddDays(1))
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, sum.line())
	return nil
}
