package report

import (
	"context"

	"postcrm"
)

// Figures of an ownership line.
const (
	oCustomers = iota // customers owned
	oActive           // of which shipped this month
	oItems            // items this month
	oItems1           // … last month
	oItems12          // … same month last year
	oRev              // revenue this month
	oRev1             // … last month
	oRev12            // … same month last year
	oWarnings         // customers warned this month
	oReceived         // warnings dispatched to the owner this month
	oOnTime           // … reached by their due date
	oRecovered        // last month's warnings dispatched to them, recovered this month
	oWidth
)

// unownedID stands for "no owner"; it sorts after every staff ID, so the
// unowned line closes its office.
const unownedID = "—"

// ownershipIn is what the ownership report is computed from.
type ownershipIn struct {
	month     postcrm.Month
	customers []postcrm.Customer
	months    []postcrm.CustomerMonth // the month, the one before, the same month last year
	warnings  []postcrm.Warning
	followup  followupIn
}

func buildOwnership(ctx context.Context, src Source, req Request, o *org) (postcrm.Report, error) {
	in := ownershipIn{month: req.Month}
	var err error
	if in.customers, err = src.Customers(ctx); err != nil {
		return postcrm.Report{}, err
	}
	if in.months, err = src.CustomerMonthTotals(ctx, req.Month, req.Month.Add(-1), req.Month.Add(-12)); err != nil {
		return postcrm.Report{}, err
	}
	if in.warnings, err = src.Warnings(ctx, req.Month); err != nil {
		return postcrm.Report{}, err
	}
	if in.followup, err = loadFollowup(ctx, src, req); err != nil {
		return postcrm.Report{}, err
	}
	return ownership(o, req.Scope, in), nil
}

// ownership sums each owner's contract customers per office, with a line
// for the office's unowned customers.
func ownership(o *org, sc Scope, in ownershipIn) postcrm.Report {
	set := newLineSet(oWidth, 4)
	// ownerLine is a staff member's line in an office, the office's
	// unowned line for nobody, nil outside the scope.
	ownerLine := func(office, staffID string) *line {
		if !o.in(sc, office) {
			return nil
		}
		id, name := staffID, o.staffName(staffID)
		if _, onStaff := o.staff[staffID]; !onStaff {
			// None recorded, or one who has left: the unowned pool's.
			id, name = unownedID, "未管户"
		}
		return set.at(o.city(office), o.officeName(office), id, name)
	}
	byCustomer := make(map[string]*line)
	for _, c := range in.customers {
		if l := ownerLine(c.OfficeCode, c.OwnerStaffID); l != nil {
			l.v[oCustomers]++
			byCustomer[c.Code] = l
		}
	}
	in.followup.add(ownerLine, followupCols{oReceived, oOnTime, oRecovered})
	for _, cm := range in.months {
		l := byCustomer[cm.CustomerCode]
		switch {
		case l == nil:
		case cm.Month == in.month:
			l.v[oItems] += cm.Items
			l.v[oRev] += cm.PostageFen
			if cm.Items > 0 {
				l.v[oActive]++
			}
		case cm.Month == in.month.Add(-1):
			l.v[oItems1] += cm.Items
			l.v[oRev1] += cm.PostageFen
		case cm.Month == in.month.Add(-12):
			l.v[oItems12] += cm.Items
			l.v[oRev12] += cm.PostageFen
		}
	}
	for _, w := range in.warnings {
		if l := byCustomer[w.CustomerCode]; l != nil && w.CustomerCode != "" {
			l.v[oWarnings]++
		}
	}
	cols := []col{
		label(0, "city", "地市"),
		label(1, "office", "营业部"),
		label(2, "owner_staff_id", "管户人工号"),
		label(3, "owner_name", "管户人"),
		count(oCustomers, "customers", "管户客户数"),
		count(oActive, "active_customers", "本月有发件客户数"),
		count(oItems, "items", "本月件量"),
		growth(oItems, oItems1, "items_mom", "件量环比"),
		growth(oItems, oItems12, "items_yoy", "件量同比"),
		money(oRev, "revenue", "本月收入"),
		money(oRev1, "revenue_last_month", "上月收入"),
		growth(oRev, oRev1, "revenue_mom", "收入环比"),
		money(oRev12, "revenue_last_year", "上年同月收入"),
		growth(oRev, oRev12, "revenue_yoy", "收入同比"),
		count(oWarnings, "warnings", "本月预警客户数"),
		count(oReceived, "warnings_received", "收到预警"),
		count(oOnTime, "followed_up_on_time", "按时跟进"),
		ratio(oOnTime, oReceived, "on_time_rate", "按时跟进率"),
		count(oRecovered, "recovered_last_month", "上月预警本月恢复"),
	}
	r := newReport("ownership", in.month.String(), o, sc)
	r.Tables = []postcrm.Table{render("管户情况", monthName(in.month)+"协议客户管户情况（按营业部、管户人）", cols,
		set.subtotalled(2, "营业部小计", whole(sc)+"合计"))}
	if sc.Level != ScopeOffice {
		r.Summary = []postcrm.Table{summaryTable("管户情况", monthName(in.month)+"协议客户管户情况"+byUnit(sc), cols, set, sc, whole(sc)+"合计")}
	}
	r.Notes = []string{
		"按协议客户所属营业部和当前管户人统计；“未管户”行为该营业部没有管户人的协议客户。管户客户数含暂停、解约状态的客户。",
		"件量、收入按协议客户当月收寄的邮件计（不论由哪位揽投员收寄），收入单位元。",
		"本月预警客户数为本月分析对该管户人名下客户发出的预警。" + followupNote("收到预警", "给本人") + "营业部无人可派的预警计入“未管户”行。",
	}
	return r
}
