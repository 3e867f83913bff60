package postcrm

import (
	"context"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strings"
	"time"
)

// Notices tell the staff member a warning is given to that it is theirs:
// when it is dispatched, reassigned or escalated. The store writes them
// to an outbox in the same transaction as the change; the notice package
// words and delivers them.

// NoticeKind is the event a notice tells of.
type NoticeKind string

const (
	NoticeDispatched NoticeKind = "dispatched" // 新派预警
	NoticeReassigned NoticeKind = "reassigned" // 改派 (also a customer given an owner from the pool)
	NoticeEscalated  NoticeKind = "escalated"  // 逾期升级

	// The problem list's overdue reminders (problem.Remind): WarningID
	// holds the problem's ID, Reason its title, CustomerName the
	// measure's text, Escalation which reminder it is (1, 2, …).
	NoticeProblemOverdue NoticeKind = "problem_overdue" // 问题整改逾期
	NoticeMeasureOverdue NoticeKind = "measure_overdue" // 整改措施逾期
	// A refund case's step overdue: 催办 to its owner, then escalated.
	NoticeRefundRemind    NoticeKind = "refund_remind"
	NoticeRefundEscalated NoticeKind = "refund_escalated"
	// An acceptance-policy adjustment approved (in force from its first
	// day) or lifted, told to the staff of the offices in its scope:
	// WarningID is 0, Reason what it refuses and when, CustomerName its
	// 编号.
	NoticeAdjustmentInForce NoticeKind = "adjustment_in_force" // 收寄政策调整生效
	NoticeAdjustmentLifted  NoticeKind = "adjustment_lifted"   // 收寄政策调整解除
)

// Notice is one message of the outbox: who is told of what, the facts
// its text is made of as they were at the event, and its delivery.
type Notice struct {
	ID      int64
	EventID string // one notice per event: "dispatched:<warning>", "escalated:<warning>:<level>", "reassigned:<warning>:<n>"
	Kind    NoticeKind

	WarningID     int64
	Recipient     string // staff ID: the warning's assignee after the event
	RecipientName string
	OfficeCode    string // the recipient's office, "" for city staff; with City, where the notice goes
	OfficeName    string
	City          string

	CustomerCode string // "" for a walk-in
	SenderPhone  string // the walk-in's phone
	CustomerName string
	WarningKind  WarningKind
	Reason       string // the warning's one line
	Month        Month  // of the warning
	DueOn        Date
	Escalation   int // the level reached, for NoticeEscalated

	CreatedAt time.Time
	Attempts  int       // failed deliveries so far
	NextAt    time.Time // when the next attempt is due
	SentAt    time.Time // zero until delivered
	LastError string
}

// Delivered reports whether the notice has reached its receiver.
func (n Notice) Delivered() bool { return !n.SentAt.IsZero() }

// NoticeEvent is an event that tells a warning's assignee: the store
// copies the facts of the warning's dispatch into a Notice.
type NoticeEvent struct {
	ID         string
	Kind       NoticeKind
	WarningID  int64
	Escalation int
}

// NoticeEvents lists the events of a dispatch run that tell someone:
// each warning dispatched to a staff member (not the held-out ones nor
// those nobody could take), each escalation. Their IDs depend only on
// the warning and level, so that a run that repeats adds none.
func (p DispatchPlan) NoticeEvents() []NoticeEvent {
	var es []NoticeEvent
	for _, d := range p.New {
		if !d.HeldOut && d.AssignedTo != "" {
			es = append(es, NoticeEvent{ID: fmt.Sprintf("dispatched:%d", d.WarningID), Kind: NoticeDispatched, WarningID: d.WarningID})
		}
	}
	for _, id := range slices.Sorted(maps.Keys(p.Escalate)) {
		lvl := p.Escalate[id]
		es = append(es, NoticeEvent{ID: fmt.Sprintf("escalated:%d:%d", id, lvl), Kind: NoticeEscalated, WarningID: id, Escalation: lvl})
	}
	return es
}

// ReassignEvent is the n-th reassignment of a warning (from 1), which
// tells its new assignee.
func ReassignEvent(warningID int64, n int) NoticeEvent {
	return NoticeEvent{ID: fmt.Sprintf("reassigned:%d:%d", warningID, n), Kind: NoticeReassigned, WarningID: warningID}
}

// NoticeWebhook is where an office's or a city's notices go: a 企业微信
// group robot's webhook URL. Exactly one of OfficeCode and City is set;
// an office's webhook wins over its city's.
type NoticeWebhook struct {
	OfficeCode string
	City       string
	URL        string
}

// Validate checks that the webhook names one office or one city and an
// http(s) URL with a host.
func (h NoticeWebhook) Validate() error {
	if (h.OfficeCode == "") == (h.City == "") {
		return fmt.Errorf("要指定一个营业部或一个地市（只能二选一）: %w", ErrInvalid)
	}
	u, err := url.Parse(strings.TrimSpace(h.URL))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return fmt.Errorf("机器人地址 %q 不是 http(s) 网址: %w", h.URL, ErrInvalid)
	}
	return nil
}

// NoticeQuery selects notices for the outbox list, newest first.
type NoticeQuery struct {
	Undelivered bool // only those not delivered yet
	Limit       int  // 0 means all
}

// NoticeStore keeps the outbox and the webhooks. The notices themselves
// are written by the follow-up changes (ApplyDispatchPlan, Reassign,
// AssignOwner), in their transactions.
type NoticeStore interface {
	// ClaimNotices takes up to limit undelivered notices due at now,
	// oldest due first, and moves their next attempt to until, so that
	// another delivery pass does not send them meanwhile.
	ClaimNotices(ctx context.Context, now, until time.Time, limit int) ([]Notice, error)
	// NoticeSent marks a notice delivered at at.
	NoticeSent(ctx context.Context, id int64, at time.Time) error
	// NoticeFailed records a failed attempt: how many there were, when
	// to try again and why it failed. Given the notice's own attempts
	// and error, it only puts the notice off.
	NoticeFailed(ctx context.Context, id int64, attempts int, next time.Time, reason string) error
	// Notices lists the outbox, newest first.
	Notices(ctx context.Context, q NoticeQuery) ([]Notice, error)
	// UndeliveredNotices counts the notices not delivered yet.
	UndeliveredNotices(ctx context.Context) (int, error)

	// NoticeWebhooks lists the webhooks, the cities' first.
	NoticeWebhooks(ctx context.Context) ([]NoticeWebhook, error)
	// SaveNoticeWebhook sets an office's or a city's webhook, which must
	// exist; ErrInvalid otherwise.
	SaveNoticeWebhook(ctx context.Context, h NoticeWebhook, a Actor) error
	// DeleteNoticeWebhook removes it; ErrNotFound when there is none.
	DeleteNoticeWebhook(ctx context.Context, officeCode, city string, a Actor) error
}
