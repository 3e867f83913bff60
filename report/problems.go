package report

import (
	"cmp"
	"context"
	"fmt"
	"strings"

	"postcrm"
	"postcrm/followup"
	"postcrm/problem"
	"slices"
)

// Watched are the figures a problem can watch (problem.Figures) of the
// bound scope in req's month, read from the bulletin as it is built for
// the same scope and month: the counts and money from its total line,
// the recovery rate from the same measurement of last month's warnings
// that its 上月预警本月恢复 column counts (recovered over those
// dispatched, the control group left out). A figure with nothing to
// divide by is missing.
func (s Scoped) Watched(ctx context.Context, req Request) (problem.Values, error) {
	req.Scope = s.scope
	o, err := loadOrg(ctx, s.src)
	if err != nil {
		return nil, err
	}
	if err := o.check(req.Scope); err != nil {
		return nil, err
	}
	in, err := loadBulletin(ctx, s.src, req)
	if err != nil {
		return nil, err
	}
	t := bulletin(o, req.Scope, in).Tables[0]
	total := t.Rows[len(t.Rows)-1]
	cell := func(key string) float64 {
		for i, c := range t.Columns {
			if c.Key == key {
				n, _ := total.Cells[i].(int64)
				return float64(n)
			}
		}
		panic("the bulletin has no column " + key)
	}
	v := problem.Values{
		problem.FigWarnings:      cell("warnings"),
		problem.FigWalkinRevenue: cell("walkin_cash_revenue") / 100,
		problem.FigMembers:       cell("echannel_members"),
	}
	if recovered, of := in.followup.recovery(func(office string) bool { return o.in(req.Scope, office) }); of > 0 {
		v[problem.FigRecoveryRate] = float64(recovered) / float64(of)
	}
	return v, nil
}

// recovery counts last month's dispatched warnings of the offices in
// scope that could be measured (the control group left out, as add
// does; as the effect page, none the analysis had no expectation for)
// and those recovered.
func (in followupIn) recovery(inScope func(office string) bool) (recovered, of int) {
	for _, k := range in.lastMonth {
		if k.Group == followup.HeldOut || !k.Measurable || !inScope(k.OfficeCode) {
			continue
		}
		of++
		if k.Recovered() {
			recovered++
		}
	}
	return recovered, of
}

// unitIn reports whether a problem's unit lies within the report's
// scope: the province's every unit, a city's its own and its offices',
// an office's its own.
func unitIn(sc Scope, u problem.Unit) bool {
	switch sc.Level {
	case ScopeCity:
		return u.Level != problem.LevelProvince && u.City == sc.Code
	case ScopeOffice:
		return u.Level == problem.LevelOffice && u.OfficeCode == sc.Code
	}
	return true
}

// maxNamed is how many overdue problems the paragraph names.
const maxNamed = 3

// problemParagraph is the bulletin's paragraph on the problem list
// (领题破题) in the scope: problems raised and closed in the month, and
// at the month's end how many were open and how many of those overdue,
// naming the longest overdue. "" when the scope has none.
func problemParagraph(sc Scope, month postcrm.Month, ps []problem.Problem) string {
	end := month.Last()
	var raised, closed, open int
	var overdue []problem.Problem
	for _, p := range ps {
		if !unitIn(sc, p.Unit) {
			continue
		}
		if postcrm.DateOf(p.RaisedAt).YearMonth() == month {
			raised++
		}
		closedBy := !p.ClosedAt.IsZero() && postcrm.DateOf(p.ClosedAt) <= end
		if closedBy && postcrm.DateOf(p.ClosedAt).YearMonth() == month {
			closed++
		}
		if closedBy {
			continue
		}
		open++
		if p.DueOn < end {
			overdue = append(overdue, p)
		}
	}
	if raised+closed+open == 0 {
		return ""
	}
	text := fmt.Sprintf("领题破题方面，%s本月新提出问题 %d 个，销号 %d 个；月末在办 %d 个，其中逾期未销号 %d 个",
		whole(sc), raised, closed, open, len(overdue))
	if len(overdue) == 0 {
		return text + "。"
	}
	// ps come by ID; the longest overdue are the earliest due.
	var names []string
	for _, p := range sortedByDue(overdue)[:min(maxNamed, len(overdue))] {
		names = append(names, fmt.Sprintf("“%s”（%s 到期）", p.Title, p.DueOn))
	}
	return text + "：" + strings.Join(names, "、") + "。"
}

func sortedByDue(ps []problem.Problem) []problem.Problem {
	return slices.SortedStableFunc(slices.Values(ps), func(a, b problem.Problem) int { return cmp.Compare(a.DueOn, b.DueOn) })
}
