package report

import (
	"strings"
	"testing"
)

func fxBulletin() bulletinIn {
	return bulletinIn{month: fxMonth, customers: fxCustomers, oms: fxOfficeMonths, members: fxMembers, warnings: fxWarnings}
}

func TestBulletinFigures(t *testing.T) {
	r := bulletin(fxOrg(), Scope{}, fxBulletin())
	tb := table(t, r, "通报表")
	// 石家庄市: signed in 2026-06 K1 (A) and K6 (B); this year also K3.
	// Contract revenue 120000 against 105000; year to date A 10000 + 90000
	// + 100000 and B 20000 = 220000 against A 30000 + 80000 and B 25000.
	sjz := row(t, tb, "unit", "石家庄市")
	expect(t, tb, sjz, "rank", 1, "new_customers", 2, "new_customers_ytd", 3,
		"contract_revenue", 120000, "contract_revenue_yoy", 15000.0/105000,
		"contract_revenue_ytd", 220000, "contract_revenue_ytd_yoy", 85000.0/135000,
		"walkin_cash_revenue", 17345, "express_revenue", 142345, "walkin_cash_share", 17345.0/142345,
		"walkin_cash_share_change", 100*(17345.0/142345-11000.0/117000),
		"echannel_members", 2+1+1+1, "warnings", 2) // members: A on 3rd and 15th (one without recruiter), B on 30th
	// 唐山市: K4 signed in June, K5 in July (not counted); no revenue a
	// year before.
	ts := row(t, tb, "unit", "唐山市")
	expect(t, tb, ts, "rank", 2, "new_customers", 1, "new_customers_ytd", 1, "contract_revenue", 40000,
		"contract_revenue_yoy", nil, "contract_revenue_ytd", 40000, "walkin_cash_share", 1500.0/41500,
		"walkin_cash_share_change", nil, "echannel_members", 1, "warnings", 1)
	total := tb.Rows[len(tb.Rows)-1]
	expect(t, tb, total, "rank", nil, "unit", "全省合计", "new_customers", 3, "new_customers_ytd", 4,
		"contract_revenue", 160000, "contract_revenue_yoy", 55000.0/105000, "express_revenue", 183845,
		"echannel_members", 6, "warnings", 3)
}

func TestBulletinNarrative(t *testing.T) {
	r := bulletin(fxOrg(), Scope{}, fxBulletin())
	text := strings.Join(r.Narrative, "\n")
	for _, want := range []string{
		"2026年6月，全省新增协议客户 3 个，本年累计 4 个",
		"协议客户收入 0.16 万元，同比增长 52.4%", // 160000 fen; 55000/105000
		"本年累计 0.26 万元",              // 220000 + 40000 fen
		"石家庄市新增协议客户 2 个，居全省第一",
		"唐山市新增 1 个，居全省末位",
		"现费散户收入占比最高的是石家庄市（12.2%），最低的是唐山市（3.6%）",
		"电子渠道新增会员石家庄市最多（5 个），唐山市最少（1 个）",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("narrative lacks %q:\n%s", want, text)
		}
	}
}

func TestNarrativeNoNewCustomers(t *testing.T) {
	in := fxBulletin()
	in.customers = nil
	text := strings.Join(bulletin(fxOrg(), Scope{}, in).Narrative, "\n")
	if !strings.Contains(text, "本月全省各单位均无新增") || strings.Contains(text, "居全省第一") {
		t.Errorf("narrative with no new customers:\n%s", text)
	}
}

func TestPointsText(t *testing.T) {
	for _, c := range []struct {
		now, before any
		want        string
	}{
		{0.25, 0.20, "提高 5.0 个百分点"}, {0.20, 0.25, "下降 5.0 个百分点"},
		{0.2004, 0.2, "基本持平"}, {nil, 0.2, "无可比数据"},
	} {
		if got := pointsText(c.now, c.before); got != c.want {
			t.Errorf("pointsText(%v, %v) = %q, want %q", c.now, c.before, got, c.want)
		}
	}
}

func TestWan(t *testing.T) {
	for fen, want := range map[int64]string{0: "0.00 万元", 4999: "0.00 万元", 5000: "0.01 万元",
		123456789: "123.46 万元", -250000: "-0.25 万元"} {
		if got := wan(fen); got != want {
			t.Errorf("wan(%d) = %q, want %q", fen, got, want)
		}
	}
}

func TestBulletinCityScope(t *testing.T) {
	r := bulletin(fxOrg(), Scope{Level: ScopeCity, Code: "石家庄市"}, fxBulletin())
	tb := table(t, r, "通报表")
	// 长安: contract 100000, K1 signed in June; 桥西: contract 20000, K6 in June.
	expect(t, tb, tb.Rows[0], "rank", 1, "unit", "长安营业部（13010001）", "contract_revenue", 100000, "new_customers", 1)
	expect(t, tb, tb.Rows[1], "rank", 2, "unit", "桥西营业部（13010002）", "contract_revenue", 20000, "new_customers", 1)
	expect(t, tb, tb.Rows[2], "unit", "全市合计", "contract_revenue", 120000)
	if text := strings.Join(r.Narrative, "\n"); !strings.Contains(text, "2026年6月，全市新增协议客户 2 个") ||
		!strings.Contains(text, "各单位均新增 1 个") {
		t.Errorf("city narrative:\n%s", text)
	}
}
