package report

import (
	"testing"

	"postcrm"
)

func fnd(source string, line int, kind postcrm.ImportKind, reason postcrm.Reason, office string, rejected bool) postcrm.Finding {
	return postcrm.Finding{Kind: kind, Source: source, Line: line, Field: "f", Reason: reason, OfficeCode: office, Rejected: rejected}
}

const june = "waybills-2026-06-01.csv"

var fxFindings = []postcrm.Finding{
	fnd(june, 5, postcrm.KindWaybills, postcrm.ReasonUnknownCustomer, offA, true),
	fnd(june, 5, postcrm.KindWaybills, postcrm.ReasonBadPhone, offA, true), // same row
	fnd(june, 9, postcrm.KindWaybills, postcrm.ReasonUnknownStaff, offA, false),
	fnd(june, 12, postcrm.KindWaybills, postcrm.ReasonNoPhone, offB, false),
	fnd(june, 20, postcrm.KindWaybills, postcrm.ReasonBadCode, "", true),
	fnd("waybills-202605.csv", 3, postcrm.KindWaybills, postcrm.ReasonBadTime, offA, true),
	fnd("customers.csv", 4, postcrm.KindCustomers, postcrm.ReasonBadPhone, offC, true),
	fnd("old.csv", 1, postcrm.KindWaybills, postcrm.ReasonBadTime, offA, true),
}

// The file names carry the month for the two waybill files; customers.csv
// and old.csv count in the month of their first import.
var fxRuns = []postcrm.ImportRun{
	{Source: june, StartedAt: cst("2026-07-02 08:00")},
	{Source: "waybills-202605.csv", StartedAt: cst("2026-06-01 08:00")},
	{Source: "customers.csv", StartedAt: cst("2026-06-02 08:00")},
	{Source: "customers.csv", StartedAt: cst("2026-06-20 08:00")}, // re-imported later
	{Source: "old.csv", StartedAt: cst("2026-07-01 08:00")},
}

func fxQuality() qualityIn {
	return qualityIn{month: fxMonth, customers: fxCustomers, findings: fxFindings, runs: fxRuns, oms: fxOfficeMonths}
}

func TestQualitySummary(t *testing.T) {
	r := quality(fxOrg(), Scope{}, fxQuality())
	tb := table(t, r, "质量汇总")
	// 长安: 20 items in June; row 5 rejected (two findings), row 9 kept
	// with an unknown courier. Customers K1 (same name as K4) and K2 (no
	// industry, same phone as K6).
	a := row(t, tb, "office", "长安营业部（13010001）")
	expect(t, tb, a, "items", 20, "rejected_rows", 1, "unknown_customer", 1, "unknown_courier", 1, "walkin_no_phone", 1,
		"customers", 2, "no_contact_phone", 0, "no_industry", 1, "unowned", 0, "duplicates", 2,
		"score", 100*(1-4.0/23)) // problem rows 2 + customers 2 over rows 20+1 + customers 2
	// 桥西: row 12 a walk-in without phone; K3 no phone and unowned, K6 same phone as K2.
	b := row(t, tb, "office", "桥西营业部（13010002）")
	expect(t, tb, b, "items", 12, "rejected_rows", 0, "walkin_no_phone", 1, "customers", 2,
		"no_contact_phone", 1, "unowned", 1, "duplicates", 1, "score", 100*(1-3.0/14))
	// 路南: customers.csv row 4 (not a waybill, so not a phone-less
	// walk-in); K4 duplicate; K5 terminated, not checked.
	c := row(t, tb, "office", "路南营业部（13020001）")
	expect(t, tb, c, "items", 5, "rejected_rows", 1, "walkin_no_phone", 0, "customers", 1, "duplicates", 1,
		"score", 100*(1-2.0/7))
	sjz := rowWhere(t, tb, "city", "石家庄市", "office", "地市小计")
	expect(t, tb, sjz, "items", 32, "rejected_rows", 1, "customers", 4, "score", 100*(1-7.0/37))
	// The row with an unreadable office counts for the province only.
	unknown := row(t, tb, "office", unknownOffice)
	expect(t, tb, unknown, "rejected_rows", 1, "score", 0.0)
	total := tb.Rows[len(tb.Rows)-1]
	expect(t, tb, total, "city", "全省合计", "items", 37, "rejected_rows", 3, "customers", 5, "score", 100*(1-10.0/45))
}

func TestQualityTrend(t *testing.T) {
	r := quality(fxOrg(), Scope{}, fxQuality())
	tb := table(t, r, "质量趋势")
	a := row(t, tb, "office", "长安营业部（13010001）")
	// May: 9 items + 1 rejected row, one problem row, 2 customers with problems.
	expect(t, tb, a, "score_2026-05", 100*(1-3.0/12), "score_2026-06", 100*(1-4.0/23),
		"score_2026-04", 100*(1-2.0/2)) // no items in April: only the customers count
	if len(tb.Columns) != 2+6 || tb.Columns[2].Header != "2026-01" {
		t.Errorf("trend columns %v", tb.Columns)
	}
}

func TestQualityRecords(t *testing.T) {
	r := quality(fxOrg(), Scope{Level: ScopeCity, Code: "石家庄市"}, fxQuality())
	tb := table(t, r, "问题记录")
	// June findings of 石家庄: rows 5 (twice), 9, 12; customer problems:
	// K1 name, K2 industry and phone, K3 phone and owner, K6 phone.
	if len(tb.Rows) != 4+6 {
		t.Fatalf("records: %d", len(tb.Rows))
	}
	rw := rowWhere(t, tb, "source", june, "line", int64(9))
	expect(t, tb, rw, "reason", "人员不存在", "handling", "已入库，请核对")
	k2 := rowWhere(t, tb, "field", "联系电话", "reason", "疑似重复客户：与 K6 电话相同")
	expect(t, tb, k2, "source", "协议客户资料 K2 石家庄常山纺织", "line", nil, "value", "13900000002")
	reasons := table(t, r, "拒收原因")
	expect(t, reasons, reasons.Rows[len(reasons.Rows)-1], "rejected", 2, "kept", 2)
}

func TestFindingMonths(t *testing.T) {
	months := findingMonths([]postcrm.ImportRun{
		{Source: "收寄明细20261015.csv", StartedAt: cst("2026-11-02 08:00")},
		{Source: "waybills-2025-01.csv", StartedAt: cst("2026-11-02 08:00")},
		{Source: "2026年3月会员.xlsx", StartedAt: cst("2026-11-02 08:00")},
		{Source: "org.csv", StartedAt: cst("2026-11-02 08:00")},
		{Source: "org.csv", StartedAt: cst("2026-09-30 23:59")},
	})
	want := map[string]postcrm.Month{"收寄明细20261015.csv": 202610, "waybills-2025-01.csv": 202501, "2026年3月会员.xlsx": 202603, "org.csv": 202609}
	for k, v := range want {
		if months[k] != v {
			t.Errorf("%s: month %d, want %d", k, months[k], v)
		}
	}
}
