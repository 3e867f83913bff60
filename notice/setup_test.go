package notice_test

import (
	"context"
	"path/filepath"
	"testing"

	"postcrm"
	"postcrm/followup"
	"postcrm/sqlite"
	"postcrm/sqlstore"
)

// A small province for the delivery tests: one city, two offices, a
// manager and two couriers, November's warnings dispatched on 2 December.

var (
	month      postcrm.Month = 202411
	dispatchOn               = postcrm.NewDate(2024, 12, 2)
	offices                  = []postcrm.Office{
		{Code: "13010001", Name: "石家庄长安营业部", City: "石家庄市"},
		{Code: "13010002", Name: "石家庄桥西营业部", City: "石家庄市"},
	}
	staff = []postcrm.Staff{
		{ID: "S1001", Name: "张伟", Role: postcrm.RoleCourier, OfficeCode: "13010001", City: "石家庄市"},
		{ID: "S1002", Name: "王芳", Role: postcrm.RoleOfficeManager, OfficeCode: "13010001", City: "石家庄市"},
		{ID: "S1003", Name: "李娜", Role: postcrm.RoleCourier, OfficeCode: "13010002", City: "石家庄市"},
	}
	customers = []postcrm.Customer{
		{Code: "KH0001", Name: "河北华药电商有限公司", OfficeCode: "13010001", OwnerStaffID: "S1001", ContractDate: 20230115, Status: postcrm.StatusActive},
		{Code: "KH0002", Name: "石家庄常山纺织", OfficeCode: "13010002", OwnerStaffID: "S1003", ContractDate: 20220601, Status: postcrm.StatusActive},
		{Code: "KH0003", Name: "长安区顺达商行", OfficeCode: "13010001", ContractDate: 20220601, Status: postcrm.StatusActive},
	}
	warnings = []postcrm.Warning{
		{Month: month, Kind: postcrm.WarnDecline, CustomerCode: "KH0001", OfficeCode: "13010001", OwnerStaffID: "S1001", RevenueAtRiskFen: 50000,
			Reason: "本月发件 120 件，按其近期水平应约 300 件，下降 60%，少收约 900 元"},
		{Month: month, Kind: postcrm.WarnChurn, CustomerCode: "KH0002", OfficeCode: "13010002", OwnerStaffID: "S1003", RevenueAtRiskFen: 40000,
			Reason: "已连续 25 天未发件（此前平均每周发 40 件），最后一次发件在 11 月 5 日"},
		{Month: month, Kind: postcrm.WarnDecline, CustomerCode: "KH0003", OfficeCode: "13010001", RevenueAtRiskFen: 30000,
			Reason: "本月发件 10 件，按其近期水平应约 50 件，下降 80%，少收约 400 元"},
		{Month: month, Kind: postcrm.WarnWalkinChurn, SenderPhone: "13712345678", OfficeCode: "13010001", RevenueAtRiskFen: 10000,
			Reason: "以前来寄过 12 次（累计 600 元），最近一次在 10 月 3 日，已 58 天没来寄"},
	}
)

// dispatched opens a store with the province and November dispatched,
// nothing held out: four notices in the outbox.
func dispatched(t *testing.T) *sqlstore.Store {
	t.Helper()
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "postcrm.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	for _, b := range []postcrm.Batch{
		{Kind: postcrm.KindOrg, Offices: offices, Staff: staff},
		{Kind: postcrm.KindCustomers, Customers: customers},
	} {
		if _, err := s.Apply(ctx, b); err != nil {
			t.Fatal(err)
		}
	}
	kinds := []postcrm.WarningKind{postcrm.WarnDecline, postcrm.WarnChurn, postcrm.WarnWalkinChurn, postcrm.WarnSlowStart}
	if err := s.SaveWarnings(ctx, month, kinds, warnings); err != nil {
		t.Fatal(err)
	}
	dispatch(t, s, dispatchOn)
	return s
}

func dispatch(t *testing.T, s *sqlstore.Store, today postcrm.Date) {
	t.Helper()
	if _, _, err := followup.Run(context.Background(), s, month, today, 0, postcrm.Actor{User: "cli"}); err != nil {
		t.Fatal(err)
	}
}
