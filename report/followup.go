package report

import (
	"context"
	"fmt"

	"postcrm"
	"postcrm/followup"
)

// followupIn is what the follow-up columns are computed from: the
// month's dispatches with the day each customer was first reached, and
// last month's dispatched warnings as measured in this month.
type followupIn struct {
	dispatches   []postcrm.Dispatch
	firstReached map[int64]postcrm.Date
	lastMonth    []followup.Case // last month's decline and churn warnings seen one month on
}

func loadFollowup(ctx context.Context, src Source, req Request) (followupIn, error) {
	month := req.Month
	ds, contacts, err := followup.ReadMonth(ctx, src, month)
	if err != nil {
		return followupIn{}, fmt.Errorf("读取预警派发: %w", err)
	}
	cases, err := req.measurements().MonthCases(ctx, src, month.Add(-1), 1)
	if err != nil {
		return followupIn{}, fmt.Errorf("衡量上月预警的恢复: %w", err)
	}
	return followupIn{dispatches: ds, firstReached: followup.FirstReached(contacts), lastMonth: cases}, nil
}

// followupCols are the indexes of the three follow-up figures in a line.
type followupCols struct{ received, onTime, recovered int }

// add counts each dispatched warning (neither held out nor withdrawn) of
// the month as received and, when reached by its due date, followed up
// on time, and each of last month's dispatched warnings whose customer
// recovered as recovered, on the line lineOf gives for its office and
// assignee; lineOf returns nil for an office outside the scope.
func (in followupIn) add(lineOf func(office, assignee string) *line, c followupCols) {
	for _, d := range in.dispatches {
		if d.HeldOut || d.Withdrawn {
			continue
		}
		if l := lineOf(d.OfficeCode, d.AssignedTo); l != nil {
			l.v[c.received]++
			if followup.OnTime(d, in.firstReached) {
				l.v[c.onTime]++
			}
		}
	}
	for _, k := range in.lastMonth {
		if k.Group == followup.HeldOut || !k.Recovered() {
			continue
		}
		if l := lineOf(k.OfficeCode, k.AssignedTo); l != nil {
			l.v[c.recovered]++
		}
	}
}

// followupNote defines the follow-up columns; received is what the
// report calls the warnings received, to whom they went ("" for anyone).
func followupNote(received, to string) string {
	return received + "为本月分析发出并派发" + to + "的预警（不含对照组和已撤销的）；按时跟进为其中到期日前已联系上客户的；" +
		"上月预警本月恢复为上月派发的下滑、流失预警中，客户本月件量回到分析预期八成以上的（与预警跟进效果页一个月后的恢复口径相同，不含对照组）。"
}
