package report

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"postcrm"
	"postcrm/problem"
)

// Figures of a bulletin line.
const (
	bNew       = iota // contract customers signed this month
	bNewYTD           // … this year up to the month
	bRev              // contract-customer revenue this month
	bRev0             // … in the same month last year
	bRevYTD           // … this year up to the month
	bRevYTD0          // … in the same months last year
	bWalkin           // walk-in cash revenue this month
	bExpress          // all express revenue this month
	bWalkin0          // walk-in cash revenue, same month last year
	bExpress0         // all express revenue, same month last year
	bMembers          // e-channel members registered this month
	bWarnings         // customers warned in this month's analysis
	bReceived         // … dispatched
	bOnTime           // … reached by their due date
	bRecovered        // last month's dispatched warnings recovered this month
	bRank             // rank by contract revenue, detail lines only
	bWidth
)

// bulletinIn is what the bulletin is computed from.
type bulletinIn struct {
	month     postcrm.Month
	customers []postcrm.Customer
	oms       []postcrm.OfficeMonth // January last year to the month
	members   []postcrm.MemberDay   // January this year to the month
	warnings  []postcrm.Warning     // the month's
	followup  followupIn
	problems  []problem.Problem // raised by the month's end, province-wide
}

func buildBulletin(ctx context.Context, src Source, req Request, o *org) (postcrm.Report, error) {
	in, err := loadBulletin(ctx, src, req)
	if err != nil {
		return postcrm.Report{}, err
	}
	return bulletin(o, req.Scope, in), nil
}

// loadBulletin reads what the bulletin of req's month is computed from.
func loadBulletin(ctx context.Context, src Source, req Request) (bulletinIn, error) {
	in := bulletinIn{month: req.Month}
	year := req.Month.Year()
	var err error
	if in.customers, err = src.Customers(ctx); err != nil {
		return in, err
	}
	if in.oms, err = src.OfficeMonths(ctx, postcrm.NewMonth(year-1, time.January), req.Month); err != nil {
		return in, err
	}
	days := postcrm.DayRange{From: postcrm.NewDate(year, time.January, 1), To: req.Month.Last()}
	if in.members, err = src.MemberDays(ctx, days); err != nil {
		return in, err
	}
	if in.warnings, err = src.Warnings(ctx, req.Month); err != nil {
		return in, err
	}
	if in.followup, err = loadFollowup(ctx, src, req); err != nil {
		return in, err
	}
	if in.problems, err = src.ProblemsRaisedBy(ctx, req.Month.Last()); err != nil {
		return in, fmt.Errorf("读取领题破题: %w", err)
	}
	return in, nil
}

// bulletin ranks the scope's units by contract-customer revenue and
// writes the narrative that names leaders and laggards.
func bulletin(o *org, sc Scope, in bulletinIn) postcrm.Report {
	m, year := in.month, in.month.Year()
	units := newLineSet(bWidth, 1)
	for _, u := range o.units(sc) {
		units.at(u)
	}
	at := func(office string) *line {
		if !o.in(sc, office) {
			return nil
		}
		return units.at(o.unit(sc, office))
	}
	for _, c := range in.customers {
		if l := at(c.OfficeCode); l != nil && c.ContractDate.Year() == year && c.ContractDate.YearMonth() <= m {
			l.v[bNewYTD]++
			if c.ContractDate.YearMonth() == m {
				l.v[bNew]++
			}
		}
	}
	for _, om := range in.oms {
		l := at(om.OfficeCode)
		if l == nil {
			continue
		}
		seg := segmentOf(om.Contract, om.Channel)
		thisYear := om.Month.Year() == year
		inYTD := om.Month.Month() <= m.Month()
		if seg == segContract && inYTD {
			l.v[pick(thisYear, bRevYTD, bRevYTD0)] += om.PostageFen
		}
		if om.Month.Month() != m.Month() {
			continue
		}
		if seg == segContract {
			l.v[pick(thisYear, bRev, bRev0)] += om.PostageFen
		}
		if seg == segWalkinCash {
			l.v[pick(thisYear, bWalkin, bWalkin0)] += om.PostageFen
		}
		l.v[pick(thisYear, bExpress, bExpress0)] += om.PostageFen
	}
	for _, md := range in.members {
		if l := at(md.OfficeCode); l != nil && md.Day.YearMonth() == m {
			l.v[bMembers] += md.Members
		}
	}
	for _, w := range in.warnings {
		if l := at(w.OfficeCode); l != nil {
			l.v[bWarnings]++
		}
	}
	in.followup.add(func(office, _ string) *line { return at(office) }, followupCols{bReceived, bOnTime, bRecovered})
	ranked := units.lines()
	slices.SortStableFunc(ranked, func(a, b line) int {
		return cmp.Or(cmp.Compare(b.v[bRev], a.v[bRev]), cmp.Compare(a.labels[0], b.labels[0]))
	})
	for i := range ranked {
		ranked[i].v[bRank] = int64(i + 1)
	}
	all := append(slices.Clone(ranked), units.total(ranked, whole(sc)+"合计"))
	cols := []col{
		{postcrm.Column{Key: "rank", Header: "排名", Kind: postcrm.ColInt}, func(l *line) any {
			if l.level != postcrm.RowDetail {
				return nil
			}
			return l.v[bRank]
		}},
		label(0, "unit", unitHeader(sc)),
		count(bNew, "new_customers", "本月新增协议客户"),
		count(bNewYTD, "new_customers_ytd", "本年累计新增"),
		money(bRev, "contract_revenue", "协议客户收入"),
		growth(bRev, bRev0, "contract_revenue_yoy", "同比"),
		money(bRevYTD, "contract_revenue_ytd", "本年累计协议客户收入"),
		growth(bRevYTD, bRevYTD0, "contract_revenue_ytd_yoy", "累计同比"),
		money(bWalkin, "walkin_cash_revenue", "现费散户收入"),
		money(bExpress, "express_revenue", "寄递收入"),
		ratio(bWalkin, bExpress, "walkin_cash_share", "现费散户占比"),
		shareChange(bWalkin, bExpress, bWalkin0, bExpress0, "walkin_cash_share_change", "占比同比变化（百分点）"),
		count(bMembers, "echannel_members", "电子渠道新增会员"),
		count(bWarnings, "warnings", "本月预警客户数"),
		count(bReceived, "warnings_dispatched", "派发预警"),
		count(bOnTime, "followed_up_on_time", "按时跟进"),
		count(bRecovered, "recovered_last_month", "上月预警本月恢复"),
	}
	r := newReport("bulletin", m.String(), o, sc)
	t := render("通报表", monthName(m)+whole(sc)+"协议客户发展情况（按协议客户收入排名）", cols, all)
	if sc.Level != ScopeOffice {
		t.Drill = unitDrill(sc, "unit")
	}
	t.Chart = &postcrm.Chart{Kind: postcrm.ChartColumn, Title: "协议客户收入（元）", Category: 1, Series: []int{4}}
	r.Tables = []postcrm.Table{t}
	r.Narrative = narrate(sc, m, ranked, all[len(all)-1])
	if p := problemParagraph(sc, m, in.problems); p != "" {
		r.Narrative = append(r.Narrative, p)
	}
	r.Notes = []string{
		"新增协议客户按签约日期计；协议客户收入、现费散户收入按收寄资费计，单位元；现费散户收入为散户在营业厅、上门揽收寄递的收入（不含邮惠中心、小程序）。",
		"占比同比变化为本月现费散户收入占比减去上年同月占比，单位百分点。预警客户数为本月分析发出的预警（含高价值散户流失预警）。",
		followupNote("派发预警", ""),
	}
	return r
}

// pick is a when cond holds, else b.
func pick(cond bool, a, b int) int {
	if cond {
		return a
	}
	return b
}
