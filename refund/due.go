package refund

import (
	"time"

	"postcrm"
	"postcrm/calendar"
)

// Working hours are 09:00–17:00 China time on the calendar's workdays
// (make-up weekend days included, public holidays not): a step due in 8
// working hours opened on a Friday at 16:00 falls due on Monday at 16:00.
const (
	workStart = 9
	workEnd   = 17
)

// DefaultSettings are the due times until the province sets its own:
// 核实 and 审批 within a working day, the payment within two calendar
// days, the closing within one; each escalation a working day after the
// last; a contract customer is warned after 7 days open.
func DefaultSettings() postcrm.RefundSettings {
	return postcrm.RefundSettings{
		Steps: map[postcrm.RefundState]postcrm.RefundDue{
			postcrm.RefundVerify:  {Hours: 8, Working: true},
			postcrm.RefundApprove: {Hours: 8, Working: true},
			postcrm.RefundPay:     {Hours: 48},
			postcrm.RefundPaid:    {Hours: 24},
		},
		Escalate:     postcrm.RefundDue{Hours: 8, Working: true},
		WarnOpenDays: 7,
	}
}

// Add is from plus d: calendar hours as they are, working hours counted
// only inside the working day of a workday.
func Add(cal *calendar.Calendar, from time.Time, d postcrm.RefundDue) time.Time {
	if !d.Working {
		return from.Add(time.Duration(d.Hours) * time.Hour)
	}
	left := time.Duration(d.Hours) * time.Hour
	t := from.In(postcrm.ChinaTime)
	for {
		day := postcrm.DateOf(t)
		start := day.Time().Add(workStart * time.Hour)
		end := day.Time().Add(workEnd * time.Hour)
		if !cal.IsWorkday(day) || !t.Before(end) {
			t = day.AddDays(1).Time().Add(workStart * time.Hour)
			continue
		}
		if t.Before(start) {
			t = start
		}
		if avail := end.Sub(t); left <= avail {
			return t.Add(left)
		} else {
			left -= avail
			t = end
		}
	}
}
