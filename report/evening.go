package report

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"

	"postcrm"
)

// Figures of an evening-board line.
const (
	eItems    = iota // items accepted that day
	eWalkin          // of which from walk-ins
	eRev             // their postage
	eMembers         // e-channel members recruited that day
	eWarnings        // last month's warnings still to be followed up (see openWarnings)
	eWidth
)

// eveningIn is what the evening-meeting board is computed from.
type eveningIn struct {
	day        postcrm.Date
	office     string
	days       []postcrm.CourierDay // the day's, any office
	members    []postcrm.MemberDay  // the day's
	warnings   []postcrm.Warning    // the month before the day's
	dispatches []postcrm.Dispatch   // of those warnings
	// The acceptance-policy adjustments: those in force at the office
	// that day are what the couriers must not accept.
	adjustments []postcrm.Adjustment
}

func buildEvening(ctx context.Context, src Source, req Request, o *org) (postcrm.Report, error) {
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
	month := req.Day.YearMonth().Add(-1)
	if in.dispatches, err = src.Dispatches(ctx, month); err != nil {
		return postcrm.Report{}, fmt.Errorf("读取预警派发: %w", err)
	}
	if !in.dispatched() { // the owners' warnings are what there is to go by
		if in.warnings, err = src.Warnings(ctx, month); err != nil {
			return postcrm.Report{}, err
		}
	}
	if in.adjustments, err = src.Adjustments(ctx); err != nil {
		return postcrm.Report{}, fmt.Errorf("读取收寄政策调整: %w", err)
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
	for staffID, n := range in.openWarnings() {
		at(staffID).v[eWarnings] += n
	}
	lines := set.lines()
	slices.SortStableFunc(lines, func(a, b line) int {
		return cmp.Or(cmp.Compare(b.v[eItems], a.v[eItems]), cmp.Compare(a.labels[0], b.labels[0]))
	})
	cols := []col{
		label(0, "staff_id", "工号"),
		label(1, "name", "揽投员"),
		count(eItems, "items", "当日收寄件数"),
		count(eWalkin, "walkin_items", "其中散户件数"),
		money(eRev, "revenue", "寄递收入"),
		count(eMembers, "new_members", "新增电子渠道会员"),
		count(eWarnings, "warnings", "未办结预警"),
	}
	sc := Scope{Level: ScopeOffice, Code: in.office}
	r := newReport("evening", in.day.String(), o, sc)
	t := render("夕会看板", "各揽投员当日收寄情况", cols, append(lines, set.total(lines, "营业部合计")))
	t.Chart = &postcrm.Chart{Kind: postcrm.ChartColumn, Title: "当日收寄件数", Category: 1, Series: []int{2}}
	r.Tables = []postcrm.Table{t}
	for _, a := range in.adjustments {
		if !a.InForce(in.day) || !a.Covers(in.office, o.city(in.office)) {
			continue
		}
		scope := a.Scope
		if a.Scope == in.office {
			scope = o.officeName(a.Scope)
		}
		r.Narrative = append(r.Narrative, fmt.Sprintf("收寄政策调整（当天执行中，编号 %s）：%s%s%s，请勿收寄，并告知客户。", a.ID, a.Period(), scope, a.What()))
	}
	r.Notes = []string{
		"收寄件数、寄递收入按当天收寄的邮件计，收入单位元；新增电子渠道会员按推荐人工号计。",
		"未办结预警为上月分析发出、到当天为止派发给此人而当天结束时尚未办结的预警（待跟进和跟进中的，不含对照组和已撤销的；营业部经理名下的是待其转派的）；当天营业部尚未收到上月预警派发时，为此人所管客户的预警数。撤销以现在的状态为准。",
	}
	return r
}

// dispatched reports whether last month's warnings had been dispatched to
// the office by the day.
func (in eveningIn) dispatched() bool {
	for _, d := range in.dispatches {
		if d.OfficeCode == in.office && d.DispatchedOn <= in.day {
			return true
		}
	}
	return false
}

// openWarnings counts, per staff member, last month's warnings of the
// office still to be followed up at the end of the day: dispatched to
// them by then (neither held out nor withdrawn as they stand now) and not
// closed by then. Before the month was dispatched to the office there is
// no follow-up to go by, so its warnings count for the owners of their
// customers, as the follow-up list shows them.
func (in eveningIn) openWarnings() map[string]int64 {
	n := make(map[string]int64)
	if !in.dispatched() {
		for _, w := range in.warnings {
			if w.OfficeCode == in.office && w.OwnerStaffID != "" {
				n[w.OwnerStaffID]++
			}
		}
		return n
	}
	for _, d := range in.dispatches {
		closed := d.Status == postcrm.StatusClosed && d.ClosedOn <= in.day
		if d.OfficeCode == in.office && d.AssignedTo != "" && !d.HeldOut && !d.Withdrawn && d.DispatchedOn <= in.day && !closed {
			n[d.AssignedTo]++
		}
	}
	return n
}
