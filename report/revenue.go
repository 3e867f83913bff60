package report

import (
	"context"
	"fmt"

	"postcrm"
)

// revenueMonths is how many months the revenue structure shows.
const revenueMonths = 12

// Figures of a revenue line: the three segments and their total, this
// period and the same period a year before.
const (
	rvTotal     = int(segments)
	rvLastYear  = rvTotal + 1
	rvLastTotal = rvLastYear + rvTotal
	rvWidth     = rvLastTotal + 1
)

func buildRevenue(ctx context.Context, src Source, req Request, o *org) (postcrm.Report, error) {
	oms, err := src.OfficeMonths(ctx, req.Month.Add(-revenueMonths-11), req.Month)
	if err != nil {
		return postcrm.Report{}, err
	}
	return revenue(o, req.Scope, req.Month, oms), nil
}

// addRevenue books one office-month into l, as this period's figure or,
// lastYear, as the base of the year-on-year growth.
func addRevenue(l *line, m postcrm.OfficeMonth, lastYear bool) {
	at := 0
	if lastYear {
		at = rvLastYear
	}
	l.v[at+int(segmentOf(m.Contract, m.Channel))] += m.PostageFen
	l.v[at+rvTotal] += m.PostageFen
}

func revenueCols(labels ...col) []col {
	cols := append([]col(nil), labels...)
	for s := range segments {
		cols = append(cols, money(int(s), fmt.Sprintf("revenue_%d", s), segmentNames[s]+"收入"))
	}
	cols = append(cols, money(rvTotal, "revenue_total", "寄递收入合计"))
	for s := range segments {
		cols = append(cols, ratio(int(s), rvTotal, fmt.Sprintf("share_%d", s), segmentNames[s]+"占比"))
	}
	for s := range segments {
		cols = append(cols, growth(int(s), rvLastYear+int(s), fmt.Sprintf("yoy_%d", s), segmentNames[s]+"同比"))
	}
	return append(cols, growth(rvTotal, rvLastTotal, "yoy_total", "合计同比"))
}

// revenue splits express revenue into contract, walk-in cash and
// e-channel: by month for the scope, by unit for the month, and by unit
// and month.
func revenue(o *org, sc Scope, month postcrm.Month, oms []postcrm.OfficeMonth) postcrm.Report {
	first := month.Add(1 - revenueMonths)
	byMonth, byUnit, byUnitMonth := newLineSet(rvWidth, 1), newLineSet(rvWidth, 1), newLineSet(rvWidth, 2)
	months := make([]postcrm.Month, revenueMonths)
	for i := range months {
		months[i] = first.Add(i)
		byMonth.at(months[i].String())
	}
	for _, u := range o.units(sc) {
		byUnit.at(u)
		for _, m := range months {
			byUnitMonth.at(u, m.String())
		}
	}
	for _, m := range oms {
		if !o.in(sc, m.OfficeCode) {
			continue
		}
		u := o.unit(sc, m.OfficeCode)
		for _, lastYear := range []bool{false, true} {
			shown := m.Month
			if lastYear {
				shown = m.Month.Add(12)
			}
			if shown < first || shown > month {
				continue
			}
			addRevenue(byMonth.at(shown.String()), m, lastYear)
			addRevenue(byUnitMonth.at(u, shown.String()), m, lastYear)
			if shown == month {
				addRevenue(byUnit.at(u), m, lastYear)
			}
		}
	}
	r := newReport("revenue", month.String(), o, sc)
	monthCol := label(0, "month", "月份")
	unitCol := label(0, "unit", unitHeader(sc))
	trend := render("按月", o.scopeName(sc)+"寄递收入结构（近12个月）", revenueCols(monthCol), byMonth.lines())
	trend.Chart = &postcrm.Chart{Kind: postcrm.ChartStackedColumn, Title: o.scopeName(sc) + "寄递收入结构（元）",
		Category: 0, Series: []int{1, 2, 3}}
	units := render("分"+unitHeader(sc), monthName(month)+"分"+unitHeader(sc)+"寄递收入结构",
		revenueCols(unitCol), byUnit.subtotalled(0, "", whole(sc)+"合计"))
	if sc.Level != ScopeOffice {
		units.Drill = unitDrill(sc, "unit")
	}
	if sc.Level != ScopeOffice {
		// The units month by month are hundreds of rows in a city (over
		// a hundred in the province): each unit's own report has its
		// months.
		r.Summary = []postcrm.Table{trend, units}
	}
	r.Tables = []postcrm.Table{
		trend,
		units,
		render(unitHeader(sc)+"按月", unitHeader(sc)+"按月寄递收入结构",
			revenueCols(unitCol, label(1, "month", "月份")), byUnitMonth.subtotalled(1, "近12个月", whole(sc)+"合计")),
	}
	r.Notes = []string{
		"寄递收入按收寄时的资费计，单位元；协议客户收入含其各渠道收寄的邮件；电子渠道收入为散户经邮惠中心、小程序寄递的收入；其余散户收入计为现费散户收入。三项相加等于寄递收入合计。",
		"同比为与上年同月（或同期）相比的增长率；上年同期为零时不计算。",
	}
	return r
}
