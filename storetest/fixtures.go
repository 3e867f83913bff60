package storetest

import (
	"fmt"
	"testing"
	"time"

	"postcrm"
	"postcrm/sqlstore"
)

// Two cities with two offices each; the text is what the real exports
// carry, Chinese included.
var (
	fixtureOffices = []postcrm.Office{
		{Code: "13010001", Name: "石家庄长安营业部", City: "石家庄市"},
		{Code: "13010002", Name: "石家庄桥西营业部", City: "石家庄市"},
		{Code: "13020001", Name: "唐山路南营业部", City: "唐山市"},
		{Code: "13020002", Name: "唐山路北营业部", City: "唐山市"},
	}
	fixtureStaff = []postcrm.Staff{
		{ID: "P0001", Name: "省市场部管理员", Role: postcrm.RoleProvinceAdmin},
		{ID: "C0101", Name: "石家庄地市管理员", Role: postcrm.RoleCityManager, City: "石家庄市"},
		{ID: "S1001", Name: "张伟", Role: postcrm.RoleCourier, OfficeCode: "13010001", City: "石家庄市", Phone: "13800000001"},
		{ID: "S1002", Name: "王芳", Role: postcrm.RoleOfficeManager, OfficeCode: "13010001", City: "石家庄市", Phone: "13800000002"},
		{ID: "S1003", Name: "李娜", Role: postcrm.RoleCourier, OfficeCode: "13010002", City: "石家庄市", Phone: "13800000003"},
		{ID: "S2001", Name: "刘洋", Role: postcrm.RoleCourier, OfficeCode: "13020001", City: "唐山市", Phone: "13800000004"},
		{ID: "S2002", Name: "陈静", Role: postcrm.RoleCourier, OfficeCode: "13020002", City: "唐山市", Phone: "13800000005"},
	}
	fixtureCustomers = []postcrm.Customer{
		{Code: "KH0001", Name: "河北华药电商有限公司", OfficeCode: "13010001", OwnerStaffID: "S1001",
			ContractDate: 20230115, Industry: "医药", ContactName: "赵经理", ContactPhone: "0311-88880001", Status: postcrm.StatusActive},
		{Code: "KH0002", Name: "石家庄常山纺织", OfficeCode: "13010002", ContractDate: 20220601,
			Industry: "纺织服装", ContactName: "孙女士", ContactPhone: "13900000002", Status: postcrm.StatusSuspended},
		{Code: "KH0003", Name: "唐山陶瓷商贸", OfficeCode: "13020001", OwnerStaffID: "S2001",
			ContractDate: 20240301, Industry: "建材", ContactName: "周先生", ContactPhone: "13900000003", Status: postcrm.StatusTerminated},
	}
	fixtureMembers = []postcrm.Member{
		{Phone: "13600000001", RegisteredOn: 20240210, OfficeCode: "13010001", StaffID: "S1001"},
		{Phone: "13600000002", RegisteredOn: 20240211, OfficeCode: "13020002", StaffID: "S2002"},
		{Phone: "13600000003", RegisteredOn: 20240212, OfficeCode: "13020002"},
	}
)

// applyFixtures stores the org, customers and members above.
func applyFixtures(t *testing.T, s *sqlstore.Store) {
	t.Helper()
	apply(t, s, postcrm.Batch{Kind: postcrm.KindOrg, Offices: fixtureOffices, Staff: fixtureStaff})
	apply(t, s, postcrm.Batch{Kind: postcrm.KindCustomers, Customers: fixtureCustomers})
	apply(t, s, postcrm.Batch{Kind: postcrm.KindMembers, Members: fixtureMembers})
}

// day0 is the first day of the synthetic waybills: 2024-03-01, China time.
var day0 = time.Date(2024, 3, 1, 0, 0, 0, 0, postcrm.ChinaTime)

// waybillNo makes waybill number i.
func waybillNo(i int) string { return fmt.Sprintf("11%011d", i) }
