package followup

import (
	"fmt"
	"slices"

	"postcrm"
)

// Assignee returns who a warning is dispatched to: the customer's owner
// (管户人) when the owner is on the staff; otherwise (unowned, walk-ins, an
// owner who has left) the office manager of the warning's office, who
// assigns it on; "" when the office has no manager either.
func Assignee(w postcrm.Warning, staff map[string]postcrm.Staff, managers map[string]string) string {
	if _, ok := staff[w.OwnerStaffID]; ok && w.OwnerStaffID != "" {
		return w.OwnerStaffID
	}
	return managers[w.OfficeCode]
}

// OfficeManagers maps each office to its manager, the lowest staff ID
// when an office has several.
func OfficeManagers(staff []postcrm.Staff) map[string]string {
	m := make(map[string]string)
	for _, s := range staff {
		if s.Role != postcrm.RoleOfficeManager || s.OfficeCode == "" {
			continue
		}
		if cur, ok := m[s.OfficeCode]; !ok || s.ID < cur {
			m[s.OfficeCode] = s.ID
		}
	}
	return m
}

// StickyMonths is how many months a customer warned of a measured kind
// stays in the group it was put in: the effect is measured up to two
// months after a warning, and a held-out customer warned again (a decline
// is warned until it is the new normal) must not be followed up
// meanwhile, nor a followed-up one become a control.
const StickyMonths = 2

// Plan works out a dispatch run for month's warnings ws given the
// dispatches stored already for the month (existing) and for the
// StickyMonths before it (prior): warnings met for the first time are
// held out or dispatched, with a due date from today; a customer held out
// or dispatched in a prior month stays so, the others are sampled; a
// dispatch whose warning a re-run dropped is withdrawn, or re-attached
// when the same customer is warned again under a new ID; earlier
// decisions are never redrawn. It also brings every dispatch's escalation
// up to date as of today.
func Plan(month postcrm.Month, ws []postcrm.Warning, existing, prior []postcrm.Dispatch, staff []postcrm.Staff, set postcrm.FollowupSettings, today postcrm.Date) (postcrm.DispatchPlan, error) {
	if err := ValidSettings(set); err != nil {
		return postcrm.DispatchPlan{}, err
	}
	held, err := holdout(month, ws, prior, set.HoldoutShare)
	if err != nil {
		return postcrm.DispatchPlan{}, err
	}
	byID := make(map[int64]bool, len(existing))
	byKey := make(map[string]postcrm.Dispatch, len(existing))
	for _, d := range existing {
		if d.Month != month {
			return postcrm.DispatchPlan{}, fmt.Errorf("plan dispatch of %d: dispatch of warning %d is of month %d", month, d.WarningID, d.Month)
		}
		byID[d.WarningID] = true
		byKey[dispatchKey(d)] = d
	}
	staffByID := make(map[string]postcrm.Staff, len(staff))
	for _, s := range staff {
		staffByID[s.ID] = s
	}
	managers := OfficeManagers(staff)
	p := postcrm.DispatchPlan{Reattach: map[int64]int64{}, Escalate: map[int64]int{}}
	raised := make(map[int64]bool, len(ws))
	for i, w := range ws {
		raised[w.ID] = true
		if byID[w.ID] {
			continue
		}
		if old, ok := byKey[warningKey(w)]; ok && old.Withdrawn {
			p.Reattach[old.WarningID] = w.ID
			raised[old.WarningID] = true
			continue
		}
		p.New = append(p.New, newDispatch(w, held[i], staffByID, managers, set, today))
	}
	for _, d := range existing {
		if !raised[d.WarningID] && !d.Withdrawn {
			p.Withdraw = append(p.Withdraw, d.WarningID)
			continue // a withdrawn warning is nobody's to chase
		}
		if lvl := Escalation(d, today, set); lvl > d.Escalation && !d.Withdrawn {
			p.Escalate[d.WarningID] = lvl
		}
	}
	slices.Sort(p.Withdraw)
	return p, nil
}

// Measured reports whether the effect of following up warnings of kind
// is measured: decline and churn and the early alerts, which have an
// expectation to recover to.
func Measured(kind postcrm.WarningKind) bool {
	return kind == postcrm.WarnDecline || kind == postcrm.WarnChurn || kind.IsAlert()
}

// holdout decides for each of ws whether it is held out: as in the prior
// months for customers met there with a measured kind (the groups exist
// for the measurement), by the stratified sample for the rest.
func holdout(month postcrm.Month, ws []postcrm.Warning, prior []postcrm.Dispatch, share float64) ([]bool, error) {
	sticky := make(map[string]bool, len(prior))
	for _, d := range prior {
		if !d.Withdrawn && Measured(d.Kind) {
			sticky[dispatchKey(d)] = d.HeldOut
		}
	}
	var fresh []postcrm.Warning
	var at []int
	held := make([]bool, len(ws))
	for i, w := range ws {
		if h, ok := sticky[warningKey(w)]; ok && Measured(w.Kind) {
			held[i] = h
			continue
		}
		fresh, at = append(fresh, w), append(at, i)
	}
	sample, err := Holdout(month, fresh, share)
	if err != nil {
		return nil, err
	}
	for j, i := range at {
		held[i] = sample[j]
	}
	return held, nil
}

func newDispatch(w postcrm.Warning, heldOut bool, staff map[string]postcrm.Staff, managers map[string]string, set postcrm.FollowupSettings, today postcrm.Date) postcrm.Dispatch {
	d := postcrm.Dispatch{
		WarningID: w.ID, Month: w.Month, Kind: w.Kind, CustomerCode: w.CustomerCode, SenderPhone: w.SenderPhone,
		OfficeCode: w.OfficeCode, DispatchedOn: today, Status: postcrm.StatusHeldOut, HeldOut: heldOut,
	}
	if !heldOut {
		d.AssignedTo = Assignee(w, staff, managers)
		d.DueOn = DueDate(today, set)
		d.Status = postcrm.StatusOpen
	}
	return d
}

// ValidSettings checks the province's settings.
func ValidSettings(s postcrm.FollowupSettings) error {
	switch {
	case s.HoldoutShare < 0 || s.HoldoutShare > 0.5 || s.HoldoutShare != s.HoldoutShare:
		return fmt.Errorf("对照组比例应在 0 到 0.5 之间，现在是 %v", s.HoldoutShare)
	case s.DueDays < 1:
		return fmt.Errorf("跟进期限至少 1 天，现在是 %d 天", s.DueDays)
	case s.EscalateOfficeDays < 0 || s.EscalateCityDays <= s.EscalateOfficeDays:
		return fmt.Errorf("升级天数应满足 0 ≤ 营业部 (%d) < 地市 (%d)", s.EscalateOfficeDays, s.EscalateCityDays)
	}
	return nil
}
