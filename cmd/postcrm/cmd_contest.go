package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"text/tabwriter"

	"postcrm/contest"
)

// runContest runs the contest's offline tools: replay folds an event log
// under a rule sheet with the server's own code and prints the result.
func runContest(_ context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] != "replay" {
		return errors.New("用法: postcrm contest replay --rules 规则.json --events 事件.jsonl [--json]")
	}
	fs := newFlags(e, "contest replay", "--rules FILE --events FILE.jsonl [--json]")
	rulesPath := fs.String("rules", "", "规则文件（JSON，见 docs/contest.md）")
	eventsPath := fs.String("events", "", "事件日志（JSON Lines，每行一个事件）")
	asJSON := fs.Bool("json", false, "输出 JSON")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	if *rulesPath == "" || *eventsPath == "" {
		return errors.New("--rules 和 --events 都要给出")
	}
	rules, err := contest.LoadRules(*rulesPath)
	if err != nil {
		return fmt.Errorf("%s: %w", *rulesPath, err)
	}
	f, err := os.Open(*eventsPath)
	if err != nil {
		return err
	}
	defer f.Close()
	evs, err := contest.ReadEvents(f)
	if err != nil {
		return fmt.Errorf("%s: %w", *eventsPath, err)
	}
	st, err := contest.Replay(rules, evs)
	if err != nil {
		return fmt.Errorf("%s: %w", *eventsPath, err)
	}
	res := st.Result()
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "名次\t席位\t队\t抽签\t得分\t犯规")
	for _, t := range res.Teams {
		fmt.Fprintf(tw, "%d\t%d\t%s\t%d\t%d\t%d\n", t.Rank, t.Seat, t.Name, t.Lot, t.Score, t.Fouls)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	name := func(seat int) string { return st.Teams[seat-1] }
	fmt.Fprintf(e.stdout, "\n犯规（抢跑）%d 次:\n", len(res.Fouls))
	for _, f := range res.Fouls {
		note := fmt.Sprintf("第 %d 次，扣 %d 分", f.Nth, f.Penalty.Deduct)
		if f.Penalty.LoseTurn {
			note += "，本题失去抢答"
		}
		if f.Penalty.Bar {
			note += "，本轮取消抢答"
		}
		if f.Reversed {
			note = "已被改判撤销"
		}
		fmt.Fprintf(e.stdout, "  事件 %d 第 %d 轮 题 %s  %s  提前 %d 毫秒  %s\n", f.Seq, f.Round, f.Question, name(f.Team), f.OffsetMS, note)
	}
	if len(res.ChooseOrder) > 0 {
		fmt.Fprint(e.stdout, "\n风险题选题顺序:")
		for i, seat := range res.ChooseOrder {
			fmt.Fprintf(e.stdout, " %d.%s", i+1, name(seat))
		}
		fmt.Fprintln(e.stdout)
		for _, c := range res.Choices {
			if c.Abstain {
				fmt.Fprintf(e.stdout, "  %s 放弃\n", name(c.Team))
			} else {
				fmt.Fprintf(e.stdout, "  %s 选 %d 分 题 %s\n", name(c.Team), c.Tier, c.Question)
			}
		}
	}
	for _, r := range res.Reversals {
		fmt.Fprintf(e.stdout, "\n改判: 事件 %d（%s）改为 %s，%s，理由：%s\n", r.Target, r.From, r.To, r.By, r.Reason)
	}
	return nil
}
