package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"postcrm"
	"postcrm/sqlstore"
)

// robotServer is a 企业微信 group robot that counts the markdown messages
// it gets and passes each on arrived.
func robotServer(t *testing.T, arrived chan<- string) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var m struct {
			MsgType  string `json:"msgtype"`
			Markdown struct {
				Content string `json:"content"`
			} `json:"markdown"`
		}
		if err := json.NewDecoder(r.Body).Decode(&m); err != nil || m.MsgType != "markdown" || r.URL.Query().Get("key") != "SECRET-KEY" {
			t.Errorf("robot got %v %+v", err, m)
		}
		io.WriteString(w, `{"errcode":0,"errmsg":"ok"}`)
		arrived <- m.Markdown.Content
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/cgi-bin/webhook/send?key=SECRET-KEY"
}

// warnWalkin stores a November walk-in warning at 衡水 人民路营业部, which
// a dispatch gives to its manager 周涛.
func warnWalkin(t *testing.T, dir string) {
	t.Helper()
	withTestStore(t, dir, func(s *sqlstore.Store) {
		w := postcrm.Warning{Month: 202411, Kind: postcrm.WarnWalkinChurn, SenderPhone: "13712345678", OfficeCode: "05300001",
			RevenueAtRiskFen: 10000, Reason: "已 58 天没来寄"}
		if err := s.SaveWarnings(context.Background(), 202411, []postcrm.WarningKind{postcrm.WarnWalkinChurn}, []postcrm.Warning{w}); err != nil {
			t.Fatal(err)
		}
	})
}

// TestNoticesCommands: a city's robot set from the command line gets
// the dispatch's notice from `notices send` once, however often the
// dispatch and the sending run.
func TestNoticesCommands(t *testing.T) {
	dir := t.TempDir()
	importOrg(t, dir)
	warnWalkin(t, dir)
	arrived := make(chan string, 10)
	robot := robotServer(t, arrived)
	cli := func(args ...string) string {
		t.Helper()
		out, err := runCLI(t, dir, args...)
		if err != nil {
			t.Fatalf("postcrm %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return out
	}
	if out := cli("notices", "webhook", "set", "--city", "衡水市", "--url", robot); !strings.Contains(out, "key=SECR…") || strings.Contains(out, "SECRET-KEY") {
		t.Errorf("webhook set: %s", out)
	}
	for range 2 {
		cli("dispatch", "--month", "2024-11", "--today", "2024-12-02", "--holdout", "0")
		cli("notices", "send")
	}
	if len(arrived) != 1 {
		t.Fatalf("the robot got %d messages, want 1", len(arrived))
	}
	if got := <-arrived; !strings.HasPrefix(got, "**新派预警**　周涛\n> 客户：散户 137****5678\n") {
		t.Errorf("message: %q", got)
	}
	if out := cli("notices", "send"); !strings.Contains(out, "发出 0 条，失败 0 条，因机器人每分钟限发 20 条推迟 0 条；还有 0 条待发") {
		t.Errorf("send with nothing due: %s", out)
	}
	if out := cli("notices", "list"); !strings.Contains(out, "新派") || !strings.Contains(out, "周涛 H001") || !strings.Contains(out, "已送达") {
		t.Errorf("list: %s", out)
	}
	if out := cli("notices", "webhook", "list"); !strings.Contains(out, "衡水市") || strings.Contains(out, "SECRET-KEY") {
		t.Errorf("webhook list: %s", out)
	}
	cli("notices", "webhook", "delete", "--city", "衡水市")
	for _, bad := range [][]string{
		{"notices", "webhook", "set", "--office", "05300001", "--city", "衡水市", "--url", robot},
		{"notices", "webhook", "set", "--office", "05300001", "--url", "qyapi.weixin.qq.com"},
		{"notices", "webhook", "delete", "--city", "衡水市"},
		{"notices", "resend"},
	} {
		if out, err := runCLI(t, dir, bad...); err == nil {
			t.Errorf("postcrm %s succeeded: %s", strings.Join(bad, " "), out)
		}
	}
}

// TestServeDeliversNotices: the web server's worker sends the outbox.
func TestServeDeliversNotices(t *testing.T) {
	dir := t.TempDir()
	importOrg(t, dir)
	warnWalkin(t, dir)
	arrived := make(chan string, 10)
	if _, err := runCLI(t, dir, "notices", "webhook", "set", "--office", "05300001", "--url", robotServer(t, arrived)); err != nil {
		t.Fatal(err)
	}
	if _, err := runCLI(t, dir, "dispatch", "--month", "2024-11", "--today", "2024-12-02", "--holdout", "0"); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		e := &env{dsn: filepath.Join(dir, "crm.db"), stdout: pw, stderr: io.Discard}
		if err := runServe(ctx, e, []string{"--addr", "127.0.0.1:0", "--notice-every", "10ms", "--no-schedule"}); err != nil {
			t.Error(err)
		}
		pw.Close()
	}()
	go io.Copy(io.Discard, bufio.NewReader(pr))
	select {
	case got := <-arrived:
		if !strings.Contains(got, "周涛") {
			t.Errorf("message: %q", got)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve sent no notice in 10 seconds")
	}
	cancel()
	wg.Wait()
	if len(arrived) != 0 {
		t.Errorf("%d more messages", len(arrived))
	}
}
