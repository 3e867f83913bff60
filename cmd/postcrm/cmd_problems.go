package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"postcrm"
	"postcrm/notice"
	"postcrm/problem"
	"postcrm/sqlstore"
)

// runProblems is the problem list's command line: the overdue reminders
// (for cron, or a scheduler in serve) and a list of the open problems.
func runProblems(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("用法: postcrm problems remind|list …")
	}
	switch args[0] {
	case "remind":
		return remindProblems(ctx, e, args[1:])
	case "list":
		return listProblems(ctx, e, args[1:])
	}
	return fmt.Errorf("没有“problems %s”，可选 remind、list", args[0])
}

// remindProblems writes the overdue reminders due today to the notice
// outbox, once per week for each overdue problem and measure; the
// notices' delivery (serve, or `notices send`) sends them.
func remindProblems(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "problems remind", "[--today YYYY-MM-DD]")
	todayArg := fs.String("today", "", "按哪天算逾期 YYYY-MM-DD（默认：今天）")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	now := time.Now()
	if *todayArg != "" {
		today, err := todayFlag(*todayArg)
		if err != nil {
			return err
		}
		now = today.Time().Add(9 * time.Hour)
	}
	return withStore(ctx, e, func(s *sqlstore.Store) error {
		n, err := problem.Remind(ctx, s, now)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "领题破题逾期提醒：新写入 %d 条（同一问题或措施每 %d 天提醒一次），由派单通知发送。\n", n, problem.RemindEvery)
		return nil
	})
}

func listProblems(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "problems list", "")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	return withStore(ctx, e, func(s *sqlstore.Store) error {
		ps, err := s.OpenProblems(ctx)
		if err != nil {
			return err
		}
		today := postcrm.DateOf(time.Now())
		rows := make([][]string, len(ps))
		for i, p := range ps {
			due := p.DueOn.String()
			if p.Overdue(today) {
				due += " 逾期"
			}
			unit := p.UnitName
			if p.Unit.Level == problem.LevelProvince {
				unit = "全省"
			}
			rows[i] = []string{fmt.Sprint(p.ID), p.Title, stateWords[p.State], unit, p.OwnerName + " " + p.Owner, due}
		}
		printTable(e.stdout, []string{"编号", "问题", "状态", "单位", "责任人", "期限"}, rows)
		return nil
	})
}

var stateWords = map[problem.State]string{
	problem.Raised: "提出", problem.Claimed: "认领", problem.Fixing: "整改中", problem.Verifying: "待验证", problem.Closed: "已销号",
}

// noticeSubject is what a notice of the outbox list is about: the
// customer, or for the problem list's reminders the problem (and the
// measure).
func noticeSubject(n postcrm.Notice) string {
	if n.Kind == postcrm.NoticeProblemOverdue || n.Kind == postcrm.NoticeMeasureOverdue {
		return strings.TrimSuffix(notice.CustomerLabel(n)+"："+n.CustomerName, "：")
	}
	return n.CustomerName + n.SenderPhone
}
