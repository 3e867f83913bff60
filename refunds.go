package postcrm

import (
	"context"
	"time"
)

// Returned-item postage refunds (退件邮费退还): a case per refund, moved
// through its steps by actions; the rules are package refund's, the
// records these.

// RefundState is where a case stands: the step it waits on, or its end.
type RefundState string

const (
	RefundNew      RefundState = ""         // not opened yet
	RefundVerify   RefundState = "verify"   // 待核实: check the return scan and the postage
	RefundApprove  RefundState = "approve"  // 待审批
	RefundPay      RefundState = "pay"      // 待退款
	RefundPaid     RefundState = "paid"     // 已退款，待办结
	RefundClosed   RefundState = "closed"   // 办结
	RefundRejected RefundState = "rejected" // 驳回
)

// Open reports whether a case in state s still waits on someone.
func (s RefundState) Open() bool {
	return s != RefundNew && s != RefundClosed && s != RefundRejected
}

// RefundAction is what moves a case (or, for remind and escalate, only
// tells people that it has not moved).
type RefundAction string

const (
	RefundOpen     RefundAction = "open"
	RefundVerified RefundAction = "verify"
	RefundApproved RefundAction = "approve"
	RefundReject   RefundAction = "reject"
	RefundSendBack RefundAction = "send_back"
	RefundPayOK    RefundAction = "pay_ok"
	RefundPayFail  RefundAction = "pay_fail"
	RefundClose    RefundAction = "close"
	RefundRemind   RefundAction = "remind"   // 催办, by the sweep
	RefundEscalate RefundAction = "escalate" // 升级, by the sweep
)

// RefundWaybill is a waybill named on a case as the store knows it:
// the postage paid, whose it is, and what other cases approved on it.
type RefundWaybill struct {
	No           string
	OfficeCode   string
	City         string
	CustomerCode string // "" for a walk-in
	CustomerName string
	OwnerStaffID string
	PostageFen   int64
}

// RefundCase is one refund.
type RefundCase struct {
	No           string
	OfficeCode   string
	City         string
	CustomerCode string // "" for a walk-in
	CustomerName string
	Waybills     []string
	PostageFen   int64  // paid on the listed waybills
	Reason       string // why it was opened
	RejectReason string
	State        RefundState
	AmountFen    int64 // approved
	PaidFen      int64
	OpenedBy     string
	OpenedAt     time.Time
	ApprovedBy   string
	// Owner is who must take the case's step; StepSince when the step
	// began, DueAt when it falls due, Level the reminders and escalations
	// sent in it so far (0 none, 1 催办, 2 office manager, 3 city).
	Owner     string
	StepSince time.Time
	DueAt     time.Time
	Level     int
	ClosedAt  time.Time // when it was closed or rejected
	UpdatedAt time.Time
}

// Overdue reports whether the case's step is past its due time at now.
func (c RefundCase) Overdue(now time.Time) bool {
	return c.State.Open() && !c.DueAt.IsZero() && now.After(c.DueAt)
}

// RefundEvent is one line of a case's history.
type RefundEvent struct {
	CaseNo    string
	Seq       int // from 1, in order
	At        time.Time
	Actor     string // staff ID, or "system" for the sweep
	Action    RefundAction
	From, To  RefundState
	AmountFen int64
	Reason    string
	Comment   string
	PayKey    string // the payment's idempotency key, on pay_ok and pay_fail
	Level     int    // on remind and escalate
	Notified  string // staff ID told, on remind and escalate
	// Read only, filled by RefundCase: the staff's names, "" when unknown.
	ActorName, NotifiedName string
}

// RefundSettings are the province's due times: hours per step, each in
// working hours (the calendar's workdays, 09:00–17:00 China time) or
// calendar hours; the interval between a reminder and each escalation;
// how long an open case may run before its customer is warned.
type RefundSettings struct {
	Steps        map[RefundState]RefundDue
	Escalate     RefundDue
	WarnOpenDays int
}

// RefundDue is one due time: Hours, working or calendar.
type RefundDue struct {
	Hours   int
	Working bool
}

// RefundReasonKind says what a reason is for.
type RefundReasonKind string

const (
	RefundReasonOpen   RefundReasonKind = "open"
	RefundReasonReject RefundReasonKind = "reject"
)

// RefundFacts is what the store reads, in the change's transaction, for
// the rules to judge a change on.
type RefundFacts struct {
	Exists   bool
	Waybills map[string]RefundWaybill // known and in scope
	// EarlierFen is what other cases naming any of the waybills have
	// approved and not rejected since: earlier refunds.
	EarlierFen int64
	History    []RefundEvent
	Settings   RefundSettings
	Reasons    map[RefundReasonKind][]string
	// OfficeManagers and CityManagers are the staff IDs of the case's
	// office (the first waybill's before opening) and city.
	OfficeManagers []string
	CityManagers   []string
}

// RefundOutcome is what a change writes: the case after it, the event
// and, when someone is to be told, the staff ID of whom.
type RefundOutcome struct {
	Case   RefundCase
	Event  RefundEvent
	Notify string
}

// RefundChange decides a change of case c given facts: the rules.
type RefundChange func(c RefundCase, f RefundFacts) (RefundOutcome, error)

// RefundQuery selects cases for a list.
type RefundQuery struct {
	No       string // one case
	Customer string // a customer's cases
	Owner    string // "" for all in scope
	OpenOnly bool
	Waybill  string // cases naming this waybill
	Limit    int    // 0 for all
}

// RefundStore keeps the cases. Every read takes the reader's scope; a
// case outside it is ErrNotFound.
type RefundStore interface {
	// ChangeRefund runs change on case no (a new one when the case does
	// not exist and waybills name the waybills to open it on) in one
	// transaction, and writes the outcome: the case, its event, the
	// audit entry and any notice. A change refused by its rules writes
	// nothing.
	ChangeRefund(ctx context.Context, sc Scope, a Actor, no string, waybills []string, change RefundChange) (RefundCase, error)
	RefundCase(ctx context.Context, sc Scope, no string) (RefundCase, []RefundEvent, error)
	RefundCases(ctx context.Context, sc Scope, q RefundQuery) ([]RefundCase, error)
	// RefundWaybill reads a waybill to open a case on, within sc.
	RefundWaybill(ctx context.Context, sc Scope, no string) (RefundWaybill, error)
	// RefundEvents lists the history of the cases in sc that have an
	// event in [from, to), every event of each such case, by case and seq.
	RefundEvents(ctx context.Context, sc Scope, from, to time.Time) ([]RefundCase, []RefundEvent, error)
	RefundSettings(ctx context.Context) (RefundSettings, error)
	SaveRefundSettings(ctx context.Context, s RefundSettings, a Actor) error
	RefundReasons(ctx context.Context) (map[RefundReasonKind][]string, error)
	AddRefundReason(ctx context.Context, kind RefundReasonKind, label string, a Actor) error
	// RefundWarnings lists the month's refund warnings in sc (a courier's:
	// those on the customers they own), the longest-standing first.
	RefundWarnings(ctx context.Context, sc Scope, q RefundWarningQuery) ([]RefundWarning, error)
}

// RefundWarningKind is a retention warning a refund raises on a
// contract customer: a refund left open too long, or refused.
type RefundWarningKind string

const (
	RefundWarnOpen     RefundWarningKind = "refund_open"     // 退费未办结
	RefundWarnRejected RefundWarningKind = "refund_rejected" // 退费被驳回
)

// RefundWarning is one such warning in a month: the customer, the case
// behind it and since when. The sweep recomputes the month's set, so a
// case closed meanwhile clears its warning at the next run.
type RefundWarning struct {
	Month        Month
	Kind         RefundWarningKind
	CustomerCode string
	CustomerName string
	OfficeCode   string
	CaseNo       string
	Since        time.Time // opened (open) or rejected (rejected)
	Reason       string    // one line a courier understands
	// Read only, filled on reading: the customer's owner now and the
	// office's name and city, for the month's warnings list.
	OwnerStaffID, OwnerName string
	OfficeName, City        string
}

// RefundWarningQuery selects a month's refund warnings within a scope.
type RefundWarningQuery struct {
	Month    Month
	Customer string // one customer's, "" for all in scope
	// The warnings list's filters; "" for all.
	City, OfficeCode, Owner string
}
