package refund

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"postcrm"
	"postcrm/calendar"
)

// Input is one action on a case, from the web, the import or a test.
type Input struct {
	Action    postcrm.RefundAction
	User      string // staff ID
	Role      postcrm.Role
	At        time.Time
	AmountFen int64    // approve, pay_ok
	Waybills  []string // open
	Reason    string   // open, reject
	Comment   string
	PayKey    string // pay_ok, pay_fail
}

// Yuan formats fen as yuan with two decimals.
func Yuan(fen int64) string {
	sign := ""
	if fen < 0 {
		sign, fen = "-", -fen
	}
	return fmt.Sprintf("%s%d.%02d", sign, fen/100, fen%100)
}

// Decide applies in to case c under the rules, given the facts the
// store read: the outcome to write, or the coded errors of the rules
// broken. A payment whose key is recorded already with the same result
// is one payment: the outcome then has no event, and nothing is written.
func Decide(c postcrm.RefundCase, f postcrm.RefundFacts, in Input, cal *calendar.Calendar) (postcrm.RefundOutcome, error) {
	state := c.State
	if !f.Exists {
		state = postcrm.RefundNew
	}
	if in.Action == postcrm.RefundPayOK || in.Action == postcrm.RefundPayFail {
		if strings.TrimSpace(in.PayKey) == "" {
			return postcrm.RefundOutcome{}, invalid(CodePayKeyMissing, "key", "请填写支付流水号")
		}
		for _, e := range f.History {
			if e.PayKey != in.PayKey {
				continue
			}
			if e.Action == in.Action && (in.Action == postcrm.RefundPayFail || in.AmountFen == 0 || in.AmountFen == e.AmountFen) {
				return postcrm.RefundOutcome{Case: c}, nil
			}
			return postcrm.RefundOutcome{}, invalid(CodePayKeyConflict, "key", "支付流水号 "+in.PayKey+" 已登记为另一个结果")
		}
	}
	m, ok := Lookup(state, in.Action)
	if !ok {
		return postcrm.RefundOutcome{}, notAllowed(CodeIllegal,
			fmt.Sprintf("案件%s，不能%s", StateLabels[state], ActionLabels[in.Action]))
	}
	if !slices.Contains(m.Who, in.Role) {
		return postcrm.RefundOutcome{}, notAllowed(CodeRole, in.Role.Label()+"不能"+ActionLabels[in.Action])
	}
	if state == postcrm.RefundApprove && in.User == c.OpenedBy {
		return postcrm.RefundOutcome{}, notAllowed(CodeMakerChecker, "受理人不能审批自己受理的案件，请由另一位同事审批")
	}
	at := in.At
	next := c
	ev := postcrm.RefundEvent{CaseNo: c.No, At: at, Actor: in.User, Action: in.Action, From: state, To: m.To,
		Reason: strings.TrimSpace(in.Reason), Comment: strings.TrimSpace(in.Comment), PayKey: in.PayKey}
	available := c.PostageFen - f.EarlierFen
	var errs []error
	switch in.Action {
	case postcrm.RefundOpen:
		var err error
		next, err = opened(c.No, f, in)
		if err != nil {
			return postcrm.RefundOutcome{}, err
		}
		next.Owner = in.User
		if in.Role != postcrm.RoleOfficeManager {
			next.Owner = first(f.OfficeManagers, "", in.User)
		}
	case postcrm.RefundVerified:
		next.Owner = first(f.OfficeManagers, c.OpenedBy, first(f.CityManagers, "", ""))
	case postcrm.RefundApproved:
		switch {
		case in.AmountFen <= 0:
			errs = append(errs, invalid(CodeAmountNotPositve, "amount", "退费金额须大于零"))
		case in.AmountFen > available:
			errs = append(errs, invalid(CodeAmountTooHigh, "amount",
				fmt.Sprintf("退费金额不能超过运单已付邮费减去已退金额：%s 元", Yuan(max(available, 0)))))
		}
		next.AmountFen, next.ApprovedBy, ev.AmountFen = in.AmountFen, in.User, in.AmountFen
		next.Owner = lastActor(f.History, postcrm.RefundVerified, first(f.OfficeManagers, "", c.OpenedBy))
	case postcrm.RefundReject:
		if ev.Reason == "" {
			errs = append(errs, invalid(CodeReasonMissing, "reason", "请选择驳回原因"))
		} else if !slices.Contains(f.Reasons[postcrm.RefundReasonReject], ev.Reason) {
			errs = append(errs, invalid(CodeReasonUnknown, "reason", "没有这个驳回原因："+ev.Reason))
		}
		next.RejectReason, next.Owner, next.ClosedAt = ev.Reason, "", at
	case postcrm.RefundSendBack:
		if ev.Comment == "" {
			errs = append(errs, invalid(CodeCommentMissing, "comment", "退回核实时请写明要核实什么"))
		}
		next.Owner = lastActor(f.History, postcrm.RefundVerified, c.OpenedBy)
	case postcrm.RefundPayOK:
		if in.AmountFen != 0 && in.AmountFen != c.AmountFen {
			errs = append(errs, invalid(CodePayAmount, "amount", "退款金额应为审批金额 "+Yuan(c.AmountFen)+" 元"))
		}
		next.PaidFen, ev.AmountFen = c.AmountFen, c.AmountFen
	case postcrm.RefundPayFail:
		// Stays at 退款 with its due time: the failure is retried in the
		// same step, whose time goes on counting.
	case postcrm.RefundClose:
		next.Owner, next.ClosedAt = "", at
	}
	if err := errors.Join(errs...); err != nil {
		return postcrm.RefundOutcome{}, err
	}
	next.State, next.UpdatedAt = m.To, at
	if m.To != state || in.Action == postcrm.RefundSendBack {
		next.StepSince, next.Level = at, 0
		next.DueAt = time.Time{}
		if m.To.Open() {
			next.DueAt = Add(cal, at, f.Settings.Steps[m.To])
		}
	}
	return postcrm.RefundOutcome{Case: next, Event: ev}, nil
}

// opened is the new case of an open: its waybills known and in scope,
// its reason from the list, and postage left to refund.
func opened(no string, f postcrm.RefundFacts, in Input) (postcrm.RefundCase, error) {
	var errs []error
	var nos []string
	for _, w := range in.Waybills {
		if w = strings.TrimSpace(w); w != "" && !slices.Contains(nos, w) {
			nos = append(nos, w)
		}
	}
	c := postcrm.RefundCase{No: no, Waybills: nos, Reason: strings.TrimSpace(in.Reason), OpenedBy: in.User, OpenedAt: in.At}
	if len(nos) == 0 {
		errs = append(errs, invalid(CodeNoWaybill, "waybills", "请填写运单号"))
	}
	for i, n := range nos {
		w, ok := f.Waybills[n]
		if !ok {
			errs = append(errs, invalid(CodeUnknownWaybill, "waybills", "系统里查不到运单 "+n))
			continue
		}
		if i == 0 {
			c.OfficeCode, c.City, c.CustomerCode, c.CustomerName = w.OfficeCode, w.City, w.CustomerCode, w.CustomerName
		}
		c.PostageFen += w.PostageFen
	}
	switch {
	case c.Reason == "":
		errs = append(errs, invalid(CodeReasonMissing, "reason", "请选择退费原因"))
	case !slices.Contains(f.Reasons[postcrm.RefundReasonOpen], c.Reason):
		errs = append(errs, invalid(CodeReasonUnknown, "reason", "没有这个退费原因："+c.Reason))
	}
	if len(errs) == 0 && c.PostageFen-f.EarlierFen <= 0 {
		errs = append(errs, invalid(CodeNothingLeft, "waybills", "这些运单的邮费已经退过了"))
	}
	return c, errors.Join(errs...)
}

// first is the first of ids that is not but, else def.
func first(ids []string, but, def string) string {
	for _, id := range ids {
		if id != but {
			return id
		}
	}
	return def
}

// lastActor is who took the latest action a in history, else def.
func lastActor(history []postcrm.RefundEvent, a postcrm.RefundAction, def string) string {
	for i := len(history) - 1; i >= 0; i-- {
		if history[i].Action == a {
			return history[i].Actor
		}
	}
	return def
}
