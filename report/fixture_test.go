package report

import (
	"math"
	"testing"
	"time"

	"postcrm"
)

// A hand-made province: two cities, three offices. Every expected figure
// in the tests is worked out by hand from these rows (see the comments
// there), never by calling the code under test.
var (
	fxOffices = []postcrm.Office{
		{Code: "13010001", Name: "长安营业部", City: "石家庄市"}, // A
		{Code: "13010002", Name: "桥西营业部", City: "石家庄市"}, // B
		{Code: "13020001", Name: "路南营业部", City: "唐山市"},  // C
	}
	fxStaff = []postcrm.Staff{
		{ID: "S1", Name: "张伟", Role: postcrm.RoleCourier, OfficeCode: "13010001", City: "石家庄市"},
		{ID: "S2", Name: "王芳", Role: postcrm.RoleCourier, OfficeCode: "13010001", City: "石家庄市"},
		{ID: "M1", Name: "李强", Role: postcrm.RoleOfficeManager, OfficeCode: "13010001", City: "石家庄市"},
		{ID: "S3", Name: "李娜", Role: postcrm.RoleCourier, OfficeCode: "13010002", City: "石家庄市"},
		{ID: "S4", Name: "刘洋", Role: postcrm.RoleCourier, OfficeCode: "13020001", City: "唐山市"},
		{ID: "C0101", Name: "赵敏", Role: postcrm.RoleCityManager, City: "石家庄市"},
	}
	fxCustomers = []postcrm.Customer{
		{Code: "K1", Name: "河北华药电商有限公司", OfficeCode: "13010001", OwnerStaffID: "S1", ContractDate: 20260610,
			Industry: "医药", ContactPhone: "13900000001", Status: postcrm.StatusActive},
		{Code: "K2", Name: "石家庄常山纺织", OfficeCode: "13010001", OwnerStaffID: "S1", ContractDate: 20250301,
			ContactPhone: "13900000002", Status: postcrm.StatusActive},
		{Code: "K3", Name: "桥西建材", OfficeCode: "13010002", ContractDate: 20260105,
			Industry: "建材", Status: postcrm.StatusSuspended},
		{Code: "K4", Name: "河北华药电商有限公司", OfficeCode: "13020001", OwnerStaffID: "S4", ContractDate: 20260620,
			Industry: "医药", ContactPhone: "13900000004", Status: postcrm.StatusActive},
		{Code: "K5", Name: "唐山陶瓷", OfficeCode: "13020001", OwnerStaffID: "S4", ContractDate: 20260701,
			Status: postcrm.StatusTerminated},
		{Code: "K6", Name: "桥西服装", OfficeCode: "13010002", OwnerStaffID: "S3", ContractDate: 20260615,
			Industry: "服装", ContactPhone: "13900000002", Status: postcrm.StatusActive},
	}
	fxMonth postcrm.Month = 202606
)

func om(month postcrm.Month, office string, contract bool, ch postcrm.Channel, items, fen int64) postcrm.OfficeMonth {
	pay := postcrm.PaymentCash
	if contract {
		pay = postcrm.PaymentMonthly
	}
	return postcrm.OfficeMonth{Month: month, OfficeCode: office, Contract: contract, Payment: pay, Channel: ch, Items: items, PostageFen: fen}
}

const (
	offA, offB, offC = "13010001", "13010002", "13020001"
	counter, pickup  = postcrm.ChannelCounter, postcrm.ChannelPickup
	echan, mini      = postcrm.ChannelEChannel, postcrm.ChannelMiniProgram
)

var fxOfficeMonths = []postcrm.OfficeMonth{
	om(202501, offA, true, pickup, 2, 30000),
	om(202506, offA, true, pickup, 8, 80000),
	om(202506, offA, false, counter, 4, 6000),
	om(202506, offA, false, echan, 1, 1000),
	om(202506, offB, true, pickup, 1, 25000),
	om(202506, offB, false, counter, 5, 5000),
	om(202507, offC, false, counter, 1, 999),
	om(202601, offA, true, pickup, 1, 10000),
	om(202605, offA, true, pickup, 9, 90000),
	om(202606, offA, true, pickup, 10, 100000),
	om(202606, offA, false, counter, 5, 5000),
	om(202606, offA, false, echan, 3, 3000),
	om(202606, offA, false, mini, 2, 2000),
	om(202606, offB, true, counter, 2, 20000),
	om(202606, offB, false, counter, 10, 12345),
	om(202606, offC, true, mini, 4, 40000), // a contract item through the mini-program is contract revenue
	om(202606, offC, false, pickup, 1, 1500),
}

var fxMembers = []postcrm.MemberDay{
	{Day: 20260520, OfficeCode: offA, StaffID: "S2", Members: 5},
	{Day: 20260603, OfficeCode: offA, StaffID: "S1", Members: 2},
	{Day: 20260615, OfficeCode: offA, StaffID: "S1", Members: 1},
	{Day: 20260615, OfficeCode: offA, StaffID: "", Members: 1},
	{Day: 20260615, OfficeCode: offC, StaffID: "S4", Members: 1},
	{Day: 20260630, OfficeCode: offB, StaffID: "", Members: 1},
}

var fxWarnings = []postcrm.Warning{
	{Month: 202606, Kind: postcrm.WarnDecline, CustomerCode: "K1", OfficeCode: offA, OwnerStaffID: "S1"},
	{Month: 202606, Kind: postcrm.WarnChurn, CustomerCode: "K3", OfficeCode: offB},
	{Month: 202606, Kind: postcrm.WarnWalkinChurn, SenderPhone: "13700000001", OfficeCode: offC},
}

func fxOrg() *org { return newOrg(fxOffices, fxStaff) }

// row finds the row whose column key has the value want.
func row(t *testing.T, tb postcrm.Table, key string, want any) postcrm.Row {
	t.Helper()
	i := colIndex(t, tb, key)
	for _, r := range tb.Rows {
		if r.Cells[i] == want {
			return r
		}
	}
	t.Fatalf("table %s: no row with %s = %v", tb.Name, key, want)
	return postcrm.Row{}
}

// rowWhere finds the row matching every key = value pair.
func rowWhere(t *testing.T, tb postcrm.Table, kv ...any) postcrm.Row {
	t.Helper()
outer:
	for _, r := range tb.Rows {
		for i := 0; i < len(kv); i += 2 {
			if r.Cells[colIndex(t, tb, kv[i].(string))] != kv[i+1] {
				continue outer
			}
		}
		return r
	}
	t.Fatalf("table %s: no row with %v", tb.Name, kv)
	return postcrm.Row{}
}

func colIndex(t *testing.T, tb postcrm.Table, key string) int {
	t.Helper()
	for i, c := range tb.Columns {
		if c.Key == key {
			return i
		}
	}
	t.Fatalf("table %s has no column %s", tb.Name, key)
	return -1
}

// expect checks cells of a row by column key: ints as int64, ratios as
// float64 to 1e-12, nil for "not applicable".
func expect(t *testing.T, tb postcrm.Table, r postcrm.Row, kv ...any) {
	t.Helper()
	for i := 0; i < len(kv); i += 2 {
		key := kv[i].(string)
		got := r.Cells[colIndex(t, tb, key)]
		switch want := kv[i+1].(type) {
		case int:
			if got != int64(want) {
				t.Errorf("%s %v: %s = %v, want %d", tb.Name, r.Cells[:2], key, got, want)
			}
		case float64:
			g, ok := got.(float64)
			if !ok || math.Abs(g-want) > 1e-12 {
				t.Errorf("%s %v: %s = %v, want %v", tb.Name, r.Cells[:2], key, got, want)
			}
		default:
			if got != want {
				t.Errorf("%s %v: %s = %v, want %v", tb.Name, r.Cells[:2], key, got, want)
			}
		}
	}
}

func table(t *testing.T, r postcrm.Report, name string) postcrm.Table {
	t.Helper()
	for _, tb := range r.Tables {
		if tb.Name == name {
			return tb
		}
	}
	t.Fatalf("report %s has no table %s", r.Name, name)
	return postcrm.Table{}
}

func cst(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, postcrm.ChinaTime)
	if err != nil {
		panic(err)
	}
	return t
}
