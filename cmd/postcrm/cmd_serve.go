package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"postcrm"
	"postcrm/notice"
	"postcrm/sqlstore"
	"postcrm/web"
)

func runServe(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "serve", "[--addr :8080]")
	addr := fs.String("addr", ":8080", "监听地址")
	secure := fs.Bool("secure-cookies", false, "Cookie 只走 HTTPS：由 HTTPS 反向代理转发时设置")
	metricsToken := fs.String("metrics-token", os.Getenv("POSTCRM_METRICS_TOKEN"),
		"/metrics 的访问令牌（默认取环境变量 POSTCRM_METRICS_TOKEN）：设了才能从别的机器读取；不设只有本机能读")
	noticeEvery := fs.Duration("notice-every", 15*time.Second, "每隔多久发送一次待发的派单通知；0 表示不在这里发（改用 cron 跑 postcrm notices send）")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	return withStore(ctx, e, func(s *sqlstore.Store) error {
		return serve(ctx, e, s, *addr, web.Options{SecureCookies: *secure, MetricsToken: *metricsToken}, *noticeEvery)
	})
}

// serve runs the web application on addr until ctx ends (Ctrl-C or
// SIGTERM), then stops taking requests, lets the ones in flight finish
// for up to 10 seconds, and stops the background imports. Meanwhile it
// sends the notices every noticeEvery (none when 0).
func serve(ctx context.Context, e *env, s *sqlstore.Store, addr string, opts web.Options, noticeEvery time.Duration) error {
	log := slog.New(slog.NewJSONHandler(e.stderr, nil))
	opts.Logger = log
	// Measure the follow-up again once an import or analysis has been
	// over this long, rather than on the first view of the effect page.
	opts.WarmQuiet = 2 * time.Minute
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
	fmt.Fprintf(e.stdout, "网页应用已启动：http://%s/ （按 Ctrl-C 停止）\n", browsable(ln.Addr()))
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
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
