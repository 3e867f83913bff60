package notice_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"postcrm"
	"postcrm/followup"
	"postcrm/notice"
	"postcrm/sqlstore"
)

// clock is a fake clock the tests move by hand.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// newClock starts after the notices were written (at the real time).
func newClock() *clock { return &clock{now: time.Now().Add(time.Second).Truncate(time.Second)} }

var admin = postcrm.Actor{User: "P0001"}

func setWebhook(t *testing.T, s *sqlstore.Store, h postcrm.NoticeWebhook) {
	t.Helper()
	if err := s.SaveNoticeWebhook(context.Background(), h, admin); err != nil {
		t.Fatal(err)
	}
}

func pass(t *testing.T, d *notice.Delivery) notice.Result {
	t.Helper()
	res, err := d.Pass(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// expectPass makes a pass and checks what it did.
func expectPass(t *testing.T, d *notice.Delivery, what string, want notice.Result) {
	t.Helper()
	if res := pass(t, d); res != want {
		t.Errorf("%s: %+v, want %+v", what, res, want)
	}
}

func outbox(t *testing.T, s *sqlstore.Store) []postcrm.Notice {
	t.Helper()
	ns, err := s.Notices(context.Background(), postcrm.NoticeQuery{})
	if err != nil {
		t.Fatal(err)
	}
	return ns
}

// expectOnce checks that the robot got each of the outbox's notices
// exactly once, and that all of them are marked delivered.
func expectOnce(t *testing.T, s *sqlstore.Store, got []string) {
	t.Helper()
	ns := outbox(t, s)
	var want []string
	for _, n := range ns {
		want = append(want, notice.Markdown(n))
		if !n.Delivered() {
			t.Errorf("notice %s not marked delivered: %+v", n.EventID, n)
		}
	}
	slices.Sort(want)
	got = slices.Sorted(slices.Values(got))
	if !slices.Equal(got, want) {
		t.Errorf("the robot got %d messages:\n%s\nwant the %d notices once each:\n%s",
			len(got), strings.Join(got, "\n---\n"), len(want), strings.Join(want, "\n---\n"))
	}
}

// TestRobotGetsEachNoticeOnce: a dispatch run's notices arrive at the
// city's robot as the documented markdown message, one per warning
// given to someone, worded for the courier; another pass, and another
// dispatch run, send nothing more.
func TestRobotGetsEachNoticeOnce(t *testing.T) {
	s := dispatched(t)
	r := newRobot(t)
	setWebhook(t, s, postcrm.NoticeWebhook{City: "石家庄市", URL: r.url()})
	d := &notice.Delivery{Store: s, Now: newClock().Now}
	expectPass(t, d, "first pass", notice.Result{Sent: 4})
	dispatch(t, s, dispatchOn)
	expectPass(t, d, "after dispatching again", notice.Result{})
	got, tries := r.received()
	if tries != 4 {
		t.Errorf("%d tries for 4 notices", tries)
	}
	expectOnce(t, s, got)
	want := []string{
		"**新派预警**　张伟\n" +
			"> 客户：**河北华药电商有限公司**（协议客户 KH0001）\n" +
			"> 11 月发件量下滑：本月发件 120 件，按其近期水平应约 300 件，下降 60%，少收约 900 元\n" +
			"> 营业部：石家庄长安营业部\n" +
			"请在 <font color=\"warning\">12 月 9 日</font> 前联系或上门，联系后在系统里登记跟进。",
		// Unowned: the office manager's, to give on.
		"**新派预警**　王芳\n" +
			"> 客户：**长安区顺达商行**（协议客户 KH0003）\n" +
			"> 11 月发件量下滑：本月发件 10 件，按其近期水平应约 50 件，下降 80%，少收约 400 元\n" +
			"> 营业部：石家庄长安营业部\n" +
			"请在 <font color=\"warning\">12 月 9 日</font> 前联系或上门，联系后在系统里登记跟进。",
		// A walk-in's phone is not for the whole group.
		"**新派预警**　王芳\n" +
			"> 客户：散户 137****5678\n" +
			"> 11 月高价值散户疑似流失：以前来寄过 12 次（累计 600 元），最近一次在 10 月 3 日，已 58 天没来寄\n" +
			"> 营业部：石家庄长安营业部\n" +
			"请在 <font color=\"warning\">12 月 9 日</font> 前联系或上门，联系后在系统里登记跟进。",
	}
	for _, w := range want {
		if !slices.Contains(got, w) {
			t.Errorf("no message\n%s\namong\n%s", w, strings.Join(got, "\n---\n"))
		}
	}
}

// TestOutboxSurvivesAMinuteOf500: the robot answers 500 for the first
// minute; delivery passes every five seconds of a fake clock retry with
// back-off, and once it recovers every notice arrives exactly once.
func TestOutboxSurvivesAMinuteOf500(t *testing.T) {
	s := dispatched(t)
	c := newClock()
	start := c.Now()
	r := newRobot(t)
	r.reply = func() (int, string) {
		if c.Now().Sub(start) < time.Minute {
			return http.StatusInternalServerError, "<html>502 Bad Gateway</html>"
		}
		return http.StatusOK, okReply
	}
	setWebhook(t, s, postcrm.NoticeWebhook{City: "石家庄市", URL: r.url()})
	d := &notice.Delivery{Store: s, Now: c.Now}
	var total notice.Result
	lastSent := start
	for c.Now().Sub(start) <= 10*time.Minute {
		res := pass(t, d)
		total.Sent += res.Sent
		total.Failed += res.Failed
		if res.Sent > 0 {
			lastSent = c.Now()
		}
		c.Advance(5 * time.Second)
	}
	got, tries := r.received()
	expectOnce(t, s, got)
	// Tried at 0, 15 and 45 seconds (failed), then at 105 (15+30+60).
	if total != (notice.Result{Sent: 4, Failed: 12}) || tries != 16 {
		t.Errorf("passes: %+v, %d tries; want 4 sent after 12 failures", total, tries)
	}
	if want := notice.Backoff(1) + notice.Backoff(2) + notice.Backoff(3); lastSent.Sub(start) != want {
		t.Errorf("delivered %v after the start, want %v", lastSent.Sub(start), want)
	}
	for _, n := range outbox(t, s) {
		if n.Attempts != 3 || n.LastError != "" {
			t.Errorf("notice %s: %d failed attempts, last error %q", n.EventID, n.Attempts, n.LastError)
		}
	}
}

// TestRefusalIsRetried: the robot answers HTTP 200 with an errcode when
// it refuses a message (here: too many a minute); that is no delivery,
// the error is kept, and the next attempt after the back-off delivers.
func TestRefusalIsRetried(t *testing.T) {
	s := dispatched(t)
	c := newClock()
	r := newRobot(t)
	refused := 0
	r.reply = func() (int, string) {
		if refused < 4 {
			refused++
			return http.StatusOK, `{"errcode":45009,"errmsg":"api freq out of limit"}`
		}
		return http.StatusOK, okReply
	}
	setWebhook(t, s, postcrm.NoticeWebhook{OfficeCode: "13010001", URL: r.url()})
	setWebhook(t, s, postcrm.NoticeWebhook{OfficeCode: "13010002", URL: r.url()})
	d := &notice.Delivery{Store: s, Now: c.Now}
	expectPass(t, d, "first pass", notice.Result{Failed: 4})
	for _, n := range outbox(t, s) {
		if n.Delivered() || n.Attempts != 1 || !strings.Contains(n.LastError, "errcode 45009") || !n.NextAt.Equal(c.Now().Add(notice.FirstRetry)) {
			t.Errorf("refused notice: %+v", n)
		}
	}
	c.Advance(notice.FirstRetry - time.Second)
	expectPass(t, d, "before the back-off ends", notice.Result{})
	c.Advance(time.Second)
	expectPass(t, d, "after the back-off", notice.Result{Sent: 4})
	got, _ := r.received()
	expectOnce(t, s, got)
}

// recorder is a Sender that keeps what it is given.
type recorder struct{ got []postcrm.Notice }

func (r *recorder) Send(_ context.Context, n postcrm.Notice) error {
	r.got = append(r.got, n)
	return nil
}

// TestRoutes: an office's robot gets its staff's notices, the city's
// robot the others; with no robot the default sender gets them.
func TestRoutes(t *testing.T) {
	s := dispatched(t)
	city, qiaoxi, def := newRobot(t), newRobot(t), &recorder{}
	d := &notice.Delivery{Store: s, Now: newClock().Now, Default: def}
	if res := pass(t, d); res.Sent != 4 || len(def.got) != 4 {
		t.Fatalf("with no robot: %+v, the default sender got %d", res, len(def.got))
	}

	// A new clock for the new outbox: its notices fall due when they are
	// written, and writing them may take longer than the first clock's
	// second ahead on a loaded machine.
	s = dispatched(t)
	d.Store, d.Now = s, newClock().Now
	setWebhook(t, s, postcrm.NoticeWebhook{City: "石家庄市", URL: city.url()})
	setWebhook(t, s, postcrm.NoticeWebhook{OfficeCode: "13010002", URL: qiaoxi.url()})
	if res := pass(t, d); res.Sent != 4 || len(def.got) != 4 {
		t.Errorf("with robots: %+v, the default sender got %d more", res, len(def.got)-4)
	}
	toCity, _ := city.received()
	toQiaoxi, _ := qiaoxi.received()
	if len(toCity) != 3 || len(toQiaoxi) != 1 || !strings.HasPrefix(toQiaoxi[0], "**新派预警**　李娜\n") {
		t.Errorf("city's robot got %d, 桥西's %q", len(toCity), toQiaoxi)
	}
}

// TestErrorsKeepTheKeyOut: a robot that cannot be reached leaves an
// error in the outbox that does not show the webhook's key.
func TestErrorsKeepTheKeyOut(t *testing.T) {
	s := dispatched(t)
	r := newRobot(t)
	url := r.url()
	r.srv.Close()
	setWebhook(t, s, postcrm.NoticeWebhook{City: "石家庄市", URL: url})
	d := &notice.Delivery{Store: s, Now: newClock().Now, Client: &http.Client{Timeout: time.Second}}
	expectPass(t, d, "pass", notice.Result{Failed: 4})
	for _, n := range outbox(t, s) {
		if n.LastError == "" || strings.Contains(n.LastError, "SECRET") {
			t.Errorf("error kept: %q", n.LastError)
		}
	}
}

// TestBackoff: doubling from FirstRetry, capped at MaxRetry.
func TestBackoff(t *testing.T) {
	want := []time.Duration{15 * time.Second, 30 * time.Second, time.Minute, 2 * time.Minute}
	for i, w := range want {
		if got := notice.Backoff(i + 1); got != w {
			t.Errorf("Backoff(%d) = %v, want %v", i+1, got, w)
		}
	}
	for _, n := range []int{9, 10, 50, 1000} {
		if got := notice.Backoff(n); got != notice.MaxRetry {
			t.Errorf("Backoff(%d) = %v, want the cap", n, got)
		}
	}
}

// TestRobotRateLimit: a robot takes 20 messages a minute; a dispatch of
// 25 walk-ins to one office sends 20 and puts 5 off, without counting an
// attempt, until the minute since the first is over.
func TestRobotRateLimit(t *testing.T) {
	s := dispatched(t)
	var ws []postcrm.Warning
	for i := range 25 {
		ws = append(ws, postcrm.Warning{Month: 202410, Kind: postcrm.WarnWalkinChurn, SenderPhone: fmt.Sprintf("139000000%02d", i),
			OfficeCode: "13010001", RevenueAtRiskFen: int64(1000 + i), Reason: "很久没来寄"})
	}
	ctx := context.Background()
	if err := s.SaveWarnings(ctx, 202410, []postcrm.WarningKind{postcrm.WarnWalkinChurn}, ws); err != nil {
		t.Fatal(err)
	}
	if _, _, err := followup.Run(ctx, s, 202410, dispatchOn, 0, postcrm.Actor{User: "cli"}); err != nil {
		t.Fatal(err)
	}
	c := newClock()
	r := newRobot(t)
	setWebhook(t, s, postcrm.NoticeWebhook{OfficeCode: "13010001", URL: r.url()})
	d := &notice.Delivery{Store: s, Now: c.Now, Default: &recorder{}}
	// 李娜's one notice goes to the default sender, unlimited.
	expectPass(t, d, "first pass", notice.Result{Sent: 21, Deferred: 8})
	c.Advance(59 * time.Second)
	expectPass(t, d, "within the minute", notice.Result{})
	c.Advance(time.Second)
	expectPass(t, d, "after the minute", notice.Result{Sent: 8})
	got, tries := r.received()
	if len(got) != 28 || tries != 28 {
		t.Errorf("the robot got %d in %d tries, want 28", len(got), tries)
	}
	for _, n := range outbox(t, s) {
		if !n.Delivered() || n.Attempts != 0 {
			t.Errorf("notice %s: %+v", n.EventID, n)
		}
	}
}
