package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"postcrm"
	"postcrm/notice"
	"postcrm/schedule"
	"postcrm/sqlstore"
	"postcrm/web"
)

func runServe(ctx context.Context, e *env, args []string) error {
	c := e.cfg
	fs := newFlags(e, "serve", "[--addr :8080] [--no-schedule]")
	addr := fs.String("addr", c.Listen, "监听地址（配置 listen）")
	secure := fs.Bool("secure-cookies", c.Web.SecureCookies, "Cookie 只走 HTTPS：由 HTTPS 反向代理转发时设置（配置 web.secure_cookies；直接用 tls.cert 时不必）")
	metricsToken := fs.String("metrics-token", c.Web.MetricsToken,
		"/metrics 的访问令牌（配置 web.metrics_token 或环境变量 POSTCRM_METRICS_TOKEN）：设了才能从别的机器读取；不设只有本机能读")
	noticeEvery := fs.Duration("notice-every", c.noticeEvery(), "每隔多久发送一次待发的派单通知；0 表示不在这里发（改用 cron 跑 postcrm notices send）")
	noSchedule := fs.Bool("no-schedule", !c.scheduleOn(), "不运行内置定时任务（月度分析、每日派发、夜间备份），改用 cron")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if (c.TLS.Cert == "") != (c.TLS.Key == "") {
		return fmt.Errorf("tls.cert 和 tls.key 要一起设置（postcrm config check 逐条检查配置）")
	}
	opts := web.Options{SecureCookies: *secure, MetricsToken: *metricsToken, UploadDir: c.Web.UploadDir,
		MaxUpload: int64(c.Web.MaxUploadMB) << 20}
	return withStore(ctx, e, func(s *sqlstore.Store) error {
		opts.Logger = slog.New(slog.NewJSONHandler(e.stderr, nil))
		var sched *schedule.Scheduler
		if !*noSchedule {
			sched = schedule.New(s, schedule.Holder(), nil, opts.Logger)
			registerJobs(sched, e, s)
		}
		return serve(ctx, e, s, *addr, opts, *noticeEvery, sched)
	})
}

// serve runs the web application on addr until ctx ends (Ctrl-C or
// SIGTERM), then stops taking requests, lets the ones in flight finish
// for up to 10 seconds, and stops the background imports. Meanwhile it
// sends the notices every noticeEvery (none when 0) and runs the
// schedule (none when sched is nil; the hourly refund reminder sweep is
// one of its jobs). With tls.cert and tls.key set it serves HTTPS.
func serve(ctx context.Context, e *env, s *sqlstore.Store, addr string, opts web.Options, noticeEvery time.Duration, sched *schedule.Scheduler) error {
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.NewJSONHandler(e.stderr, nil))
		opts.Logger = log
	}
	// Measure the follow-up again once an import or analysis has been
	// over this long, rather than on the first view of the effect page.
	opts.WarmQuiet = 2 * time.Minute
	if sched != nil {
		opts.Jobs = sched.Jobs()
	}
	app := web.New(s, opts)
	defer app.Close()
	srv := &http.Server{
		Addr:              addr,
		Handler:           app.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	srv.RegisterOnShutdown(app.EndStreams)
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("监听 %s: %w", addr, err)
	}
	if noticeEvery > 0 {
		stop := deliverNotices(ctx, s, noticeEvery, log)
		defer stop()
	}
	if sched != nil {
		stop := runSchedule(ctx, sched, log)
		defer stop()
	}
	scheme, cert, key := "http", e.cfg.TLS.Cert, e.cfg.TLS.Key
	if cert != "" {
		scheme = "https"
	}
	fmt.Fprintf(e.stdout, "网页应用已启动：%s://%s/ （按 Ctrl-C 停止）\n", scheme, browsable(ln.Addr()))
	done := make(chan error, 1)
	go func() {
		if cert != "" {
			done <- srv.ServeTLS(ln, cert, key)
			return
		}
		done <- srv.Serve(ln)
	}()
	select {
	case err := <-done:
		return fmt.Errorf("网页服务: %w", err)
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return fmt.Errorf("停止网页服务: %w", err)
	}
	fmt.Fprintln(e.stdout, "网页应用已停止。")
	return nil
}

// runSchedule ticks the scheduler every minute in the background; stop
// ends it and waits for a job under way (a job sees its context end).
func runSchedule(ctx context.Context, sched *schedule.Scheduler, log *slog.Logger) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		sched.Run(ctx, time.Minute)
	}()
	log.Info("schedule: on", "jobs", len(sched.Jobs()))
	return func() {
		cancel()
		<-done
	}
}

// browsable is an address to type into a browser: a wildcard listen
// address is reached as localhost.
func browsable(a net.Addr) string {
	if tcp, ok := a.(*net.TCPAddr); ok && tcp.IP.IsUnspecified() {
		return fmt.Sprintf("localhost:%d", tcp.Port)
	}
	return a.String()
}

// deliverNotices sends the outbox's notices every interval in the
// background, those without a webhook to the server's log; stop ends it
// and waits for a pass under way.
func deliverNotices(ctx context.Context, s postcrm.NoticeStore, every time.Duration, log *slog.Logger) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	d := &notice.Delivery{Store: s, Default: notice.Log{Logger: log}}
	go func() {
		defer close(done)
		d.Run(ctx, every, log)
	}()
	return func() {
		cancel()
		<-done
	}
}
