package alert

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"postcrm"
	"postcrm/analysis"
)

// clearLevel: a slowdown clears once its recent days are no longer
// improbable at this level, or no longer half as far down as MinDrop
// asks; the gap to the raising level keeps an alert from flickering on
// and off around it.
const clearLevel = 0.1

// evidenceDigits: a probability of 10⁻⁶ or less counts as certain in the
// score, as in the monthly warnings'.
const evidenceDigits = 6

// Day is what one day's judgement decided.
type Day struct {
	Day     postcrm.Date
	Raised  []postcrm.Alert // new episodes, most urgent first
	Cleared []postcrm.Alert // episodes that ended on the day, with ClearedOn and ClearedWhy
	Open    []postcrm.Alert // every episode open at the day's end, its figures as of the day, most urgent first
}

// Decide applies the settings to the day's standings (one per customer,
// in the same order) given the episodes known at the end of the day
// before, by customer code — open, or cleared within the last RecentDays
// (Known): it clears the open ones whose customer shipped again (or is
// back within its rhythm) and raises an alert for each customer without
// an open one whose silence or recent shortfall is improbable at the
// settings' levels. A customer whose episode cleared within the recent
// days is not alerted for a slowdown: its recent days still hold the
// pause it has just ended.
func Decide(day postcrm.Date, customers []postcrm.Customer, st []analysis.Standing, known map[string]postcrm.Alert, set postcrm.AlertSettings) Day {
	out := Day{Day: day}
	for i := range st {
		s, c := &st[i], &customers[i]
		a, ok := known[c.Code]
		if ok && a.ClearedOn == 0 {
			if why := clears(a, s, c, set); why != "" {
				a.ClearedOn, a.ClearedWhy = day, why
				out.Cleared = append(out.Cleared, a)
				continue
			}
			a.SilentDays = s.SilenceDays
			out.Open = append(out.Open, a)
			continue
		}
		justCleared := ok && a.ClearedOn.AddDays(set.RecentDays) > day
		if a, ok := raise(day, s, c, set, !justCleared); ok {
			out.Raised = append(out.Raised, a)
			out.Open = append(out.Open, a)
		}
	}
	byUrgency(out.Raised)
	byUrgency(out.Open)
	return out
}

// Known keeps the episodes a day's decisions start from: those open at
// the end of the day before and those cleared within the recent days.
func Known(as []postcrm.Alert, day postcrm.Date, set postcrm.AlertSettings) map[string]postcrm.Alert {
	known := make(map[string]postcrm.Alert, len(as))
	for _, a := range as {
		if a.RaisedOn >= day {
			continue
		}
		if a.ClearedOn >= day {
			a.ClearedOn, a.ClearedWhy = 0, "" // as it stood then
		}
		if a.ClearedOn != 0 && a.ClearedOn.AddDays(set.RecentDays) <= day {
			continue
		}
		if cur, ok := known[a.CustomerCode]; !ok || cur.RaisedOn < a.RaisedOn {
			known[a.CustomerCode] = a
		}
	}
	return known
}

// clears says why alert a ends with standing s, "" while it stands.
func clears(a postcrm.Alert, s *analysis.Standing, c *postcrm.Customer, set postcrm.AlertSettings) string {
	switch {
	case c.Status == postcrm.StatusTerminated:
		return "已解约"
	case a.Kind == postcrm.WarnSilent && s.LastShipped > a.LastShipped:
		return "恢复发件"
	case a.Kind == postcrm.WarnSlowdown && s.Skip == analysis.Judged &&
		(s.PRecent > clearLevel || float64(s.RecentActual) > (1-set.MinDrop/2)*s.RecentExpected):
		return "发件恢复正常"
	}
	return ""
}

// raise returns the alert standing s calls for, if any: a silence first.
func raise(day postcrm.Date, s *analysis.Standing, c *postcrm.Customer, set postcrm.AlertSettings, slowdown bool) (postcrm.Alert, bool) {
	if s.Skip != analysis.Judged {
		return postcrm.Alert{}, false
	}
	a := postcrm.Alert{CustomerCode: c.Code, OfficeCode: c.OfficeCode, OwnerStaffID: c.OwnerStaffID,
		RaisedOn: day, LastShipped: s.LastShipped, SilentDays: s.SilenceDays}
	switch {
	case s.Regular && s.SilenceDays >= 1 && s.PSilence <= set.SilentLevel:
		a.Kind, a.ExpectedItems, a.P = postcrm.WarnSilent, s.SilenceExpected, s.PSilence
		a.Reason = silentReason(s)
	case slowdown && s.RecentActual > 0 && s.PRecent <= set.SlowdownLevel && float64(s.RecentActual) <= (1-set.MinDrop)*s.RecentExpected:
		// No item at all in the recent days is a silence, judged as one.
		a.Kind, a.ExpectedItems, a.ActualItems, a.P = postcrm.WarnSlowdown, s.RecentExpected, s.RecentActual, s.PRecent
		a.Reason = slowdownReason(s, set.RecentDays)
	default:
		return postcrm.Alert{}, false
	}
	a.ExpectedFen = int64(math.Round(a.ExpectedItems * s.FenPerItem))
	a.ActualFen = int64(math.Round(float64(a.ActualItems) * s.FenPerItem))
	a.ExpectedItems = math.Round(a.ExpectedItems*10) / 10
	a.Score = score(a.ExpectedItems-float64(a.ActualItems), s.FenPerItem, a.P)
	return a, true
}

// score is the revenue the shortfall stands for, in yuan, weighted by the
// evidence as the monthly warnings' is: min(1, −log₁₀ p / 6).
func score(items, fenPerItem, p float64) float64 {
	evidence := min(1, -math.Log10(max(p, 1e-300))/evidenceDigits)
	return math.Round(max(0, items)*fenPerItem/100*evidence*100) / 100
}

func byUrgency(as []postcrm.Alert) {
	slices.SortFunc(as, func(a, b postcrm.Alert) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		return cmp.Compare(a.CustomerCode, b.CustomerCode)
	})
}

// usual says how much the customer ships on a usual day, as a courier
// would: "每天 6 件", or "每周 3 件" below one a day.
func usual(perDay float64) string {
	if perDay >= 1 {
		return fmt.Sprintf("每天 %.0f 件", perDay)
	}
	return fmt.Sprintf("每周 %.0f 件", max(1, perDay*7))
}

func lastShipped(d postcrm.Date) string {
	if d == 0 {
		return "此前无发件记录"
	}
	return fmt.Sprintf("最后一次发件在 %d 月 %d 日", d.Month(), d.Day())
}

func silentReason(s *analysis.Standing) string {
	perDay := s.SilenceExpected / float64(max(1, s.SilenceServed))
	return fmt.Sprintf("已连续 %d 天未发件（平时约%s），%s", s.SilenceDays, usual(perDay), lastShipped(s.LastShipped))
}

func slowdownReason(s *analysis.Standing, days int) string {
	drop := 100 * (1 - float64(s.RecentActual)/max(s.RecentExpected, 1e-9))
	return fmt.Sprintf("近 %d 天只发 %d 件，平时同期约 %.0f 件（少 %.0f%%），%s", days, s.RecentActual, s.RecentExpected, drop, lastShipped(s.LastShipped))
}
