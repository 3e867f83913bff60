package notice_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"postcrm"
	"postcrm/notice"
)

// TestWordingOfReassignAndEscalation: a reassignment's notice says the
// warning is now the reader's; an escalation's says to whom it went and
// that the due date has passed.
func TestWordingOfReassignAndEscalation(t *testing.T) {
	ctx := context.Background()
	s := dispatched(t)
	if err := s.CreateUser(ctx, postcrm.User{Name: "S1002", PasswordHash: "h"}); err != nil {
		t.Fatal(err)
	}
	u, err := s.User(ctx, "S1002")
	if err != nil {
		t.Fatal(err)
	}
	ws, err := s.Warnings(ctx, month)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]int64{}
	for _, w := range ws {
		ids[w.CustomerCode+w.SenderPhone] = w.ID
	}
	if err := s.Reassign(ctx, postcrm.ScopeOf(u), ids["KH0003"], "S1001", postcrm.Actor{User: "S1002"}); err != nil {
		t.Fatal(err)
	}
	dispatch(t, s, dispatchOn.AddDays(7+3)) // three days late: to the office manager
	dispatch(t, s, dispatchOn.AddDays(7+7)) // a week late: to the city manager
	texts := map[string]string{}
	for _, n := range outbox(t, s) {
		texts[n.EventID] = notice.Markdown(n)
	}
	for _, c := range []struct {
		event string
		want  []string
	}{
		{fmt.Sprintf("reassigned:%d:1", ids["KH0003"]), []string{"**预警改派给你**　张伟\n", "长安区顺达商行", "请在 <font color=\"warning\">12 月 9 日</font> 前"}},
		{fmt.Sprintf("escalated:%d:1", ids["KH0001"]), []string{"**预警逾期未跟进，已升级到营业部经理**　张伟\n", "河北华药电商有限公司", "跟进期限 12 月 9 日 已过，请尽快联系客户"}},
		{fmt.Sprintf("escalated:%d:2", ids["KH0001"]), []string{"**预警逾期未跟进，已升级到地市管理员**　张伟\n", "河北华药电商有限公司"}},
		{fmt.Sprintf("escalated:%d:2", ids["KH0002"]), []string{"**预警逾期未跟进，已升级到地市管理员**　李娜\n", "石家庄常山纺织"}},
	} {
		text, ok := texts[c.event]
		if !ok {
			t.Errorf("no notice %s among %d", c.event, len(texts))
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(text, w) {
				t.Errorf("%s: %q lacks %q", c.event, text, w)
			}
		}
	}
}

// TestWordingOfAFailedJob: a scheduled job's failure names the job, the
// day and the error, and no customer.
func TestWordingOfAFailedJob(t *testing.T) {
	n := postcrm.Notice{Kind: postcrm.NoticeJobFailed, RecipientName: "省市场部", Reason: "backup 2026-12-07：磁盘已满"}
	got := notice.Markdown(n)
	for _, want := range []string{"**定时任务失败**", "backup 2026-12-07：磁盘已满", "定时任务"} {
		if !strings.Contains(got, want) {
			t.Errorf("%q lacks %q", got, want)
		}
	}
	if strings.Contains(got, "客户") {
		t.Errorf("%q speaks of a customer", got)
	}
}
