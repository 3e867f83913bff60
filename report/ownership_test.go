package report

import (
	"testing"

	"postcrm"
)

var fxCustomerMonths = []postcrm.CustomerMonth{
	{CustomerCode: "K1", Month: 202506, Items: 4, PostageFen: 30000},
	{CustomerCode: "K1", Month: 202605, Items: 5, PostageFen: 50000},
	{CustomerCode: "K1", Month: 202606, Items: 6, PostageFen: 60000},
	{CustomerCode: "K2", Month: 202605, Items: 2, PostageFen: 20000},
	{CustomerCode: "K3", Month: 202506, Items: 1, PostageFen: 25000},
	{CustomerCode: "K3", Month: 202606, Items: 2, PostageFen: 20000},
	{CustomerCode: "K4", Month: 202606, Items: 4, PostageFen: 40000},
	{CustomerCode: "K9", Month: 202606, Items: 9, PostageFen: 90000}, // not a known customer
}

func TestOwnership(t *testing.T) {
	r := ownership(fxOrg(), Scope{}, ownershipIn{month: fxMonth, customers: fxCustomers, months: fxCustomerMonths, warnings: fxWarnings})
	tb := table(t, r, "管户情况")
	// S1 owns K1 and K2 at 长安; only K1 shipped in June.
	s1 := row(t, tb, "owner_staff_id", "S1")
	expect(t, tb, s1, "owner_name", "张伟", "customers", 2, "active_customers", 1, "items", 6,
		"items_mom", (6.0-7)/7, "items_yoy", 0.5, "revenue", 60000, "revenue_last_month", 70000,
		"revenue_mom", -10000.0/70000, "revenue_last_year", 30000, "revenue_yoy", 1.0, "warnings", 1)
	// 桥西: K6 owned by S3 (nothing shipped), K3 unowned.
	s3 := row(t, tb, "owner_staff_id", "S3")
	expect(t, tb, s3, "customers", 1, "active_customers", 0, "revenue", 0, "revenue_mom", nil, "warnings", 0)
	un := rowWhere(t, tb, "office", "桥西营业部（13010002）", "owner_name", "未管户")
	expect(t, tb, un, "customers", 1, "active_customers", 1, "items", 2, "revenue", 20000,
		"revenue_last_year", 25000, "revenue_yoy", -5000.0/25000, "warnings", 1)
	sub := rowWhere(t, tb, "office", "桥西营业部（13010002）", "owner_staff_id", "营业部小计")
	expect(t, tb, sub, "customers", 2, "active_customers", 1, "revenue", 20000)
	if sub.Level != postcrm.RowSubtotal {
		t.Errorf("subtotal level %q", sub.Level)
	}
	// The unowned line closes its office, before the subtotal.
	for i, rw := range tb.Rows {
		if rw.Cells[3] == "未管户" && tb.Rows[i+1].Level != postcrm.RowSubtotal {
			t.Errorf("unowned line not last in its office: next is %v", tb.Rows[i+1].Cells)
		}
	}
	// 唐山 S4: K4 shipped, K5 not (the walk-in warning is not S4's).
	expect(t, tb, row(t, tb, "owner_staff_id", "S4"), "customers", 2, "active_customers", 1, "revenue", 40000, "warnings", 0)
	total := tb.Rows[len(tb.Rows)-1]
	expect(t, tb, total, "city", "全省合计", "customers", 6, "active_customers", 3, "items", 12,
		"revenue", 120000, "revenue_last_month", 70000, "revenue_last_year", 55000, "warnings", 2)
}

func TestOwnershipOfficeScope(t *testing.T) {
	r := ownership(fxOrg(), Scope{Level: ScopeOffice, Code: offC}, ownershipIn{month: fxMonth, customers: fxCustomers, months: fxCustomerMonths})
	tb := table(t, r, "管户情况")
	// S4's line, the office subtotal and the total.
	if len(tb.Rows) != 3 {
		t.Fatalf("rows %d: %v", len(tb.Rows), tb.Rows)
	}
	expect(t, tb, tb.Rows[2], "revenue", 40000, "customers", 2)
}
