package postcrm

import (
	"errors"
	"slices"
	"strings"
)

// The rules a follow-up change must pass. The stores call them inside
// the transaction that reads the dispatch, so that they judge the state
// the change is written over; callers show the coded errors.

// Contact error codes, by the field they concern.
const (
	CodeContactClosed             = "contact.closed"               // held out, withdrawn or closed: no more contacts
	CodeContactDateMissing        = "contact.date_missing"         // on
	CodeContactDateFuture         = "contact.date_future"          // on: after the day it is recorded
	CodeContactDateBeforeDispatch = "contact.date_before_dispatch" // on: before the warning was dispatched
	CodeContactMethodMissing      = "contact.method_missing"       // method
	CodeContactOutcomeMissing     = "contact.outcome_missing"      // outcome
	CodeContactReasonMissing      = "contact.reason_missing"       // reason: a reached customer gives one
	CodeContactReasonUnknown      = "contact.reason_unknown"       // reason
	CodeContactCompetitorMissing  = "contact.competitor_missing"   // competitor: the reason is a competitor
	CodeContactNoteMissing        = "contact.note_missing"         // note: the reason is "other"
)

// Reassignment error codes.
const (
	CodeReassignByCourier   = "reassign.by_courier"   // couriers take work, they do not hand it out
	CodeReassignClosed      = "reassign.closed"       // held out, withdrawn or closed
	CodeReassignNobody      = "reassign.nobody"       // staff: nobody chosen
	CodeReassignUnknown     = "reassign.unknown"      // staff: no such staff ID
	CodeReassignOtherOffice = "reassign.other_office" // staff: works at another office
)

// CodeMonthByCourier refuses a courier the month's follow-up figures.
const CodeMonthByCourier = "followup_month.by_courier"

// Tidied drops what the contact's outcome and reason do not ask for: a
// form that hides the reason for an unreachable customer, or the
// competitor for any other reason, may still send their last values.
func (c Contact) Tidied() Contact {
	if c.Outcome == OutcomeUnreachable {
		c.Reason = ""
	}
	if c.Reason != ReasonCompetitor {
		c.Competitor = ""
	}
	c.Note = strings.TrimSpace(c.Note)
	return c
}

// Validate checks a contact to be recorded on dispatch d, whose reasons
// to choose from are reasons. Every field at fault is reported, joined,
// so that a form can mark each; see Errors. The contact's day must lie
// between the dispatch and the day it is recorded (RecordedAt, China
// time): a visit is recorded after it happened, and one dated before
// the dispatch or ahead would distort the on-time and recovery figures.
func (c Contact) Validate(d Dispatch, reasons []ContactReason) error {
	if !d.Actionable() {
		return notAllowed(CodeContactClosed, "对照组、已撤销或已办结的预警不能登记跟进")
	}
	var errs []error
	add := func(code, field, msg string) { errs = append(errs, invalid(code, field, msg)) }
	switch {
	case !c.On.Valid():
		add(CodeContactDateMissing, "on", "请填写跟进日期")
	case !c.RecordedAt.IsZero() && c.On > DateOf(c.RecordedAt):
		add(CodeContactDateFuture, "on", "跟进日期不能晚于今天")
	case d.DispatchedOn != 0 && c.On < d.DispatchedOn:
		add(CodeContactDateBeforeDispatch, "on", "跟进日期不能早于预警派发的日期 "+d.DispatchedOn.String())
	}
	if !slices.Contains(ContactMethods, c.Method) {
		add(CodeContactMethodMissing, "method", "请选择跟进方式")
	}
	if !slices.Contains(Outcomes, c.Outcome) {
		add(CodeContactOutcomeMissing, "outcome", "请选择跟进结果")
	}
	known := slices.ContainsFunc(reasons, func(r ContactReason) bool { return r.Code == c.Reason })
	switch {
	case c.Outcome.Reached() && c.Reason == "":
		add(CodeContactReasonMissing, "reason", "联系上客户时请选择客户说的原因")
	case c.Reason != "" && !known:
		add(CodeContactReasonUnknown, "reason", "没有这个原因："+c.Reason)
	case c.Reason == ReasonCompetitor && !slices.Contains(Competitors, c.Competitor):
		add(CodeContactCompetitorMissing, "competitor", "请选择客户转投了哪家")
	case c.Reason == ReasonOther && strings.TrimSpace(c.Note) == "":
		add(CodeContactNoteMissing, "note", "原因选“其他”时请写明情况")
	}
	return errors.Join(errs...)
}

// ValidateReassign checks that a user of role by may give dispatch d to
// staff member to; see MayAssign and ValidateAssignee.
func (d Dispatch) ValidateReassign(by Role, to Staff) error {
	if err := MayAssign(by); err != nil {
		return err
	}
	if !d.Actionable() {
		return notAllowed(CodeReassignClosed, "对照组、已撤销或已办结的预警不能改派")
	}
	return ValidateAssignee(d.OfficeCode, to)
}

// MayAssign refuses couriers: handing out work (a warning, an unowned
// customer) is a manager's.
func MayAssign(by Role) error {
	if by == RoleCourier {
		return notAllowed(CodeReassignByCourier, "揽投员不能分派预警")
	}
	return nil
}

// MayReadFollowupMonth refuses couriers a month's follow-up as a whole
// (its warnings, dispatches and contacts, held-out ones included): over
// the few customers a courier owns, the effect's sums would tell which
// of them are held out.
func MayReadFollowupMonth(by Role) error {
	if by == RoleCourier {
		return notAllowed(CodeMonthByCourier, "揽投员不能读整月的跟进")
	}
	return nil
}

// ValidateAssignee checks that staff member to works at office, to take
// its work. A Staff with an ID and no Role is one the staff data does
// not know.
func ValidateAssignee(office string, to Staff) error {
	switch {
	case to.ID == "":
		return invalid(CodeReassignNobody, "staff", "请选择交给谁")
	case to.Role == "":
		return invalid(CodeReassignUnknown, "staff", "没有工号 "+to.ID)
	case to.OfficeCode != office:
		return &Error{Kind: ErrNotAllowed, Code: CodeReassignOtherOffice, Field: "staff",
			Message: to.ID + " 不是营业部 " + office + " 的员工"}
	}
	return nil
}
