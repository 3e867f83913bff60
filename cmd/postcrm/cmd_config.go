package main

import (
	"context"
	"errors"
	"fmt"
)

func runConfig(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "config", "check")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 || fs.Arg(0) != "check" {
		fs.Usage()
		return errors.New("用法: postcrm config check")
	}
	err := errors.Join(e.cfgErr, e.cfg.check())
	src := e.cfg.Source
	if src == "" {
		src = "没有配置文件，只有默认值和环境变量"
	}
	if err != nil {
		fmt.Fprintf(e.stdout, "配置（%s）有问题：\n", src)
		for _, line := range splitJoined(err) {
			fmt.Fprintln(e.stdout, "  "+line)
		}
		return errors.New("配置检查未通过")
	}
	c := e.cfg
	fmt.Fprintf(e.stdout, "配置（%s）没有问题：\n", src)
	fmt.Fprintf(e.stdout, "  数据库 %s\n  监听 %s", redact(e.dsn), c.Listen)
	if c.TLS.Cert != "" {
		fmt.Fprint(e.stdout, "（HTTPS）")
	}
	fmt.Fprintf(e.stdout, "\n  定时任务 %v，通知每 %s 发送一次\n  备份目录 %s，保留 %d 份\n  收寄明细保留 %d 个月（0 为全部保留）\n",
		onOff(c.scheduleOn()), c.noticeEvery(), c.backupDir(e.dsn), c.Backup.Keep, c.Retention.WaybillMonths)
	return nil
}

func onOff(b bool) string {
	if b {
		return "开"
	}
	return "关"
}

// splitJoined lists the errors errors.Join put together.
func splitJoined(err error) []string {
	var out []string
	var walk func(error)
	walk = func(err error) {
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range j.Unwrap() {
				walk(e)
			}
			return
		}
		out = append(out, err.Error())
	}
	walk(err)
	return out
}
