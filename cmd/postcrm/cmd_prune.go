package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"postcrm"
	"postcrm/sqlstore"
)

func runPrune(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "prune", "[--months N]")
	months := fs.Int("months", e.cfg.Retention.WaybillMonths, "收寄明细保留几个月（默认取 retention.waybill_months；0 表示全部保留）")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *months == 0 {
		fmt.Fprintln(e.stdout, "没有设置保留月数（retention.waybill_months 或 --months），收寄明细全部保留。")
		return nil
	}
	if *months < 3 {
		return errors.New("--months 至少为 3")
	}
	return withStore(ctx, e, func(s *sqlstore.Store) error {
		line, err := prune(ctx, s, *months, time.Now())
		if err == nil {
			fmt.Fprintln(e.stdout, line)
		}
		return err
	})
}

// prune deletes the raw waybills before the first day of the month
// months before now's, and says what it freed.
func prune(ctx context.Context, s *sqlstore.Store, months int, now time.Time) (string, error) {
	today := postcrm.DateOf(now)
	before := postcrm.NewDate(today.Year(), today.Month()-time.Month(months), 1)
	n, err := s.PruneWaybills(ctx, before)
	if err != nil {
		return "", err
	}
	line := fmt.Sprintf("删除了 %s 以前的收寄明细 %d 条（保留 %d 个月；日汇总、预警、评分和跟进记录都保留）。", before, n, months)
	if free, ok := sqliteFree(ctx, s); ok {
		line += fmt.Sprintf("数据库文件里现有 %s 空闲空间，之后的导入会先用它（文件本身不缩小）。", mib(free))
	}
	return line, nil
}

// sqliteFree is the space on SQLite's free list; ok is false on
// PostgreSQL, which reuses the space after its autovacuum.
func sqliteFree(ctx context.Context, s *sqlstore.Store) (int64, bool) {
	var pages, size int64
	if s.DB().QueryRowContext(ctx, "PRAGMA freelist_count").Scan(&pages) != nil ||
		s.DB().QueryRowContext(ctx, "PRAGMA page_size").Scan(&size) != nil {
		return 0, false
	}
	return pages * size, true
}
