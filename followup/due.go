package followup

import "postcrm"

// DueDate is the day a warning dispatched on day must be followed up by.
func DueDate(day postcrm.Date, s postcrm.FollowupSettings) postcrm.Date {
	return day.AddDays(s.DueDays)
}

// Overdue reports whether a dispatched warning is still open or in
// progress after its due date.
func Overdue(d postcrm.Dispatch, today postcrm.Date) bool {
	return d.Actionable() && d.DueOn != 0 && today > d.DueOn
}

// Escalation is the level a dispatched warning has reached by today: one
// nobody has touched (no contact recorded) EscalateOfficeDays after its
// due date goes to the office manager, EscalateCityDays after it to the
// city manager. A touched or closed warning escalates no further; a level
// once reached is kept (Plan never lowers it).
func Escalation(d postcrm.Dispatch, today postcrm.Date, s postcrm.FollowupSettings) int {
	if d.HeldOut || d.Withdrawn || d.Status != postcrm.StatusOpen || d.Contacts > 0 || d.DueOn == 0 {
		return postcrm.EscalationNone
	}
	late := postcrm.DaysBetween(d.DueOn, today)
	switch {
	case late >= s.EscalateCityDays:
		return postcrm.EscalationCity
	case late >= s.EscalateOfficeDays:
		return postcrm.EscalationOffice
	}
	return postcrm.EscalationNone
}
