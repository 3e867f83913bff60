package report

import (
	"testing"
)

func TestRevenueByCity(t *testing.T) {
	r := revenue(fxOrg(), Scope{}, fxMonth, fxOfficeMonths)
	tb := table(t, r, "分地市")
	// 石家庄市 in 2026-06: contract A 100000 + B 20000; walk-in cash A
	// counter 5000 + B counter 12345; e-channel A 3000 + 2000.
	// 2025-06: contract 80000 + 25000; walk-in cash 6000 + 5000; e-channel 1000.
	sjz := row(t, tb, "unit", "石家庄市")
	expect(t, tb, sjz,
		"revenue_0", 120000, "revenue_1", 17345, "revenue_2", 5000, "revenue_total", 142345,
		"share_0", 120000.0/142345, "share_1", 17345.0/142345, "share_2", 5000.0/142345,
		"yoy_0", 15000.0/105000, "yoy_1", 6345.0/11000, "yoy_2", 4.0, "yoy_total", 25345.0/117000)
	// 唐山市: contract via the mini-program 40000, walk-in pickup 1500, no
	// revenue a year before: no growth rate.
	ts := row(t, tb, "unit", "唐山市")
	expect(t, tb, ts, "revenue_0", 40000, "revenue_1", 1500, "revenue_2", 0, "revenue_total", 41500,
		"yoy_0", nil, "yoy_total", nil)
	// The province total is the sum of every office-month of 2026-06.
	total := tb.Rows[len(tb.Rows)-1]
	expect(t, tb, total, "unit", "全省合计", "revenue_0", 160000, "revenue_1", 18845, "revenue_2", 5000,
		"revenue_total", 183845, "yoy_total", (183845.0-117000)/117000)
}

func TestRevenueByMonth(t *testing.T) {
	r := revenue(fxOrg(), Scope{}, fxMonth, fxOfficeMonths)
	tb := table(t, r, "按月")
	if len(tb.Rows) != 12 || tb.Rows[0].Cells[0] != "2025-07" || tb.Rows[11].Cells[0] != "2026-06" {
		t.Fatalf("months: %v … %v (%d rows)", tb.Rows[0].Cells[0], tb.Rows[len(tb.Rows)-1].Cells[0], len(tb.Rows))
	}
	// 2025-07 has C's walk-in 999 and no base a year before.
	expect(t, tb, row(t, tb, "month", "2025-07"), "revenue_1", 999, "revenue_total", 999, "yoy_total", nil)
	// 2026-01: A's contract 10000 against 30000 in 2025-01.
	expect(t, tb, row(t, tb, "month", "2026-01"), "revenue_0", 10000, "yoy_0", -20000.0/30000)
	expect(t, tb, row(t, tb, "month", "2026-06"), "revenue_total", 183845)
	if tb.Chart == nil || len(tb.Chart.Series) != 3 {
		t.Errorf("chart: %+v", tb.Chart)
	}
}

func TestRevenueCityScope(t *testing.T) {
	r := revenue(fxOrg(), Scope{Level: ScopeCity, Code: "石家庄市"}, fxMonth, fxOfficeMonths)
	if r.Scope != "石家庄市" {
		t.Errorf("scope %q", r.Scope)
	}
	tb := table(t, r, "分营业部")
	if len(tb.Rows) != 3 {
		t.Fatalf("rows: %d, want the two offices and the total", len(tb.Rows))
	}
	expect(t, tb, row(t, tb, "unit", "长安营业部（13010001）"), "revenue_total", 110000)
	expect(t, tb, row(t, tb, "unit", "桥西营业部（13010002）"), "revenue_total", 32345)
	expect(t, tb, tb.Rows[2], "unit", "全市合计", "revenue_total", 142345)
	// The unit-by-month sheet: each office's 12 months and its subtotal.
	um := table(t, r, "营业部按月")
	expect(t, um, rowWhere(t, um, "unit", "长安营业部（13010001）", "month", "近12个月"),
		"revenue_0", 10000+90000+100000, "revenue_total", 10000+90000+110000)
}
