package main

import (
	"context"
	"fmt"

	"postcrm/policy"
	"postcrm/sqlstore"
)

// runPolicy is the acceptance-policy adjustments' command line: notify
// writes the in-force notices of the adjustments whose first day has
// come (serve does it every morning by itself; this is for cron or a
// catch-up).
func runPolicy(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] != "notify" {
		return fmt.Errorf("用法: postcrm policy notify [--today YYYY-MM-DD]")
	}
	fs := newFlags(e, "policy notify", "[--today YYYY-MM-DD]")
	todayArg := fs.String("today", "", "按哪天算生效 YYYY-MM-DD（默认：今天）")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	today, err := todayFlag(*todayArg)
	if err != nil {
		return err
	}
	return withStore(ctx, e, func(s *sqlstore.Store) error {
		n, err := policy.NotifyInForce(ctx, s, today)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%s 生效的收寄政策调整：新写入 %d 条通知（已通知过的不再写），由派单通知发送。\n", today, n)
		return nil
	})
}
