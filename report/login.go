package report

import (
	"context"
	"fmt"
	"time"

	"postcrm"
)

// Figures of a log-in line; a person's line uses the same ones.
const (
	lStaff    = iota // staff on file (units only)
	lAccounts        // with an account
	lActive          // who signed in this month
	lSignIns         // sign-ins this month
	lDays            // days with a sign-in, summed over people
	lNever           // accounts never signed in up to the month's end
	lWidth
)

// loginIn is what the log-in table is computed from.
type loginIn struct {
	month   postcrm.Month
	users   []postcrm.User
	signIns []postcrm.AuditEntry // every sign-in up to the month's end
}

// auditPage is how many audit entries one read takes.
const auditPage = 10000

func buildLogin(ctx context.Context, src Source, req Request, o *org) (postcrm.Report, error) {
	in := loginIn{month: req.Month}
	var err error
	if in.users, err = src.Users(ctx); err != nil {
		return postcrm.Report{}, fmt.Errorf("读取账号: %w", err)
	}
	q := postcrm.AuditQuery{Action: postcrm.AuditSignIn, To: req.Month.Next().First().Time(), Limit: auditPage}
	for {
		page, n, err := src.AuditLog(ctx, q)
		if err != nil {
			return postcrm.Report{}, fmt.Errorf("读取登录记录: %w", err)
		}
		in.signIns = append(in.signIns, page...)
		q.Offset += len(page)
		if len(page) == 0 || q.Offset >= n {
			break
		}
	}
	return login(o, req.Scope, in), nil
}

// place is where a person or account sits: city and office, with the
// names the table shows for city and province staff.
func (o *org) place(city, office string) (string, string) {
	switch {
	case city == "":
		return postcrm.ProvinceOffice, "省公司本部"
	case office == "":
		return city, city + "本部"
	}
	return city, o.officeName(office)
}

// login counts accounts and sign-ins per office and per person; the
// staff on file are the org's.
func login(o *org, sc Scope, in loginIn) postcrm.Report {
	inScope := func(city, office string) bool {
		switch sc.Level {
		case ScopeCity:
			return city == sc.Code
		case ScopeOffice:
			return office == sc.Code
		}
		return true
	}
	units, people := newLineSet(lWidth, 2), newLineSet(lWidth, 6)
	for _, s := range o.staff {
		if inScope(s.City, s.OfficeCode) {
			city, office := o.place(s.City, s.OfficeCode)
			units.at(city, office).v[lStaff]++
		}
	}
	month := make(map[string][]time.Time)
	last := make(map[string]time.Time)
	for _, e := range in.signIns {
		if e.At.After(last[e.User]) {
			last[e.User] = e.At
		}
		if postcrm.DateOf(e.At).YearMonth() == in.month {
			month[e.User] = append(month[e.User], e.At)
		}
	}
	for _, u := range in.users {
		if !inScope(u.City, u.OfficeCode) {
			continue
		}
		city, office := o.place(u.City, u.OfficeCode)
		lastText := "从未登录"
		if t, ok := last[u.Name]; ok {
			lastText = t.In(postcrm.ChinaTime).Format("2006-01-02 15:04")
		}
		p := people.at(city, office, u.Name, u.DisplayName, u.Role.Label(), lastText)
		p.v[lAccounts] = 1
		days := make(map[postcrm.Date]bool)
		for _, t := range month[u.Name] {
			days[postcrm.DateOf(t)] = true
		}
		p.v[lSignIns] = int64(len(month[u.Name]))
		p.v[lDays] = int64(len(days))
		if p.v[lSignIns] > 0 {
			p.v[lActive] = 1
		}
		if _, ok := last[u.Name]; !ok {
			p.v[lNever] = 1
		}
		units.at(city, office).add(p)
	}
	r := newReport("login", in.month.String(), o, sc)
	unitCols := []col{
		label(0, "city", "地市"), label(1, "office", "营业部"),
		count(lStaff, "staff", "人员数"),
		count(lAccounts, "accounts", "开通账号人数"),
		count(lActive, "signed_in", "本月登录人数"),
		ratio(lActive, lAccounts, "signin_rate", "登录率"),
		count(lSignIns, "signins", "登录次数"),
		count(lDays, "active_days", "登录人天数"),
		count(lNever, "never", "从未登录人数"),
	}
	if sc.Level != ScopeOffice {
		r.Summary = []postcrm.Table{summaryTable("按营业部", monthName(in.month)+"CRM 系统登录情况"+byUnit(sc), unitCols, units, sc, whole(sc)+"合计")}
	}
	r.Tables = []postcrm.Table{
		render("按营业部", monthName(in.month)+"CRM 系统登录情况（按地市、营业部）", unitCols, units.subtotalled(1, "地市小计", whole(sc)+"合计")),
		render("按人员", monthName(in.month)+"CRM 系统登录情况（按人员）", []col{
			label(0, "city", "地市"), label(1, "office", "营业部"),
			label(2, "staff_id", "工号"), label(3, "name", "姓名"), label(4, "role", "岗位"),
			count(lSignIns, "signins", "本月登录次数"),
			count(lDays, "active_days", "本月登录天数"),
			label(5, "last_signin", "最近登录时间"),
		}, people.subtotalled(0, "", whole(sc)+"合计")),
	}
	r.Notes = []string{
		"根据系统审计日志中的登录记录统计；登录率 = 本月登录人数 ÷ 开通账号人数；登录人天数为每人登录天数之和。",
		"最近登录时间和“从未登录”截至本月末。",
	}
	return r
}
