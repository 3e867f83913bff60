package problem

import (
	"context"
	"fmt"
	"time"

	"postcrm"
)

// RemindEvery is the interval between two reminders of one overdue
// problem or measure: the first the day after its due date, then one a
// week while it stays overdue.
const RemindEvery = 7

// Reminders are the notices due on today for the open problems ps: for
// each problem past its due date one to its owner, for each open measure
// past its due date one to the measure's owner. A reminder's event ID
// names the problem or measure and the interval it falls in
// ("problem-overdue:<id>:<n>"), so that running the reminders again in
// the same interval adds nothing and the next interval adds one more.
func Reminders(ps []Problem, today postcrm.Date) []postcrm.Notice {
	var ns []postcrm.Notice
	for _, p := range ps {
		if p.Overdue(today) {
			n := interval(p.DueOn, today)
			ns = append(ns, postcrm.Notice{
				EventID: fmt.Sprintf("problem-overdue:%d:%d", p.ID, n), Kind: postcrm.NoticeProblemOverdue,
				WarningID: p.ID, Recipient: p.Owner, Reason: p.Title, DueOn: p.DueOn, Escalation: n + 1,
			})
		}
		if p.State == Verifying || p.State == Closed {
			continue
		}
		for _, m := range p.Measures {
			if m.Overdue(today) {
				n := interval(m.DueOn, today)
				ns = append(ns, postcrm.Notice{
					EventID: fmt.Sprintf("measure-overdue:%d:%d", m.ID, n), Kind: postcrm.NoticeMeasureOverdue,
					WarningID: p.ID, Recipient: m.Owner, Reason: p.Title, CustomerName: m.Text, DueOn: m.DueOn, Escalation: n + 1,
				})
			}
		}
	}
	return ns
}

// interval is which reminder interval today falls in for something due
// on due: 0 from the day after to a week after, then 1, …
func interval(due, today postcrm.Date) int {
	days := int(today.Time().Sub(due.Time()).Hours()/24 + 0.5)
	return (days - 1) / RemindEvery
}

// Remind writes the reminders due at now to the outbox (delivered by
// the notices' delivery, as every notice) and returns how many it
// added: none for what was reminded of in the same interval already.
func Remind(ctx context.Context, st RemindStore, now time.Time) (int, error) {
	ps, err := st.OpenProblems(ctx)
	if err != nil {
		return 0, fmt.Errorf("读取未销号的问题: %w", err)
	}
	n, err := st.AddProblemNotices(ctx, Reminders(ps, postcrm.DateOf(now)))
	if err != nil {
		return 0, fmt.Errorf("写入逾期提醒: %w", err)
	}
	return n, nil
}
