package postcrm

import (
	"errors"
	"fmt"
	"slices"
	"time"
)

// The workflow of an adjustment: a city's control notice reaches the
// province (often at night), the province or the city drafts the
// adjustment, the province submits it to the group, records the group's
// approval or refusal, and lifts it when the control ends.

// StatusName is the status's Chinese name.
func (s AdjustmentStatus) Name() string {
	switch s {
	case AdjustDrafted:
		return "草拟"
	case AdjustSubmitted:
		return "已报集团"
	case AdjustApproved:
		return "已批准"
	case AdjustRefused:
		return "未获批准"
	case AdjustLifted:
		return "已解除"
	}
	return string(s)
}

// State is where the adjustment stands on day: a status, but an approved
// one is 待生效 before its first day and 执行中 from it.
func (a Adjustment) State(day Date) string {
	switch {
	case a.Status == AdjustApproved && day < a.From:
		return "待生效"
	case a.Status == AdjustApproved && (a.To == 0 || day <= a.To):
		return "执行中"
	case a.Status == AdjustApproved:
		return "已到期"
	}
	return a.Status.Name()
}

// MayDraft reports whether sc may draft an adjustment of scope: the
// province any, a city manager their city's or its offices' (cityOf is
// the office's city).
func MayDraft(sc Scope, scope string, cityOf func(office string) string) bool {
	switch sc.Role {
	case RoleProvinceAdmin:
		return true
	case RoleCityManager:
		return scope == sc.City || (cityOf(scope) == sc.City && sc.City != "")
	}
	return false
}

// CheckDraft checks a draft (new or edited) by sc: the rules of Validate,
// and a scope that is sc's to draft for; a stored one may be edited only
// while it is a draft, and only by one who may draft for its scope.
func (a Adjustment) CheckDraft(sc Scope, k AdjustmentKnown, cityOf func(string) string, stored *Adjustment) error {
	if stored != nil && stored.Status != AdjustDrafted {
		return notAllowed(CodeAdjustStepNotAllowed, fmt.Sprintf("调整 %s 已%s，不能再修改", stored.ID, stored.Status.Name()))
	}
	if stored != nil && !MayDraft(sc, stored.Scope, cityOf) {
		return notAllowed(CodeAdjustOutsideCity, "地市只能修改本地市或本地市营业部的调整草稿")
	}
	errs := Errors(a.Validate(k))
	if a.Scope != "" && !MayDraft(sc, a.Scope, cityOf) {
		// Another city's scope is unknown to sc's names: say why it is
		// refused rather than that it is unknown.
		errs = slices.DeleteFunc(errs, func(e *Error) bool { return e.Code == CodeAdjustScopeUnknown })
		errs = append(errs, invalid(CodeAdjustOutsideCity, "scope", "地市只能为本地市或本地市的营业部起草调整"))
	}
	out := make([]error, len(errs))
	for i, e := range errs {
		out[i] = e
	}
	return errors.Join(out...)
}

// Step moves the adjustment on by step, taken by sc at at: submitted
// from a draft, approved or refused once submitted, lifted once
// approved. Only the province takes these steps. Lifting on day liftOn
// (the first day items are accepted again) ends it the day before; one
// lifted before its first day never acted.
func (a Adjustment) Step(step AdjustmentStatus, sc Scope, liftOn Date) (Adjustment, error) {
	if sc.Role != RoleProvinceAdmin {
		return a, notAllowed(CodeAdjustStepByCity, "报集团、批准、解除由省市场部办理")
	}
	from := map[AdjustmentStatus]AdjustmentStatus{AdjustSubmitted: AdjustDrafted, AdjustApproved: AdjustSubmitted,
		AdjustRefused: AdjustSubmitted, AdjustLifted: AdjustApproved}
	if want, ok := from[step]; !ok || a.Status != want {
		return a, notAllowed(CodeAdjustStepNotAllowed, fmt.Sprintf("调整 %s 现为“%s”，不能“%s”", a.ID, a.Status.Name(), step.Name()))
	}
	if step == AdjustLifted {
		if !liftOn.Valid() {
			return a, invalid(CodeAdjustLiftMissing, "lift_on", "请填写恢复收寄的日期")
		}
		last := liftOn.AddDays(-1)
		if a.To != 0 && last >= a.To {
			return a, invalid(CodeAdjustLiftLate, "lift_on", fmt.Sprintf("调整本来到 %s 结束，解除日期应在这之前", a.To))
		}
		a.To = max(last, a.From.AddDays(-1))
	}
	a.Status = step
	return a, nil
}

// Lift error codes.
const (
	CodeAdjustLiftMissing = "adjustment.lift_missing" // lift_on
	CodeAdjustLiftLate    = "adjustment.lift_late"    // lift_on: after its own last day
)

// HoursToApproval is the hours from the city's notice to the group's
// approval, when both are known.
func HoursToApproval(a Adjustment, steps []AdjustmentStep) (float64, bool) {
	if a.NoticeAt.IsZero() {
		return 0, false
	}
	for _, s := range steps {
		if s.Step == AdjustApproved {
			return s.At.Sub(a.NoticeAt).Hours(), true
		}
	}
	return 0, false
}

// adjustmentNoticeKinds are the notices an adjustment's steps send.
var adjustmentNoticeKinds = map[AdjustmentStatus]NoticeKind{AdjustApproved: NoticeAdjustmentInForce, AdjustLifted: NoticeAdjustmentLifted}

// NoticeKindOf is the notice step st sends to the staff of the offices
// in a's scope, if it sends one: a lifting at once; an approval only
// when a is in force on the day of the approval (an adjustment announced
// ahead of time is told on its first day, by the daily in-force run).
func NoticeKindOf(a Adjustment, st AdjustmentStep) (NoticeKind, bool) {
	k, ok := adjustmentNoticeKinds[st.Step]
	if ok && st.Step == AdjustApproved && DateOf(st.At) < a.From {
		return k, false
	}
	return k, ok
}

// AdjustmentNotice is the notice an adjustment's step sends staff
// member s of office o: its Reason is what the adjustment refuses, when.
func AdjustmentNotice(a Adjustment, kind NoticeKind, s Staff, o Office, at time.Time) Notice {
	return Notice{EventID: fmt.Sprintf("%s:%s:%s", kind, a.ID, s.ID), Kind: kind, Recipient: s.ID, RecipientName: s.Name,
		OfficeCode: o.Code, OfficeName: o.Name, City: o.City, Reason: a.Period() + a.What(), CustomerName: a.ID,
		CreatedAt: at, NextAt: at}
}
