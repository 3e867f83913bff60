package notice_test

import (
	"strings"
	"testing"

	"postcrm"
	"postcrm/notice"
)

// TestWordingOfRefundReminders: a refund's 催办 and its escalations say
// what happened, to whom, the customer and the case's overdue step; not
// a warning's words.
func TestWordingOfRefundReminders(t *testing.T) {
	n := postcrm.Notice{RecipientName: "王芳", CustomerCode: "KH0001", CustomerName: "河北华药电商有限公司",
		OfficeName: "石家庄长安营业部", Reason: "退费案件 TF20261103-0001：待审批逾期（应于 2026-11-04 09:00 前办理）"}
	for _, tc := range []struct {
		kind  postcrm.NoticeKind
		level int
		head  string
	}{
		{postcrm.NoticeRefundRemind, 1, "**退费案件催办**　王芳"},
		{postcrm.NoticeRefundEscalated, 2, "**退费案件逾期，已升级到营业部经理**　王芳"},
		{postcrm.NoticeRefundEscalated, 3, "**退费案件逾期，已升级到地市管理员**　王芳"},
	} {
		n.Kind, n.Escalation = tc.kind, tc.level
		text := notice.Markdown(n)
		for _, want := range []string{tc.head, "河北华药电商有限公司", "TF20261103-0001", "待审批逾期", "石家庄长安营业部"} {
			if !strings.Contains(text, want) {
				t.Errorf("level %d: %q lacks %q", tc.level, text, want)
			}
		}
		if strings.Contains(text, "跟进") {
			t.Errorf("level %d speaks of follow-up: %q", tc.level, text)
		}
	}
}
