package report

import (
	"cmp"
	"context"
	"errors"
	"slices"

	"postcrm"
)

// Figures of an evening-board line.
const (
	eItems    = iota // items accepted that day
	eWalkin          // of which from walk-ins
	eRev             // their postage
	eMembers         // e-channel members recruited that day
	eWarnings        // customers owned with a warning in the last analysed month
	eWidth
)

// eveningIn is what the evening-meeting board is computed from.
type eveningIn struct {
	day      postcrm.Date
	office   string
	days     []postcrm.CourierDay // the day's, any office
	members  []postcrm.MemberDay  // the day's
	warnings []postcrm.Warning    // the month before the day's
}

func buildEvening(ctx context.Context, src postcrm.ReportReader, req Request, o *org) (postcrm.Report, error) {
	if req.Scope.Level != ScopeOffice {
		return postcrm.Report{}, errors.New("夕会看板按营业部出：请用 --scope office 机构代码")
	}
	in := eveningIn{day: req.Day, office: req.Scope.Code}
	day := postcrm.DayRange{From: req.Day, To: req.Day}
	err := src.CourierDays(ctx, day, func(d postcrm.CourierDay) error {
		if d.OfficeCode == in.office {
			in.days = append(in.days, d)
		}
		return nil
	})
	if err != nil {
		return postcrm.Report{}, err
	}
	if in.members, err = src.MemberDays(ctx, day); err != nil {
		return postcrm.Report{}, err
	}
	if in.warnings, err = src.Warnings(ctx, postcrm.AddMonths(req.Day.YearMonth(), -1)); err != nil {
		return postcrm.Report{}, err
	}
	return evening(o, in), nil
}

// evening lists each courier of the office with the day's work, most
// items first; couriers with nothing that day are listed too.
func evening(o *org, in eveningIn) postcrm.Report {
	set := newLineSet(eWidth, 2)
	at := func(id string) *line { return set.at(id, o.staffName(id)) }
	ids := make([]string, 0)
	for _, s := range o.staff {
		if s.OfficeCode == in.office && s.Role == postcrm.RoleCourier {
			ids = append(ids, s.ID)
		}
	}
	slices.Sort(ids)
	for _, id := range ids {
		at(id)
	}
	for _, d := range in.days {
		if d.Day != in.day || d.OfficeCode != in.office {
			continue
		}
		l := at(d.CourierStaffID)
		l.v[eItems] += d.Items
		l.v[eRev] += d.PostageFen
		if !d.Contract {
			l.v[eWalkin] += d.Items
		}
	}
	for _, m := range in.members {
		if m.Day == in.day && m.OfficeCode == in.office && m.StaffID != "" {
			at(m.StaffID).v[eMembers] += m.Members
		}
	}
	for _, w := range in.warnings {
		if w.OfficeCode == in.office && w.OwnerStaffID != "" {
			at(w.OwnerStaffID).v[eWarnings]++
		}
	}
	lines := set.lines()
	slices.SortStableFunc(lines, func(a, b line) int {
		return cmp.Or(cmp.Compare(b.v[eItems], a.v[eItems]), cmp.Compare(a.labels[0], b.labels[0]))
	})
	cols := []col{
		label(0, "staff_id", "工号"),
		label(1, "name", "揽投员"),
		count(eItems, "items", "今日收寄件数"),
		count(eWalkin, "walkin_items", "其中散户件数"),
		money(eRev, "revenue", "寄递收入"),
		count(eMembers, "new_members", "新增电子渠道会员"),
		count(eWarnings, "warnings", "名下预警客户"),
	}
	sc := Scope{Level: ScopeOffice, Code: in.office}
	r := newReport("evening", in.day.String(), o, sc)
	t := render("夕会看板", "各揽投员当日收寄情况", cols, append(lines, set.total(lines, "营业部合计")))
	t.Chart = &postcrm.Chart{Kind: postcrm.ChartColumn, Title: "今日收寄件数", Category: 1, Series: []int{2}}
	r.Tables = []postcrm.Table{t}
	r.Notes = []string{
		"收寄件数、寄递收入按当天收寄的邮件计，收入单位元；新增电子渠道会员按推荐人工号计。",
		"名下预警客户为上月分析中对该揽投员所管客户发出的预警数；预警跟进功能上线前，无法区分已跟进和未跟进的预警。",
	}
	return r
}
