package main

import (
	"context"
	"fmt"
	"log/slog"

	"postcrm"
	"postcrm/notice"
	"postcrm/sqlstore"
)

// runNotices sends the outbox's due notices (for cron, when the web
// server's worker is not running), lists the outbox, and sets the
// 企业微信 robots of offices and cities.
func runNotices(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("用法: postcrm notices send|list|webhook …")
	}
	switch args[0] {
	case "send":
		return sendNotices(ctx, e, args[1:])
	case "list":
		return listNotices(ctx, e, args[1:])
	case "webhook":
		return runWebhook(ctx, e, args[1:])
	}
	return fmt.Errorf("没有“notices %s”，可选 send、list、webhook", args[0])
}

func sendNotices(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "notices send", "")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	return withStore(ctx, e, func(s *sqlstore.Store) error {
		d := &notice.Delivery{Store: s, Default: notice.Log{Logger: slog.New(slog.NewTextHandler(e.stderr, nil))}}
		res, err := d.Pass(ctx)
		if err != nil {
			return fmt.Errorf("发送派单通知: %w", err)
		}
		waiting, err := s.UndeliveredNotices(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "派单通知：发出 %d 条，失败 %d 条，因机器人每分钟限发 %d 条推迟 %d 条；还有 %d 条待发（自动重试）。\n",
			res.Sent, res.Failed, notice.PerMinute, res.Deferred, waiting)
		return nil
	})
}

func listNotices(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "notices list", "[--undelivered] [--limit 50]")
	undelivered := fs.Bool("undelivered", false, "只列还没送达的")
	limit := fs.Int("limit", 50, "最多列出几条，0 为全部")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	return withStore(ctx, e, func(s *sqlstore.Store) error {
		ns, err := s.Notices(ctx, postcrm.NoticeQuery{Undelivered: *undelivered, Limit: *limit})
		if err != nil {
			return err
		}
		rows := make([][]string, len(ns))
		for i, n := range ns {
			state := "已送达 " + n.SentAt.Format("01-02 15:04")
			if !n.Delivered() {
				state = fmt.Sprintf("待发 %s", n.NextAt.Format("01-02 15:04"))
			}
			if n.Attempts > 0 {
				state += fmt.Sprintf("（失败 %d 次：%s）", n.Attempts, n.LastError)
			}
			rows[i] = []string{n.CreatedAt.Format("2006-01-02 15:04"), noticeKindWords[n.Kind], n.RecipientName + " " + n.Recipient,
				noticeSubject(n), state}
		}
		printTable(e.stdout, []string{"时间", "事件", "通知谁", "客户", "状态"}, rows)
		return nil
	})
}

var noticeKindWords = map[postcrm.NoticeKind]string{
	postcrm.NoticeDispatched: "新派", postcrm.NoticeReassigned: "改派", postcrm.NoticeEscalated: "逾期升级",
	postcrm.NoticeProblemOverdue: "问题逾期", postcrm.NoticeMeasureOverdue: "措施逾期",
	postcrm.NoticeRefundRemind: "退费催办", postcrm.NoticeRefundEscalated: "退费升级",
}

func runWebhook(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("用法: postcrm notices webhook set|delete|list …")
	}
	fs := newFlags(e, "notices webhook "+args[0], "--office 机构代码 | --city 地市 [--url 机器人地址]")
	office := fs.String("office", "", "营业部的 8 位机构代码")
	city := fs.String("city", "", "地市，如 石家庄市（营业部没有单独设置时用地市的）")
	hook := fs.String("url", "", "企业微信群机器人的 Webhook 地址 https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	return withStore(ctx, e, func(s *sqlstore.Store) error {
		switch args[0] {
		case "list":
			hs, err := s.NoticeWebhooks(ctx)
			if err != nil {
				return err
			}
			rows := make([][]string, len(hs))
			for i, h := range hs {
				rows[i] = []string{h.OfficeCode + h.City, notice.MaskKey(h.URL)}
			}
			printTable(e.stdout, []string{"营业部或地市", "机器人地址"}, rows)
			return nil
		case "set":
			if err := s.SaveNoticeWebhook(ctx, postcrm.NoticeWebhook{OfficeCode: *office, City: *city, URL: *hook}, cliActor); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "已设置：%s%s 的派单通知发到 %s\n", *office, *city, notice.MaskKey(*hook))
			return nil
		case "delete":
			if err := s.DeleteNoticeWebhook(ctx, *office, *city, cliActor); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "已删除 %s%s 的机器人，通知改走上一级设置或只记日志。\n", *office, *city)
			return nil
		}
		return fmt.Errorf("没有“notices webhook %s”，可选 set、delete、list", args[0])
	})
}
