package notice

import (
	"fmt"
	"strings"

	"postcrm"
)

// kindWords is how a warning's kind reads in a notice.
var kindWords = map[postcrm.WarningKind]string{
	postcrm.WarnDecline:     "发件量下滑",
	postcrm.WarnChurn:       "疑似流失",
	postcrm.WarnWalkinChurn: "高价值散户疑似流失",
	postcrm.WarnSlowStart:   "新签客户起量慢",
	postcrm.WarnSilent:      "突然停发（早期预警）",
	postcrm.WarnSlowdown:    "近期发件骤减（早期预警）",
}

// Markdown words the notice for a 企业微信 group, in its markdown: a bold
// heading that says what happened and to whom (the group is the
// office's, so it names the recipient), the customer, the warning's
// reason and what to do by when. A walk-in's phone is masked: the group
// has more members than the courier, who sees it in full in the system.
func Markdown(n postcrm.Notice) string {
	if problemKind(n.Kind) {
		return problemMarkdown(n)
	}
	var b strings.Builder
	if n.Kind == postcrm.NoticeRefundRemind || n.Kind == postcrm.NoticeRefundEscalated {
		return refundMarkdown(n)
	}
	if n.Kind == postcrm.NoticeJobFailed {
		// To the province, about the server: no customer, no due date.
		fmt.Fprintf(&b, "**定时任务失败**　%s\n> %s\n重试一次后仍然失败。请到系统的“定时任务”页查看，处理后它会在下次到点时再运行。", n.RecipientName, n.Reason)
		return b.String()
	}
	if text, ok := adjustmentText(n); ok {
		return text
	}
	fmt.Fprintf(&b, "**%s**　%s\n", heading(n), n.RecipientName)
	fmt.Fprintf(&b, "> 客户：%s\n", customer(n))
	if kind := kindWords[n.WarningKind]; kind != "" || n.Reason != "" {
		fmt.Fprintf(&b, "> %s%s：%s\n", monthWords(n.Month), kind, n.Reason)
	}
	if n.OfficeName != "" {
		fmt.Fprintf(&b, "> 营业部：%s\n", n.OfficeName)
	}
	b.WriteString(todo(n))
	return b.String()
}

func heading(n postcrm.Notice) string {
	switch n.Kind {
	case postcrm.NoticeReassigned:
		return "预警改派给你"
	case postcrm.NoticeEscalated:
		if n.Escalation >= postcrm.EscalationCity {
			return "预警逾期未跟进，已升级到地市管理员"
		}
		return "预警逾期未跟进，已升级到营业部经理"
	}
	return "新派预警"
}

func customer(n postcrm.Notice) string {
	if n.CustomerCode == "" {
		return CustomerLabel(n)
	}
	return fmt.Sprintf("**%s**（协议客户 %s）", CustomerLabel(n), n.CustomerCode)
}

// CustomerLabel names a notice's customer: its name (its code when it
// has none), or a walk-in's masked phone.
func CustomerLabel(n postcrm.Notice) string {
	switch {
	case problemKind(n.Kind):
		return "问题：" + n.Reason
	case n.CustomerCode == "":
		return "散户 " + maskPhone(n.SenderPhone)
	case n.CustomerName == "":
		return n.CustomerCode
	}
	return n.CustomerName
}

// maskPhone hides the middle four digits of a mobile number.
func maskPhone(p string) string {
	if len(p) != 11 {
		return p
	}
	return p[:3] + "****" + p[7:]
}

func monthWords(month postcrm.Month) string {
	if month <= 0 {
		return ""
	}
	return fmt.Sprintf("%d 月", int(month.Month()))
}

func todo(n postcrm.Notice) string {
	due := ""
	if n.DueOn.Valid() {
		due = fmt.Sprintf("%d 月 %d 日", int(n.DueOn.Month()), n.DueOn.Day())
	}
	switch {
	case n.Kind == postcrm.NoticeEscalated && due != "":
		return fmt.Sprintf("跟进期限 %s 已过，请尽快联系客户，联系后在系统里登记跟进。", due)
	case due != "":
		return fmt.Sprintf("请在 <font color=\"warning\">%s</font> 前联系或上门，联系后在系统里登记跟进。", due)
	}
	return "请尽快联系客户，联系后在系统里登记跟进。"
}

func problemKind(k postcrm.NoticeKind) bool {
	return k == postcrm.NoticeProblemOverdue || k == postcrm.NoticeMeasureOverdue
}

// problemMarkdown words an overdue reminder of the problem list: the
// problem (and the measure) with its due date, and what to do.
func problemMarkdown(n postcrm.Notice) string {
	var b strings.Builder
	head := "问题整改逾期"
	if n.Kind == postcrm.NoticeMeasureOverdue {
		head = "整改措施逾期"
	}
	if n.Escalation > 1 {
		head += fmt.Sprintf("（第 %d 次提醒）", n.Escalation)
	}
	fmt.Fprintf(&b, "**%s**　%s\n", head, n.RecipientName)
	fmt.Fprintf(&b, "> 问题：**%s**（编号 %d）\n", n.Reason, n.WarningID)
	if n.CustomerName != "" {
		fmt.Fprintf(&b, "> 措施：%s\n", n.CustomerName)
	}
	if n.OfficeName != "" {
		fmt.Fprintf(&b, "> 营业部：%s\n", n.OfficeName)
	}
	if n.DueOn.Valid() {
		fmt.Fprintf(&b, "期限 %d 月 %d 日 已过，请尽快推进，并在系统“领题破题”里更新进度。", int(n.DueOn.Month()), n.DueOn.Day())
	} else {
		b.WriteString("请尽快推进，并在系统“领题破题”里更新进度。")
	}
	return b.String()
}

// refundMarkdown words a refund case's 催办 or escalation: the case and
// its overdue step are in the notice's reason line.
func refundMarkdown(n postcrm.Notice) string {
	var b strings.Builder
	head := "退费案件催办"
	switch {
	case n.Kind == postcrm.NoticeRefundEscalated && n.Escalation >= 3:
		head = "退费案件逾期，已升级到地市管理员"
	case n.Kind == postcrm.NoticeRefundEscalated:
		head = "退费案件逾期，已升级到营业部经理"
	}
	fmt.Fprintf(&b, "**%s**　%s\n", head, n.RecipientName)
	if n.CustomerCode != "" {
		fmt.Fprintf(&b, "> 客户：%s\n", customer(n))
	}
	fmt.Fprintf(&b, "> %s\n", n.Reason)
	if n.OfficeName != "" {
		fmt.Fprintf(&b, "> 营业部：%s\n", n.OfficeName)
	}
	b.WriteString("请尽快在系统里办理这一步。")
	return b.String()
}

// adjustmentText words an acceptance-policy adjustment's notice: what is
// refused from when, and what the courier must do at the counter.
func adjustmentText(n postcrm.Notice) (string, bool) {
	var head, todo string
	switch n.Kind {
	case postcrm.NoticeAdjustmentInForce:
		head, todo = "收寄政策调整", "调整期间请勿收寄上述邮件，并告知客户；已收寄的请及时联系客户处理。"
	case postcrm.NoticeAdjustmentLifted:
		head, todo = "收寄政策调整已解除", "已恢复正常收寄，请告知受影响的客户。"
	default:
		return "", false
	}
	var b strings.Builder
	fmt.Fprintf(&b, "**%s**　%s\n", head, n.RecipientName)
	fmt.Fprintf(&b, "> %s（编号 %s）\n", n.Reason, n.CustomerName)
	if n.OfficeName != "" {
		fmt.Fprintf(&b, "> 营业部：%s\n", n.OfficeName)
	}
	b.WriteString(todo)
	return b.String(), true
}
