// Package refund is the returned-item postage refund workflow (退件邮费
// 退还): the state machine as one table, the rules on amounts,
// maker-checker and payment keys, the due times, the reminder sweep, the
// import of another system's events and the monthly report.
package refund

import (
	"fmt"
	"slices"
	"strings"

	"postcrm"
)

// Move is one row of the state machine: in state From, action Act takes
// the case to To, and may be taken by the roles in Who.
type Move struct {
	From postcrm.RefundState
	Act  postcrm.RefundAction
	To   postcrm.RefundState
	Who  []postcrm.Role
}

var (
	counter  = []postcrm.Role{postcrm.RoleOfficeManager, postcrm.RoleCourier, postcrm.RoleProvinceAdmin}
	office   = []postcrm.Role{postcrm.RoleOfficeManager, postcrm.RoleProvinceAdmin}
	approver = []postcrm.Role{postcrm.RoleOfficeManager, postcrm.RoleCityManager, postcrm.RoleProvinceAdmin}
)

// Table is the state machine: every legal (state, action) pair. A pair
// not listed is refused. Opening is at a counter (the office manager's
// account: postcrm has no separate counter role), by the courier who
// owns the customer, or by the province's customer service; verifying,
// paying and closing are the office's; approving, rejecting and sending
// back at 审批 also the city's. The docs' diagram is drawn from it.
var Table = []Move{
	{postcrm.RefundNew, postcrm.RefundOpen, postcrm.RefundVerify, counter},
	{postcrm.RefundVerify, postcrm.RefundVerified, postcrm.RefundApprove, office},
	{postcrm.RefundVerify, postcrm.RefundReject, postcrm.RefundRejected, office},
	{postcrm.RefundApprove, postcrm.RefundApproved, postcrm.RefundPay, approver},
	{postcrm.RefundApprove, postcrm.RefundReject, postcrm.RefundRejected, approver},
	{postcrm.RefundApprove, postcrm.RefundSendBack, postcrm.RefundVerify, approver},
	{postcrm.RefundPay, postcrm.RefundPayOK, postcrm.RefundPaid, office},
	{postcrm.RefundPay, postcrm.RefundPayFail, postcrm.RefundPay, office},
	{postcrm.RefundPaid, postcrm.RefundClose, postcrm.RefundClosed, office},
}

// States lists every state, in the workflow's order.
var States = []postcrm.RefundState{postcrm.RefundNew, postcrm.RefundVerify, postcrm.RefundApprove,
	postcrm.RefundPay, postcrm.RefundPaid, postcrm.RefundClosed, postcrm.RefundRejected}

// Actions lists the actions people take (not the sweep's).
var Actions = []postcrm.RefundAction{postcrm.RefundOpen, postcrm.RefundVerified, postcrm.RefundApproved,
	postcrm.RefundReject, postcrm.RefundSendBack, postcrm.RefundPayOK, postcrm.RefundPayFail, postcrm.RefundClose}

// StateLabels and ActionLabels are how the counters say them.
var StateLabels = map[postcrm.RefundState]string{
	postcrm.RefundNew:      "受理",
	postcrm.RefundVerify:   "待核实",
	postcrm.RefundApprove:  "待审批",
	postcrm.RefundPay:      "待退款",
	postcrm.RefundPaid:     "已退款待办结",
	postcrm.RefundClosed:   "办结",
	postcrm.RefundRejected: "驳回",
}

var ActionLabels = map[postcrm.RefundAction]string{
	postcrm.RefundOpen:     "受理",
	postcrm.RefundVerified: "核实通过",
	postcrm.RefundApproved: "审批通过",
	postcrm.RefundReject:   "驳回",
	postcrm.RefundSendBack: "退回核实",
	postcrm.RefundPayOK:    "退款成功",
	postcrm.RefundPayFail:  "退款失败",
	postcrm.RefundClose:    "办结",
	postcrm.RefundRemind:   "催办",
	postcrm.RefundEscalate: "逾期升级",
}

// Lookup finds the move of action a in state s.
func Lookup(s postcrm.RefundState, a postcrm.RefundAction) (Move, bool) {
	i := slices.IndexFunc(Table, func(m Move) bool { return m.From == s && m.Act == a })
	if i < 0 {
		return Move{}, false
	}
	return Table[i], true
}

// Next lists the moves open to role r in state s.
func Next(s postcrm.RefundState, r postcrm.Role) []Move {
	var out []Move
	for _, m := range Table {
		if m.From == s && slices.Contains(m.Who, r) {
			out = append(out, m)
		}
	}
	return out
}

// Diagram is the state diagram in Mermaid, drawn from Table; docs/refunds.md
// carries it between its markers and a test keeps the two equal.
func Diagram() string {
	var b strings.Builder
	b.WriteString("```mermaid\nstateDiagram-v2\n")
	name := func(s postcrm.RefundState) string {
		if s == postcrm.RefundNew {
			return "[*]"
		}
		return string(s)
	}
	for _, s := range States[1:] {
		fmt.Fprintf(&b, "    %s: %s\n", s, StateLabels[s])
	}
	for _, m := range Table {
		who := make([]string, len(m.Who))
		for i, r := range m.Who {
			who[i] = r.Label()
		}
		fmt.Fprintf(&b, "    %s --> %s: %s（%s）\n", name(m.From), name(m.To), ActionLabels[m.Act], strings.Join(who, "、"))
	}
	b.WriteString("    closed --> [*]\n    rejected --> [*]\n```\n")
	return b.String()
}
