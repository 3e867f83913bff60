package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"postcrm"
	"postcrm/monthly"
	"postcrm/policy"
	"postcrm/problem"
	"postcrm/refund"
	"postcrm/schedule"
	"postcrm/sqlstore"
)

// registerJobs gives the scheduler the jobs serve runs by itself. The
// times are defaults: the province administrator moves them on the
// schedule page. Another part adds its daily job with one line here:
//
//	sched.Add(schedule.DailyJob("name", "标题", 7*60, func(ctx context.Context, o schedule.Occurrence) (string, error) { … }))
func registerJobs(sched *schedule.Scheduler, e *env, s *sqlstore.Store) {
	sched.Add(schedule.Job{Name: "monthly", Title: "月度分析和派发", Period: schedule.Monthly, At: 2 * 60, Grace: 5,
		Ready: func(ctx context.Context, month postcrm.Month) (bool, error) { return monthDataIn(ctx, s, month) },
		Run: func(ctx context.Context, o schedule.Occurrence) (string, error) {
			return monthlyJob(ctx, s, o)
		}})
	sched.Add(schedule.DailyJob("dispatch", "每日派发（逾期升级、提醒）", 6*60+30, func(ctx context.Context, o schedule.Occurrence) (string, error) {
		month, err := s.LatestWarningMonth(ctx, postcrm.Scope{Role: postcrm.RoleProvinceAdmin})
		if err != nil || month == 0 {
			return "还没有预警，不用派发。", err
		}
		sum, err := dispatchMonth(ctx, s, month, o.Day)
		return sum.line(), err
	}))
	sched.Add(schedule.DailyJob("alerts", "早期预警（停发、骤减）", 6*60, func(ctx context.Context, o schedule.Occurrence) (string, error) {
		return alertsJob(ctx, s, o.Day)
	}))
	sched.Add(schedule.DailyJob("problems", "领题破题逾期提醒", 7*60, func(ctx context.Context, o schedule.Occurrence) (string, error) {
		n, err := problem.Remind(ctx, s, o.Day.Time().Add(7*time.Hour))
		return fmt.Sprintf("新写入 %d 条逾期提醒。", n), err
	}))
	sched.Add(schedule.DailyJob("policy", "收寄政策调整生效通知", 6*60+15, func(ctx context.Context, o schedule.Occurrence) (string, error) {
		n, err := policy.NotifyInForce(ctx, s, o.Day)
		return fmt.Sprintf("新写入 %d 条调整生效通知。", n), err
	}))
	sched.Add(schedule.HourlyJob("refunds", "退费催办和逾期升级", 5, func(ctx context.Context, o schedule.Occurrence) (string, error) {
		return refundSweepJob(ctx, s, o.Started)
	}))
	sched.Add(schedule.DailyJob("backup", "夜间备份", 3*60, func(ctx context.Context, o schedule.Occurrence) (string, error) {
		return takeBackup(ctx, e, s, "")
	}))
	if months := e.cfg.Retention.WaybillMonths; months > 0 {
		sched.Add(schedule.Job{Name: "prune", Title: "清理过期收寄明细", Period: schedule.Monthly, At: 4 * 60, Grace: 1,
			Run: func(ctx context.Context, o schedule.Occurrence) (string, error) {
				return prune(ctx, s, months, o.Day.Time())
			}})
	}
}

// refundSweepJob sends the refund reminders and escalations due at now
// and recomputes the month's retention warnings, as `postcrm refund
// sweep` does. Hourly, so that a step falling due in working hours is
// chased within the hour; a sweep repeated tells nobody twice.
func refundSweepJob(ctx context.Context, s *sqlstore.Store, now time.Time) (string, error) {
	res, err := refund.Sweep(ctx, s, now)
	return fmt.Sprintf("催办 %d 件，升级 %d 件；本月退费预警 %d 条。", res.Reminded, res.Escalated, res.Warnings), err
}

// monthDataIn tells whether month's waybills are in: the last day with
// waybills is the month's last day or later.
func monthDataIn(ctx context.Context, s *sqlstore.Store, month postcrm.Month) (bool, error) {
	last, err := s.LastDataDay(ctx)
	if err != nil {
		return false, err
	}
	return last >= month.Last(), nil
}

// monthlyJob analyses the month, dispatches its warnings as of the day
// it runs and measures the follow-up the new month makes possible, as
// `postcrm analyze` does.
func monthlyJob(ctx context.Context, s *sqlstore.Store, o schedule.Occurrence) (string, error) {
	// A store with nothing of the month (a new installation) has
	// nothing to analyse: done, not failed.
	last, err := s.LastDataDay(ctx)
	if err != nil {
		return "", err
	}
	if last < o.Month.First() {
		return fmt.Sprintf("没有 %s 的收寄明细，不分析。", o.Month), nil
	}
	sum, err := monthly.Run(ctx, s, monthly.Options{Month: o.Month})
	if err != nil {
		return "", err
	}
	lines := []string{summaryLine(sum)}
	if !o.Complete {
		lines = append([]string{fmt.Sprintf("到 %d 日 %s 的数据仍不完整，按宽限日照常分析。", o.Day.Day(), o.Month)}, lines...)
	}
	d, err := dispatchMonth(ctx, s, o.Month, o.Day)
	if err != nil {
		return strings.Join(lines, ""), fmt.Errorf("派发预警: %w", err)
	}
	lines = append(lines, d.line())
	if _, err := warmMeasurements(ctx, s, o.Month); err != nil {
		return strings.Join(lines, ""), err
	}
	return strings.Join(lines, ""), nil
}

// alertsJob runs the early alerts as of the last day with data and
// dispatches the new ones, as `postcrm alerts` does.
func alertsJob(ctx context.Context, s *sqlstore.Store, today postcrm.Date) (string, error) {
	day, err := s.LastDataDay(ctx)
	if err != nil || day == 0 {
		return "还没有收寄数据，不算早期预警。", err
	}
	_, line, err := alertDayAndDispatch(ctx, s, day, today, true)
	return line, err
}
