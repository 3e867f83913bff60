package policy

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"postcrm"
	"postcrm/analysis"
	"postcrm/calendar"
)

var offices = []postcrm.Office{
	{Code: "13010001", Name: "石家庄裕华营业部", City: "石家庄市"},
	{Code: "13010002", Name: "石家庄长安营业部", City: "石家庄市"},
	{Code: "13020001", Name: "唐山路北营业部", City: "唐山市"},
}

// history is a customer of office with n days of history ending on end.
func history(code, office string, end postcrm.Date, n int) analysis.CustomerHistory {
	return analysis.CustomerHistory{Customer: postcrm.Customer{Code: code, OfficeCode: office},
		First: end.AddDays(1 - n), Items: make([]int32, n), Fen: make([]int64, n)}
}

// openOn is the customer's Open on day, 1 without one.
func openOn(h *analysis.CustomerHistory, day postcrm.Date) float64 {
	if h.Open == nil {
		return 1
	}
	return float64(h.Open[postcrm.DaysBetween(h.First, day)])
}

// shanghaiShop sends 70% of its items to 上海, the rest to 北京; 60% of
// them 标准快递, 40% 特快专递.
func shanghaiShop(code string) Mix {
	m := Mix{}
	for _, r := range []postcrm.MixRow{
		{CustomerCode: code, Month: 202505, Dim: "d", Value: "上海", Items: 70},
		{CustomerCode: code, Month: 202505, Dim: "d", Value: "北京", Items: 30},
		{CustomerCode: code, Month: 202505, Dim: "p", Value: "标准快递", Items: 60},
		{CustomerCode: code, Month: 202505, Dim: "p", Value: "特快专递", Items: 40},
	} {
		m.Add(r)
	}
	return m
}

func adj(id, scope string, kind postcrm.AdjustmentKind, from, to postcrm.Date, values ...string) postcrm.Adjustment {
	a := postcrm.Adjustment{ID: id, Scope: scope, Kind: kind, From: from, To: to, Status: postcrm.AdjustApproved}
	switch kind {
	case postcrm.AdjustDestination:
		a.Provinces = values
	case postcrm.AdjustProduct:
		a.Products = values
	}
	return a
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-6 }

// TestReduceKindsAndScopes: each kind in each scope sets the share of the
// customer's usual items left on the days it is in force, and nothing
// outside its days or its scope.
func TestReduceKindsAndScopes(t *testing.T) {
	end := postcrm.Date(20250630)
	cases := []struct {
		name   string
		a      postcrm.Adjustment
		office string
		open   float64 // on 2025-06-10
	}{
		{"province destination", adj("1", postcrm.ScopeProvince, postcrm.AdjustDestination, 20250601, 20250620, "上海"), "13020001", 0.3},
		{"province two destinations", adj("1", postcrm.ScopeProvince, postcrm.AdjustDestination, 20250601, 20250620, "上海", "北京"), "13010001", 0},
		{"city product", adj("1", "石家庄市", postcrm.AdjustProduct, 20250601, 20250620, "特快专递"), "13010002", 0.6},
		{"city product, other city", adj("1", "唐山市", postcrm.AdjustProduct, 20250601, 20250620, "特快专递"), "13010002", 1},
		{"office suspension", adj("1", "13010001", postcrm.AdjustSuspend, 20250601, 20250620), "13010001", 0},
		{"office suspension, other office", adj("1", "13010001", postcrm.AdjustSuspend, 20250601, 20250620), "13010002", 1},
		{"city suspension", adj("1", "唐山市", postcrm.AdjustSuspend, 20250605, 0), "13020001", 0},
		{"destination it never sends to", adj("1", postcrm.ScopeProvince, postcrm.AdjustDestination, 20250601, 20250620, "新疆"), "13010001", 1},
	}
	for _, c := range cases {
		hs := []analysis.CustomerHistory{history("C1", c.office, end, 365)}
		eff := Reduce(hs, []postcrm.Adjustment{c.a}, offices, shanghaiShop("C1"), 202506)
		h := &hs[0]
		if got := openOn(h, 20250610); !near(got, c.open) {
			t.Errorf("%s: open on 06-10 = %.3f, want %.3f", c.name, got, c.open)
		}
		if got := openOn(h, 20250531); got != 1 {
			t.Errorf("%s: open the day before = %.3f, want 1", c.name, got)
		}
		if c.a.To != 0 {
			if got := openOn(h, c.a.To.AddDays(1)); got != 1 {
				t.Errorf("%s: open the day after = %.3f, want 1", c.name, got)
			}
		}
		if touched := eff.Touched("C1"); touched != (c.open < 1) {
			t.Errorf("%s: touched = %v, want %v", c.name, touched, c.open < 1)
		}
	}
}

// TestReduceOverlapping: two adjustments in force on the same day refuse
// their union, each share counted once.
func TestReduceOverlapping(t *testing.T) {
	end := postcrm.Date(20250630)
	hs := []analysis.CustomerHistory{history("C1", "13010001", end, 365)}
	adjs := []postcrm.Adjustment{
		adj("1", postcrm.ScopeProvince, postcrm.AdjustDestination, 20250601, 20250620, "上海"),
		adj("2", "石家庄市", postcrm.AdjustDestination, 20250610, 20250625, "上海", "北京"),
		adj("3", "13010001", postcrm.AdjustProduct, 20250615, 20250630, "特快专递"),
	}
	eff := Reduce(hs, adjs, offices, shanghaiShop("C1"), 202506)
	h := &hs[0]
	for day, want := range map[postcrm.Date]float64{
		20250605: 0.3,             // 上海 only
		20250612: 0,               // 上海 twice and 北京: everything
		20250622: 0,               // all destinations and 特快专递
		20250628: 0.6,             // 特快专递 alone
		20250601: 0.3,             // first day of the first
		20250626: 1 - 0.4*1 + 0.0, // 特快专递 alone
	} {
		if got := openOn(h, day); !near(got, want) {
			t.Errorf("open on %s = %.3f, want %.3f", day, got, want)
		}
	}
	ws := []postcrm.Warning{{CustomerCode: "C1", Reason: "本月少寄"}}
	eff.Explain(ws)
	for _, want := range []string{"6 月 1–20 日全省暂停收寄寄往上海的邮件，已按该客户平时约七成邮件寄往上海扣除",
		"石家庄市暂停收寄寄往上海、北京的邮件", "6 月 15–30 日石家庄裕华营业部暂停收寄特快专递，已按该客户平时约四成邮件为特快专递扣除"} {
		if !strings.Contains(ws[0].Reason, want) {
			t.Errorf("reason %q lacks %q", ws[0].Reason, want)
		}
	}
}

// jointShop is a customer whose products depend on where it sends them:
// rows of (province, product, items), counted on every dimension.
func jointShop(code string, rows ...struct {
	province, product string
	items             int64
}) Mix {
	m := Mix{}
	for _, r := range rows {
		m.Add(postcrm.MixRow{CustomerCode: code, Month: 202505, Dim: postcrm.MixDest, Value: r.province, Items: r.items})
		m.Add(postcrm.MixRow{CustomerCode: code, Month: 202505, Dim: postcrm.MixProduct, Value: r.product, Items: r.items})
		m.Add(postcrm.MixRow{CustomerCode: code, Month: 202505, Dim: postcrm.MixJoint,
			Value: postcrm.JointValue(r.province, r.product), Items: r.items})
	}
	return m
}

// TestReduceDestinationAndProduct: a refusal of a province and one of a
// product in force over the same customer take out the items refused by
// either, each once, by the customer's own joint mix, where independence
// would count wrong: a shop sending all its 特快专递 to 北京 loses under
// both refusals only what it sends to 北京 (40%: independence says
// 64%); one sending 特快专递 only to 上海 and 标准快递 to 北京 loses both
// (70%: independence says 58%). A customer without a joint mix (a store
// filled before it was kept) falls back to independence.
func TestReduceDestinationAndProduct(t *testing.T) {
	type row = struct {
		province, product string
		items             int64
	}
	end := postcrm.Date(20250630)
	adjs := []postcrm.Adjustment{
		adj("1", postcrm.ScopeProvince, postcrm.AdjustDestination, 20250601, 20250620, "北京"),
		adj("2", "石家庄市", postcrm.AdjustProduct, 20250610, 20250630, "特快专递"),
	}
	mix := jointShop("C1", row{"北京", "特快专递", 40}, row{"上海", "标准快递", 60})
	for code, s := range jointShop("C2", row{"北京", "标准快递", 30}, row{"上海", "特快专递", 40}, row{"上海", "标准快递", 30}) {
		mix[code] = s
	}
	for code, s := range shanghaiShop("C3") { // no joint rows
		mix[code] = s
	}
	hs := []analysis.CustomerHistory{
		history("C1", "13010001", end, 365), history("C2", "13010002", end, 365), history("C3", "13010001", end, 365),
	}
	Reduce(hs, adjs, offices, mix, 202506)
	for i, days := range []map[postcrm.Date]float64{
		{20250605: 0.6, 20250615: 0.6, 20250625: 0.6},
		{20250605: 0.7, 20250615: 0.3, 20250625: 0.6},
		{20250605: 0.7, 20250615: 0.7 * 0.6, 20250625: 0.6},
	} {
		h := &hs[i]
		for day, want := range days {
			if got := openOn(h, day); !near(got, want) {
				t.Errorf("%s: open on %s = %.3f, want %.3f", h.Customer.Code, day, got, want)
			}
		}
	}
	// The independent product of C1's shares is what the joint mix
	// corrects: the test would not tell the two apart otherwise.
	if ind := (1 - 0.4) * (1 - 0.4); near(openOn(&hs[0], 20250615), ind) {
		t.Fatalf("C1's joint and independent shares agree (%.3f)", ind)
	}
}

// TestReduceAnnouncedAndLifted: an adjustment announced for after the
// data ends changes nothing yet; one lifted early stops on its new last
// day; a draft or a refused request changes nothing.
func TestReduceAnnouncedAndLifted(t *testing.T) {
	end := postcrm.Date(20250630)
	ahead := adj("1", postcrm.ScopeProvince, postcrm.AdjustDestination, 20250705, 20250720, "上海")
	lifted := adj("2", postcrm.ScopeProvince, postcrm.AdjustDestination, 20250601, 20250610, "上海")
	lifted.Status = postcrm.AdjustLifted
	draft := adj("3", postcrm.ScopeProvince, postcrm.AdjustSuspend, 20250601, 20250630)
	draft.Status = postcrm.AdjustDrafted
	refused := adj("4", postcrm.ScopeProvince, postcrm.AdjustSuspend, 20250601, 20250630)
	refused.Status = postcrm.AdjustRefused

	hs := []analysis.CustomerHistory{history("C1", "13010001", end, 365)}
	if eff := Reduce(hs, []postcrm.Adjustment{ahead, draft, refused}, offices, shanghaiShop("C1"), 202506); hs[0].Open != nil || eff.Touched("C1") {
		t.Errorf("announced, drafted and refused adjustments changed the expectation")
	}
	Reduce(hs, []postcrm.Adjustment{lifted}, offices, shanghaiShop("C1"), 202506)
	if got := openOn(&hs[0], 20250610); !near(got, 0.3) {
		t.Errorf("open on the lifted adjustment's last day = %.3f, want 0.3", got)
	}
	if got := openOn(&hs[0], 20250611); got != 1 {
		t.Errorf("open the day after lifting = %.3f, want 1", got)
	}
}

// TestReduceWithoutOwnMix: a customer without a mix of its own is taken
// to send as all customers together do.
func TestReduceWithoutOwnMix(t *testing.T) {
	end := postcrm.Date(20250630)
	hs := []analysis.CustomerHistory{history("C2", "13010001", end, 365)}
	Reduce(hs, []postcrm.Adjustment{adj("1", postcrm.ScopeProvince, postcrm.AdjustDestination, 20250601, 20250620, "上海")},
		offices, shanghaiShop("C1"), 202506)
	if got := openOn(&hs[0], 20250610); !near(got, 0.3) {
		t.Errorf("open = %.3f, want the average customer's 0.3", got)
	}
}

// TestAnalysisHonoursRefusal: in a synthetic province of office
// customers, one that sends 70% of its items to 上海 loses them while
// 上海 is refused for 20 days: without the adjustment the analysis
// warns it, with it not; one that also fell by much more is still
// warned, its reason naming the adjustment.
func TestAnalysisHonoursRefusal(t *testing.T) {
	cal := calendar.Default()
	const month = 202506
	end := postcrm.Date(20250630)
	start := postcrm.Date(20230701)
	n := postcrm.DaysBetween(start, end) + 1
	rng := rand.New(rand.NewPCG(7, 11))
	mix := Mix{}
	var hs []analysis.CustomerHistory
	// To the month's end: a shortfall that ends 10 days before it counts
	// as recovered, warned or not.
	refusal := adj("TZ25-01", postcrm.ScopeProvince, postcrm.AdjustDestination, 20250608, 20250630, "上海")
	for i := range 240 {
		code := "C" + string(rune('A'+i/26)) + string(rune('a'+i%26))
		h := history(code, offices[i%len(offices)].Code, end, n)
		h.Customer.ContractDate = 20230101
		share := 0.03 // the usual customer sends little to 上海
		factor := 1.0
		switch code {
		case "CAa": // a shop whose month fell by what was refused only
			share = 0.7
		case "CAb": // a shop that also really declined
			share, factor = 0.7, 0.25
		}
		for j := range n {
			d := start.AddDays(j)
			if !cal.IsWorkday(d) {
				continue
			}
			mean := 12.0
			if d >= 20250601 {
				mean *= factor
			}
			items := poisson(rng, mean)
			if refusal.InForce(d) {
				items = thin(rng, items, 1-share)
			}
			h.Items[j] = int32(items)
			h.Fen[j] = int64(items) * 800
		}
		mix.Add(postcrm.MixRow{CustomerCode: code, Month: 202505, Dim: "d", Value: "上海", Items: int64(1000 * share)})
		mix.Add(postcrm.MixRow{CustomerCode: code, Month: 202505, Dim: "d", Value: "河北", Items: int64(1000 * (1 - share))})
		hs = append(hs, h)
	}
	warned := func(ws []postcrm.Warning) map[string]string {
		out := map[string]string{}
		for _, w := range ws {
			out[w.CustomerCode] = w.Reason
		}
		return out
	}
	cfg := analysis.DefaultConfig()
	plain, err := analysis.Analyze(month, hs, cal, nil, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := warned(plain.Warnings)["CAa"]; !ok {
		t.Fatalf("without the adjustment the shop that lost its 上海 items is not warned: the test shows nothing")
	}
	eff := Reduce(hs, []postcrm.Adjustment{refusal}, offices, mix, month)
	res, err := analysis.Analyze(month, hs, cal, nil, cfg)
	if err != nil {
		t.Fatal(err)
	}
	eff.Explain(res.Warnings)
	got := warned(res.Warnings)
	if _, ok := got["CAa"]; ok {
		t.Errorf("the shop whose month fell only by the refused 上海 items is warned: %s", got["CAa"])
	}
	reason, ok := got["CAb"]
	if !ok {
		t.Fatalf("the shop that really declined under the refusal is not warned")
	}
	if !strings.Contains(reason, "6 月 8–30 日全省暂停收寄寄往上海的邮件，已按该客户平时约七成邮件寄往上海扣除") {
		t.Errorf("its reason does not name the adjustment: %s", reason)
	}
	if len(res.Warnings) > len(plain.Warnings) {
		t.Errorf("the adjustment added warnings: %d against %d", len(res.Warnings), len(plain.Warnings))
	}
}

func poisson(r *rand.Rand, mean float64) int {
	l, k, p := math.Exp(-mean), 0, 1.0
	for {
		p *= r.Float64()
		if p <= l {
			return k
		}
		k++
	}
}

// thin keeps each of n items with probability keep.
func thin(r *rand.Rand, n int, keep float64) int {
	out := 0
	for range n {
		if r.Float64() < keep {
			out++
		}
	}
	return out
}
