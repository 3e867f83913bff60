package refund

import (
	"fmt"
	"slices"

	"postcrm"
)

// Workbook is the report as a postcrm.Report for the workbook writer
// and the report page: the scope's figures, the offices', and the cases
// opened by reason (which sum to the cases opened). names gives an
// office's name by code.
func (r Report) Workbook(scope string, names map[string]string) postcrm.Report {
	stepCols := func() []postcrm.Column {
		var cs []postcrm.Column
		for _, s := range StepNames {
			l := StepLabels[s]
			cs = append(cs,
				postcrm.Column{Key: s + "_n", Header: l + "件数", Kind: postcrm.ColInt},
				postcrm.Column{Key: s + "_median_hours", Header: l + "中位数（小时）", Kind: postcrm.ColScore},
				postcrm.Column{Key: s + "_p90_hours", Header: l + "90分位（小时）", Kind: postcrm.ColScore})
		}
		return cs
	}
	counts := []postcrm.Column{
		{Key: "opened", Header: "受理", Kind: postcrm.ColInt},
		{Key: "closed", Header: "办结", Kind: postcrm.ColInt},
		{Key: "rejected", Header: "驳回", Kind: postcrm.ColInt},
		{Key: "open_at_end", Header: "月末未办结", Kind: postcrm.ColInt},
		{Key: "overdue", Header: "月末逾期", Kind: postcrm.ColInt},
	}
	cells := func(f Figures) []any {
		c := []any{int64(f.Opened), int64(f.Closed), int64(f.Rejected), int64(f.OpenAtEnd), int64(f.Overdue)}
		for _, s := range []StepStats{f.Steps.Verify, f.Steps.Approve, f.Steps.Pay} {
			c = append(c, int64(s.N), s.MedianHours, s.P90Hours)
		}
		return append(c, int64(math2fen(f.RefundedYuan)))
	}
	refunded := postcrm.Column{Key: "refunded", Header: "退费金额（元）", Kind: postcrm.ColFen}
	cols := append(append(slices.Clone(counts), stepCols()...), refunded)

	total := postcrm.Table{Name: "概况", Title: "当月汇总",
		Columns: append([]postcrm.Column{{Key: "scope", Header: "范围", Kind: postcrm.ColText}}, cols...),
		Rows:    []postcrm.Row{{Level: postcrm.RowTotal, Cells: append([]any{scope}, cells(r.Figures)...)}}}

	offices := postcrm.Table{Name: "各营业部", Title: "各营业部的退费和各环节用时（环节按结束时间计入当月）",
		Columns: append(append([]postcrm.Column{{Key: "office", Header: "营业部", Kind: postcrm.ColText}}, cols...),
			postcrm.Column{Key: "bottleneck", Header: "瓶颈环节", Kind: postcrm.ColText})}
	for _, o := range r.Offices {
		name := o.OfficeCode
		if n := names[o.OfficeCode]; n != "" {
			name = fmt.Sprintf("%s（%s）", n, o.OfficeCode)
		}
		row := append([]any{name}, cells(o.Figures)...)
		offices.Rows = append(offices.Rows, postcrm.Row{Cells: append(row, StepLabels[o.Bottleneck])})
	}

	reasons := postcrm.Table{Name: "退费原因", Title: "当月受理的案件按退费原因",
		Columns: []postcrm.Column{{Key: "reason", Header: "退费原因", Kind: postcrm.ColText}, {Key: "cases", Header: "受理件数", Kind: postcrm.ColInt}}}
	keys := make([]string, 0, len(r.ByReason))
	for k := range r.ByReason {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int { return r.ByReason[b] - r.ByReason[a] })
	sum := 0
	for _, k := range keys {
		reasons.Rows = append(reasons.Rows, postcrm.Row{Cells: []any{k, int64(r.ByReason[k])}})
		sum += r.ByReason[k]
	}
	reasons.Rows = append(reasons.Rows, postcrm.Row{Level: postcrm.RowTotal, Cells: []any{"合计", int64(sum)}})

	return postcrm.Report{Name: "refunds", Title: "退件邮费退还月报", Period: r.Month, Scope: scope,
		Tables: []postcrm.Table{total, offices, reasons},
		Notes: []string{
			"核实：受理或退回核实到核实通过或驳回；审批：核实通过到审批通过、驳回或退回；退款：审批通过到退款成功。",
			"每个环节计入它结束的那个月；中位数和90分位按名次线性插值（同 Excel PERCENTILE.INC）。",
			"瓶颈环节：当月用时中位数最长的环节。月末逾期：月末仍未办结、且所在环节已过时限的案件。",
		}}
}

func math2fen(yuan float64) int64 {
	if yuan < 0 {
		return int64(yuan*100 - 0.5)
	}
	return int64(yuan*100 + 0.5)
}
