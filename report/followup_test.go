package report

import (
	"testing"

	"postcrm"
	"postcrm/followup"
)

// fxFollowup is June's follow-up and May's warnings measured in June.
// Worked by hand:
//   - June dispatches: 11 and 12 to S1 at 长安 (11 reached on the 5th, due
//     the 9th: on time; 12 tried on the 3rd, reached on the 12th: late),
//     13 at 桥西 to nobody (the unowned line), 16 to S3 at 桥西 reached on
//     the 1st (on time); 14 held out and 15 (S4) withdrawn count nowhere.
//   - May cases: S2 at 长安 back to 9 of 10 (recovered), S1 at 7 of 10
//     (not: under 80%), S4 at 路南 8 of 10 (recovered: exactly 80%), a
//     held-out one at 桥西 back to 5 of 5 (not counted: the control
//     group), S3's not measurable.
func fxFollowup() followupIn {
	due := postcrm.NewDate(2026, 7, 9)
	d := func(id int64, office, to string) postcrm.Dispatch {
		return postcrm.Dispatch{WarningID: id, Month: fxMonth, OfficeCode: office, AssignedTo: to, DueOn: due, Status: postcrm.StatusOpen}
	}
	held, withdrawn := d(14, offA, ""), d(15, offC, "S4")
	held.HeldOut, held.DueOn, withdrawn.Withdrawn = true, 0, true
	contacts := []postcrm.Contact{
		{WarningID: 11, On: postcrm.NewDate(2026, 7, 5), Outcome: postcrm.OutcomeLost},
		{WarningID: 12, On: postcrm.NewDate(2026, 7, 3), Outcome: postcrm.OutcomeUnreachable},
		{WarningID: 12, On: postcrm.NewDate(2026, 7, 12), Outcome: postcrm.OutcomeRecovered},
		{WarningID: 16, On: postcrm.NewDate(2026, 7, 1), Outcome: postcrm.OutcomePartly},
	}
	c := func(office, to string, g followup.Group, expected float64, actual int64) followup.Case {
		return followup.Case{OfficeCode: office, AssignedTo: to, Group: g, Expected: expected, Actual: actual, Measurable: true}
	}
	unmeasured := c(offB, "S3", followup.Contacted, 0, 0)
	unmeasured.Measurable = false
	return followupIn{
		dispatches:   []postcrm.Dispatch{d(11, offA, "S1"), d(12, offA, "S1"), d(13, offB, ""), held, withdrawn, d(16, offB, "S3")},
		firstReached: followup.FirstReached(contacts),
		lastMonth: []followup.Case{c(offA, "S2", followup.Contacted, 10, 9), c(offA, "S1", followup.NotContacted, 10, 7),
			c(offC, "S4", followup.NotContacted, 10, 8), c(offB, "", followup.HeldOut, 5, 5), unmeasured},
	}
}

func TestOwnershipFollowup(t *testing.T) {
	in := ownershipIn{month: fxMonth, customers: fxCustomers, months: fxCustomerMonths, warnings: fxWarnings, followup: fxFollowup()}
	tb := table(t, ownership(fxOrg(), Scope{}, in), "管户情况")
	expect(t, tb, row(t, tb, "owner_staff_id", "S1"), "warnings_received", 2, "followed_up_on_time", 1, "on_time_rate", 0.5,
		"recovered_last_month", 0)
	// S2 owns nobody: their line comes from the recovered warning alone.
	expect(t, tb, row(t, tb, "owner_staff_id", "S2"), "owner_name", "王芳", "customers", 0, "warnings_received", 0,
		"on_time_rate", nil, "recovered_last_month", 1)
	expect(t, tb, rowWhere(t, tb, "office", "桥西营业部（13010002）", "owner_name", "未管户"),
		"warnings_received", 1, "followed_up_on_time", 0, "recovered_last_month", 0)
	expect(t, tb, row(t, tb, "owner_staff_id", "S3"), "warnings_received", 1, "followed_up_on_time", 1, "on_time_rate", 1.0)
	expect(t, tb, row(t, tb, "owner_staff_id", "S4"), "warnings_received", 0, "recovered_last_month", 1)
	expect(t, tb, rowWhere(t, tb, "office", "长安营业部（13010001）", "owner_staff_id", "营业部小计"),
		"warnings_received", 2, "followed_up_on_time", 1, "recovered_last_month", 1)
	expect(t, tb, tb.Rows[len(tb.Rows)-1], "city", "全省合计", "warnings_received", 4, "followed_up_on_time", 2,
		"on_time_rate", 0.5, "recovered_last_month", 2)

	office := table(t, ownership(fxOrg(), Scope{Level: ScopeOffice, Code: offC}, in), "管户情况")
	expect(t, office, office.Rows[len(office.Rows)-1], "warnings_received", 0, "recovered_last_month", 1)
}

func TestBulletinFollowup(t *testing.T) {
	in := fxBulletin()
	in.followup = fxFollowup()
	tb := table(t, bulletin(fxOrg(), Scope{}, in), "通报表")
	expect(t, tb, row(t, tb, "unit", "石家庄市"), "warnings", 2, "warnings_dispatched", 4, "followed_up_on_time", 2, "recovered_last_month", 1)
	expect(t, tb, row(t, tb, "unit", "唐山市"), "warnings", 1, "warnings_dispatched", 0, "followed_up_on_time", 0, "recovered_last_month", 1)
	expect(t, tb, tb.Rows[len(tb.Rows)-1], "warnings", 3, "warnings_dispatched", 4, "followed_up_on_time", 2, "recovered_last_month", 2)

	city := table(t, bulletin(fxOrg(), Scope{Level: ScopeCity, Code: "石家庄市"}, in), "通报表")
	expect(t, city, row(t, city, "unit", "长安营业部（13010001）"), "warnings_dispatched", 2, "followed_up_on_time", 1, "recovered_last_month", 1)
	expect(t, city, row(t, city, "unit", "桥西营业部（13010002）"), "warnings_dispatched", 2, "followed_up_on_time", 1, "recovered_last_month", 0)
}
