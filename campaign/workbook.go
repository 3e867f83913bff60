package campaign

import (
	"fmt"
	"sort"
	"strings"

	"postcrm"
)

// methodNotes say how the effect is measured, a sentence each (a
// workbook's note is at most two lines).
var methodNotes = []string{
	"效果按“双重差分”计算：参加活动的营业部为实验组，同地市（不足 5 个时为全省）未参加活动、活动前已有业务的营业部为对照组。",
	"每个营业部算出活动期间每周新增会员（散户收入）比活动前每周的变化；实验组平均变化减去对照组平均变化，即为活动带来的增量（每营业部每周）。",
	"95% 区间按营业部计算（每个营业部算一个数，Welch t 区间），不把同一营业部的各天当作独立样本；活动前的比较期与活动期间等长，至少 8 周。",
	"增量会员、增量收入 = 每营业部每周增量 × 营业部数 × 周数；每个增量会员的礼品成本 = 礼品总成本 ÷ 增量会员。",
}

// Method is the method as one paragraph, for the page and the API.
var Method = strings.Join(methodNotes, "")

// Workbook is the campaign's workbook as a report: the gifts one a row
// with their total, the gifts by office, and the effect with its method.
// Gifts are those the reader sees; the campaign's own count and cost
// (all gifts, against the budget) head the first sheet.
func Workbook(c postcrm.CampaignSummary, gifts []postcrm.Gift, offices map[string]postcrm.Office, e Effect, scope string) postcrm.Report {
	r := postcrm.Report{Name: "campaign", Title: c.Name + " 活动报表", Period: c.From.String() + " 至 " + c.To.String(), Scope: scope}
	r.Narrative = append(r.Narrative, fmt.Sprintf("活动共发放礼品 %d 份（%s），成本 %s 元，预算 %s 元，余 %s 元。",
		c.Gifts, c.Gift, postcrm.Yuan(c.CostFen), postcrm.Yuan(c.BudgetFen), postcrm.Yuan(c.BudgetFen-c.CostFen)))
	r.Narrative = append(r.Narrative, Summary(e)...)
	detail := postcrm.Table{Name: "礼品明细", Title: "礼品发放明细", Columns: []postcrm.Column{
		{Key: "waybill_no", Header: "运单号", Kind: postcrm.ColText},
		{Key: "phone", Header: "手机号", Kind: postcrm.ColText},
		{Key: "office", Header: "营业部", Kind: postcrm.ColText},
		{Key: "day", Header: "收寄日期", Kind: postcrm.ColDate},
		{Key: "gift", Header: "礼品", Kind: postcrm.ColText},
		{Key: "count", Header: "份数", Kind: postcrm.ColInt},
		{Key: "cost", Header: "成本(元)", Kind: postcrm.ColFen},
		{Key: "source", Header: "登记方式", Kind: postcrm.ColText},
		{Key: "recorded_by", Header: "登记人", Kind: postcrm.ColText},
	}}
	type sum struct {
		n    int64
		cost int64
	}
	by := map[string]*sum{}
	var total sum
	for _, g := range gifts {
		source := "柜台登记"
		if g.Source == postcrm.GiftImported {
			source = "导入"
		}
		detail.Rows = append(detail.Rows, postcrm.Row{Cells: []any{g.WaybillNo, g.Phone, officeLabel(offices, g.OfficeCode),
			g.Day.String(), c.Gift, int64(1), g.CostFen, source, g.RecordedBy}})
		s := by[g.OfficeCode]
		if s == nil {
			s = &sum{}
			by[g.OfficeCode] = s
		}
		s.n++
		s.cost += g.CostFen
		total.n++
		total.cost += g.CostFen
	}
	detail.Rows = append(detail.Rows, postcrm.Row{Level: postcrm.RowTotal, Cells: []any{"合计", "", "", "", "", total.n, total.cost, "", ""}})
	byOffice := postcrm.Table{Name: "按营业部", Title: "礼品按营业部", Columns: []postcrm.Column{
		{Key: "office", Header: "营业部", Kind: postcrm.ColText},
		{Key: "count", Header: "份数", Kind: postcrm.ColInt},
		{Key: "cost", Header: "成本(元)", Kind: postcrm.ColFen},
	}}
	codes := make([]string, 0, len(by))
	for code := range by {
		codes = append(codes, code)
	}
	sort.Strings(codes)
	for _, code := range codes {
		byOffice.Rows = append(byOffice.Rows, postcrm.Row{Cells: []any{officeLabel(offices, code), by[code].n, by[code].cost}})
	}
	byOffice.Rows = append(byOffice.Rows, postcrm.Row{Level: postcrm.RowTotal, Cells: []any{"合计", total.n, total.cost}})
	r.Tables = []postcrm.Table{detail, byOffice}
	if e.OK {
		r.Tables = append(r.Tables, effectTable(e))
	}
	r.Notes = append(append([]string(nil), methodNotes...), "礼品明细只列本人权限范围内的礼品；首段的份数、成本是活动全部礼品。")
	return r
}

func officeLabel(offices map[string]postcrm.Office, code string) string {
	if o, ok := offices[code]; ok {
		return o.Name + "（" + code + "）"
	}
	return code
}

func effectTable(e Effect) postcrm.Table {
	t := postcrm.Table{Name: "活动效果", Title: "活动效果（每个营业部每周，双重差分）", Columns: []postcrm.Column{
		{Key: "measure", Header: "指标", Kind: postcrm.ColText},
		{Key: "treated_before", Header: "活动营业部·活动前", Kind: postcrm.ColText},
		{Key: "treated_during", Header: "活动营业部·活动期间", Kind: postcrm.ColText},
		{Key: "control_before", Header: "对照营业部·活动前", Kind: postcrm.ColText},
		{Key: "control_during", Header: "对照营业部·活动期间", Kind: postcrm.ColText},
		{Key: "effect", Header: "增量", Kind: postcrm.ColText},
		{Key: "low", Header: "95%下限", Kind: postcrm.ColText},
		{Key: "high", Header: "95%上限", Kind: postcrm.ColText},
	}}
	row := func(name string, x Estimate, format string) postcrm.Row {
		f := func(v float64) any { return fmt.Sprintf(format, v) }
		return postcrm.Row{Cells: []any{name, f(x.TreatedBefore), f(x.TreatedDuring), f(x.ControlBefore), f(x.ControlDuring), f(x.Diff), f(x.Low), f(x.High)}}
	}
	t.Rows = []postcrm.Row{row("新增会员（人）", e.Members, "%.2f"), row("散户收入（元）", e.Revenue, "%.1f")}
	return t
}

// Summary is the effect in a few Chinese sentences, for the page, the
// workbook and the command line.
func Summary(e Effect) []string {
	if !e.OK {
		return []string{"效果：" + e.Reason + "。"}
	}
	where := "全省"
	if e.ControlsInCity {
		where = "同地市"
	}
	out := []string{
		fmt.Sprintf("比较：活动期间 %s 至 %s（%.1f 周）与活动前 %s 至 %s；参加活动的营业部 %d 个，对照为%s未参加的营业部 %d 个。",
			e.During[0], e.During[1], e.Weeks, e.Before[0], e.Before[1], e.Treated, where, e.Controls),
		fmt.Sprintf("新增会员：每个营业部每周多 %.2f 人（95%% 区间 %.2f 至 %.2f），合计增量会员约 %.0f 人（%.0f 至 %.0f）。",
			e.Members.Diff, e.Members.Low, e.Members.High, e.IncMembers, e.IncMembersLow, e.IncMembersHigh),
		fmt.Sprintf("散户收入：每个营业部每周多 %.1f 元（95%% 区间 %.1f 至 %.1f），合计增量收入约 %.0f 元（%.0f 至 %.0f）。",
			e.Revenue.Diff, e.Revenue.Low, e.Revenue.High, e.IncRevenue, e.IncRevenueLow, e.IncRevenueHigh),
	}
	if e.CostKnown {
		high := "无上限：区间含零增量"
		if e.CostHighKnown {
			high = fmt.Sprintf("%.2f 元", e.CostPerMemberHigh)
		}
		out = append(out, fmt.Sprintf("每个增量会员的礼品成本 %.2f 元（%.2f 至 %s）；每 1 元礼品带来增量收入 %.2f 元（%.2f 至 %.2f）。",
			e.CostPerMember, e.CostPerMemberLow, high, e.RevenuePerCost, e.RevenuePerCostLow, e.RevenuePerCostHigh))
	} else {
		out = append(out, "增量会员的估计不大于零，无法计算每个增量会员的礼品成本。")
	}
	out = append(out, returnSentence("活动营业部", e.Return)+returnSentence("；对照营业部", e.Base)+"。")
	if e.Partial {
		out = append(out, "收寄数据尚未覆盖整个活动期间，以上只计到 "+e.During[1].String()+"。")
	}
	return out
}

func returnSentence(who string, r Returns) string {
	s := fmt.Sprintf("%s期间注册会员 %d 人", who, r.Recruited)
	if r.N30 > 0 {
		s += fmt.Sprintf("，30 天内再寄 %.0f%%（%d/%d）", 100*r.Share30, r.Back30, r.N30)
	} else {
		s += "，30 天再寄率尚无数据"
	}
	if r.N90 > 0 {
		s += fmt.Sprintf("，90 天内再寄 %.0f%%（%d/%d）", 100*r.Share90, r.Back90, r.N90)
	} else {
		s += "，90 天再寄率待满 90 天后计算"
	}
	return s
}
