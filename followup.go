package postcrm

import (
	"context"
	"errors"
	"time"
)

// ErrNotAllowed is returned when the caller's role may not make a change
// (a courier reassigning a warning, a contact on a held-out warning);
// see followup_rules.go.
var ErrNotAllowed = errors.New("not allowed")

// ErrInvalid is returned for a record that does not pass the checks (an
// unknown method or reason, a competitor not named); the follow-up
// rules return it as the Kind of a coded *Error naming the field.
var ErrInvalid = errors.New("invalid")

// The follow-up loop: each month's warnings are dispatched to the people
// who act on them, a share is held out as a control group, couriers record
// their contacts, and the recovery of the customers is measured against
// the held-out ones.

// DispatchStatus is where a warning's follow-up stands.
type DispatchStatus string

const (
	StatusHeldOut    DispatchStatus = "held_out"    // 对照组: not dispatched, only watched
	StatusOpen       DispatchStatus = "open"        // 待跟进: dispatched, nothing recorded yet
	StatusInProgress DispatchStatus = "in_progress" // 跟进中: contacted, not closed
	StatusClosed     DispatchStatus = "closed"      // 已办结: closed by an outcome
)

// Escalation levels of a dispatched warning left untouched past its due date.
const (
	EscalationNone   = 0
	EscalationOffice = 1 // to the office manager (营业部经理)
	EscalationCity   = 2 // to the city manager (地市管理员)
)

// Dispatch is the follow-up state of one warning, kept in its own table
// keyed by the warning's ID. It copies the warning's key and office so
// that the follow-up history outlives the warning: when a re-run of the
// analysis no longer raises it, the dispatch is marked Withdrawn (预警已撤销)
// and keeps its contacts; when the same customer is warned again for the
// month, the dispatch is re-attached to the new warning.
type Dispatch struct {
	WarningID    int64
	Month        Month // of the warning
	Kind         WarningKind
	CustomerCode string
	SenderPhone  string
	OfficeCode   string
	HeldOut      bool
	AssignedTo   string // staff ID; empty when held out or nobody in the office can take it
	DispatchedOn Date
	DueOn        Date // empty when held out
	Status       DispatchStatus
	Outcome      Outcome // the closing outcome, or the last one recorded
	ClosedOn     Date
	Contacts     int // contacts recorded
	Escalation   int // EscalationNone, EscalationOffice or EscalationCity
	Withdrawn    bool
}

// Actionable reports whether the dispatch still takes follow-up work
// (contacts, reassignment): dispatched, not withdrawn, not closed.
func (d Dispatch) Actionable() bool {
	return !d.HeldOut && !d.Withdrawn && d.Status != StatusClosed
}

// ContactMethod is how the courier reached the customer.
type ContactMethod string

const (
	MethodVisit  ContactMethod = "visit"  // 上门
	MethodPhone  ContactMethod = "phone"  // 电话
	MethodWeChat ContactMethod = "wechat" // 微信
)

// ContactMethods lists the methods in the order a form offers them.
var ContactMethods = []ContactMethod{MethodVisit, MethodPhone, MethodWeChat}

// Outcome is what a contact achieved.
type Outcome string

const (
	OutcomeRecovered    Outcome = "recovered"     // 已恢复
	OutcomePartly       Outcome = "partly"        // 部分恢复
	OutcomeLost         Outcome = "lost"          // 已流失
	OutcomeUnreachable  Outcome = "unreachable"   // 无法联系
	OutcomeWrongWarning Outcome = "wrong_warning" // 预警有误: the customer did not really decline
)

// Outcomes lists the outcomes in the order a form offers them.
var Outcomes = []Outcome{OutcomeRecovered, OutcomePartly, OutcomeLost, OutcomeUnreachable, OutcomeWrongWarning}

// Closes reports whether the outcome closes the warning. A customer who
// could not be reached is tried again: the warning stays in progress.
func (o Outcome) Closes() bool {
	return o == OutcomeRecovered || o == OutcomePartly || o == OutcomeLost || o == OutcomeWrongWarning
}

// Reached reports whether a contact with this outcome spoke to the
// customer: only those count as "contacted" when the effect is measured.
func (o Outcome) Reached() bool { return o != OutcomeUnreachable && o != "" }

// Competitors a customer may have moved to (转投同行), by code.
var Competitors = []string{"sf", "jd", "zto", "yto", "sto", "yunda", "jt", "deppon", "other"}

// ReasonCompetitor is the reason code that asks which competitor.
const ReasonCompetitor = "competitor"

// ReasonOther is the reason code that asks for free text.
const ReasonOther = "other"

// ContactReason is one entry of the province's list of reasons customers give
// (资费, 时效/服务, …). The built-in ones come with the schema; the
// province adds its own.
type ContactReason struct {
	Code   string
	NameZH string
	NameEN string
}

// Contact is one attempt to reach a warned customer.
type Contact struct {
	ID         int64
	WarningID  int64
	On         Date
	Method     ContactMethod
	Outcome    Outcome
	Reason     string // a ContactReason code; empty when unreachable
	Competitor string // one of Competitors when Reason is ReasonCompetitor
	Note       string // free text; required with ReasonOther
	StaffID    string // who recorded it
	RecordedAt time.Time
}

// FollowupMonth is a month's follow-up as one scope holds it, what its
// plan, do and check figures are counted from: the warnings in the
// scope's offices, their dispatches (held-out and withdrawn ones
// included: the control group is the measurement's comparison) and the
// contacts on them. Whoever reads it in a narrower scope than the
// province's shows aggregates only, never which customers are held out.
type FollowupMonth struct {
	Month      Month
	Warnings   []Warning
	Dispatches []Dispatch // by warning ID
	Contacts   []Contact  // by warning ID, then oldest first
}

// ActNote is the province's "act" of a month's PDCA cycle: what it
// concluded and which thresholds it changed.
type ActNote struct {
	ID         int64
	Month      Month
	Author     string
	At         time.Time
	Note       string
	Thresholds string // threshold changes, e.g. "MinDrop 0.30 -> 0.35"
}

// FollowupSettings are what the province configures.
type FollowupSettings struct {
	HoldoutShare       float64 // share of each month's warnings held out, 0 to 0.5
	DueDays            int     // days from dispatch to due
	EscalateOfficeDays int     // untouched this many days after due: to the office manager
	EscalateCityDays   int     // untouched this many days after due: to the city manager
}

// DefaultFollowupSettings are what a store reports until the province
// saves its own: 10% held out, due in 7 days, escalated 3 and 7 days
// after. They are written here only: the stores keep no row until the
// settings are saved (sqlstore's FollowupSettings).
func DefaultFollowupSettings() FollowupSettings {
	return FollowupSettings{HoldoutShare: 0.10, DueDays: 7, EscalateOfficeDays: 3, EscalateCityDays: 7}
}

// Actor is who makes a change and from where, for the audit log.
type Actor struct {
	User string
	Addr string
}

// DispatchPlan is what a dispatch run changes, in one transaction.
type DispatchPlan struct {
	New      []Dispatch      // warnings dispatched or held out for the first time
	Reattach map[int64]int64 // old warning ID -> the new warning raised for the same customer
	Withdraw []int64         // dispatches whose warning a re-run dropped
	Escalate map[int64]int   // warning ID -> new escalation level
	Attached map[int64]int64 // warning ID -> the open early alert's case it joined instead of being dispatched (not written)
}

// DispatchQuery selects dispatched warnings within a scope; zero fields
// match everything.
type DispatchQuery struct {
	Month      Month
	Status     DispatchStatus
	AssignedTo string
	OverdueOn  Date // when set: open or in progress and due before this day
	Escalated  bool // only escalated ones
	// CustomerCode: only this contract customer's dispatches.
	CustomerCode string
	// Todo: only open and in-progress ones, most urgent first: by due
	// date (so the overdue come first), then revenue at risk. Without it
	// the list is by revenue at risk.
	Todo   bool
	Offset int
	Limit  int // 0 means all
}

// DispatchRow is a dispatch with its warning as the lists show it; the
// warning's fields are zero when it was withdrawn.
type DispatchRow struct {
	Dispatch
	Warning      WarningRow
	AssigneeName string
	ContactName  string // the contract customer's contact person
	ContactPhone string // theirs; a walk-in's phone is Warning.SenderPhone
}

// DispatchCount counts a month's dispatched warnings (neither held out
// nor withdrawn) of one kind, status and dispatch day, with and without
// contacts: the dashboards' follow-up figures are sums of these.
type DispatchCount struct {
	Kind         WarningKind
	Status       DispatchStatus
	DispatchedOn Date
	Contacted    bool // at least one contact recorded
	N            int
}

// UnownedCustomer is a customer without an owner (未管户) that keeps
// drawing warnings: the office manager's pool to assign.
type UnownedCustomer struct {
	CustomerView
	Warnings  int   // warnings in the months asked for
	LastMonth Month // of the latest
}

// FollowupStore keeps the follow-up loop's province-wide side: the
// settings, the dispatch run, the measurement's reads, the contact
// reasons and activity notes. Every change is written to the audit log
// in the same transaction, with the actor given.
type FollowupStore interface {
	FollowupSettings(ctx context.Context) (FollowupSettings, error)
	SaveFollowupSettings(ctx context.Context, s FollowupSettings, a Actor) error

	// Dispatches lists a month's dispatches by warning ID, withdrawn ones
	// included: the run's and the measurement's view, unscoped.
	Dispatches(ctx context.Context, month Month) ([]Dispatch, error)
	// ApplyDispatchPlan writes a dispatch run.
	ApplyDispatchPlan(ctx context.Context, p DispatchPlan, a Actor) error
	// MonthContacts lists every contact on a month's warnings, for the
	// measurement.
	MonthContacts(ctx context.Context, month Month) ([]Contact, error)
	// FollowupVersion changes whenever what the later months' analyses
	// of a month's measurement read may have changed: an import, a
	// suspension, the month's warnings. Caches key on it. Dispatches,
	// assignees and contacts are not in it: the measured cases are built
	// from them afresh on every read.
	FollowupVersion(ctx context.Context, month Month) (string, error)
	// HolidayTable is the stored holiday table the measurement's
	// analyses use (calendar.Stored).
	HolidayTable(ctx context.Context) (string, error)

	Reasons(ctx context.Context) ([]ContactReason, error)
	AddReason(ctx context.Context, r ContactReason, a Actor) error

	AddActNote(ctx context.Context, n ActNote, a Actor) (ActNote, error)
	ActNotes(ctx context.Context, month Month) ([]ActNote, error)
}

// ScopedFollowup is the follow-up loop as managers and couriers work
// it: every call within the caller's Scope, a warning outside it
// ErrNotFound. Every change is written to the audit log in the same
// transaction, with the actor given.
type ScopedFollowup interface {
	// ScopedDispatches lists the dispatched warnings in scope, most
	// revenue at risk first, with how many matched.
	ScopedDispatches(ctx context.Context, sc Scope, q DispatchQuery) ([]DispatchRow, int, error)
	ScopedDispatch(ctx context.Context, sc Scope, warningID int64) (DispatchRow, error)
	// DispatchCounts sums the month's dispatched warnings in scope by
	// kind, status, dispatch day and whether contacted.
	DispatchCounts(ctx context.Context, sc Scope, month Month) ([]DispatchCount, error)
	// Reassign gives a dispatched warning to another staff member of its
	// office; the caller must see the warning and be a manager.
	Reassign(ctx context.Context, sc Scope, warningID int64, staffID string, a Actor) error
	// AddContact records a contact on a warning dispatched in scope and
	// moves its status: a closing outcome closes it.
	AddContact(ctx context.Context, sc Scope, c Contact, a Actor) (Contact, error)
	// Contacts lists a warning's contacts, oldest first.
	Contacts(ctx context.Context, sc Scope, warningID int64) ([]Contact, error)
	// ScopedFollowupMonth reads month's follow-up in a manager's scope
	// (couriers: ErrNotAllowed), held-out dispatches included; see
	// FollowupMonth.
	ScopedFollowupMonth(ctx context.Context, sc Scope, month Month) (FollowupMonth, error)

	// UnownedPool lists every unowned customer in scope (no owner, or
	// one who has left), those warned most in [fromMonth, toMonth] first.
	UnownedPool(ctx context.Context, sc Scope, fromMonth, toMonth Month) ([]UnownedCustomer, error)
	// AssignOwner makes staffID (a courier of the customer's office) the
	// customer's owner and hands it the customer's open dispatches. A
	// later customers import that says unowned keeps that owner; one that
	// names an owner replaces it.
	AssignOwner(ctx context.Context, sc Scope, customerCode, staffID string, a Actor) error
}
