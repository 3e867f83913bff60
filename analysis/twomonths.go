package analysis

import (
	"fmt"
	"math"

	"postcrm"
	"postcrm/calendar"
	"postcrm/textfmt"
)

// addTwoMonthDeclines judges the last two months together against the
// level before them and adds a decline warning for each customer not
// already warned whose two months are improbably and materially low and
// whose analysed month is too. A customer shipping a dozen items a month
// that halves its volume from the middle of last month is within the
// noise of either month alone (6 items against 12 happens by chance one
// month in twenty) but not of both together; judged month by month, its
// level would by then have followed it down.
func (r *Result) addTwoMonthDeclines(hs []CustomerHistory, cal *calendar.Calendar, susp []postcrm.Suspension, cfg Config) error {
	a, err := expectations(r.Month, 2, r.Month.Last(), hs, cal, susp, cfg)
	if err != nil {
		return err
	}
	for i := range a.out {
		month := &r.Assessments[i]
		if month.Skip != Judged || month.Warning != "" {
			continue
		}
		if w, ok := a.decideTwoMonths(i, month); ok {
			// The assessment keeps the month-alone figures (what Expect
			// gives the follow-up measurement); the warning carries the
			// month's share of the two months' expectation.
			month.Warning = postcrm.WarnDecline
			r.Warnings = append(r.Warnings, w)
		}
	}
	return nil
}

// decideTwoMonths turns customer i's two-month assessment into a decline
// warning carrying the analysed month's figures (month).
func (a *analysis) decideTwoMonths(i int, month *Assessment) (postcrm.Warning, bool) {
	o, m := &a.out[i], &a.m[i]
	if o.Skip != Judged || o.SilenceDays > a.cfg.ChurnMaxSilenceDays || m.profM == 0 ||
		o.PLow > a.cfg.TwoMonthAlpha || float64(o.ActualItems) > (1-a.cfg.MinDrop)*o.ExpectedItems {
		return postcrm.Warning{}, false
	}
	// The analysed month's share of the two months' expectation.
	inMonth := *month
	inMonth.ExpectedItems = o.ExpectedItems * m.profMonth / m.profM
	inMonth.ExpectedFen = int64(math.Round(inMonth.ExpectedItems * m.postage))
	atRisk := max(0, inMonth.ExpectedFen-inMonth.ActualFen)
	if float64(inMonth.ActualItems) > (1-a.cfg.MinDrop)*inMonth.ExpectedItems ||
		atRisk < a.cfg.MinRevenueAtRiskFen || a.recovered(i) {
		return postcrm.Warning{}, false
	}
	return a.warning(i, &inMonth, postcrm.WarnDecline, atRisk, o.PLow, twoMonthReason(o, &inMonth, atRisk)), true
}

func twoMonthReason(both, month *Assessment, atRiskFen int64) string {
	basis := "近期水平和同类客户走势"
	if both.YearAgo {
		basis = "往年同期与近期水平"
	}
	drop := 100 * (1 - float64(both.ActualItems)/both.ExpectedItems)
	return fmt.Sprintf("近两个月发件 %s 件，按其%s应约 %s 件，下降 %.0f%%；本月发件 %s 件，少收约 %s 元",
		textfmt.Thousands(both.ActualItems), basis, items(both.ExpectedItems), drop,
		textfmt.Thousands(month.ActualItems), yuan(atRiskFen))
}
