package report

import (
	"cmp"
	"context"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"postcrm"
)

// trendMonths is how many months the quality trend covers.
const trendMonths = 6

// Figures of a data-quality line.
const (
	qItems           = iota                       // items accepted this month
	qRejected                                     // rows rejected in files imported this month
	qUnknownCustomer                              // … of waybills naming an unknown customer
	qUnknownCourier                               // waybills kept with an unknown courier
	qNoPhone                                      // walk-in waybills without a valid phone
	qCustomers                                    // contract customers checked (not terminated)
	qNoContact                                    // … without a contact phone
	qNoIndustry                                   // … without an industry
	qUnowned                                      // … without an owner
	qDuplicate                                    // … suspected duplicates
	qBadCustomers                                 // … with at least one of these
	qProblemRows                                  // trendMonths figures: rows with a finding, oldest month first
	qRows            = qProblemRows + trendMonths // trendMonths figures: rows checked
	qWidth           = qRows + trendMonths
)

// qualityIn is what the data-quality report is computed from.
type qualityIn struct {
	month     postcrm.Month
	customers []postcrm.Customer
	findings  []postcrm.Finding
	runs      []postcrm.ImportRun
	oms       []postcrm.OfficeMonth // the trend's months
}

func buildQuality(ctx context.Context, src Source, req Request, o *org) (postcrm.Report, error) {
	in := qualityIn{month: req.Month}
	var err error
	if in.customers, err = src.Customers(ctx); err != nil {
		return postcrm.Report{}, err
	}
	if in.findings, err = src.Findings(ctx, ""); err != nil {
		return postcrm.Report{}, err
	}
	if in.runs, err = src.ImportRuns(ctx); err != nil {
		return postcrm.Report{}, err
	}
	if in.oms, err = src.OfficeMonths(ctx, req.Month.Add(1-trendMonths), req.Month); err != nil {
		return postcrm.Report{}, err
	}
	return quality(o, req.Scope, in), nil
}

// datedName finds the month in an export's file name: 2026-10, 202610,
// 20261015, 2026年10月.
var datedName = regexp.MustCompile(`(20\d\d)(?:[-_.]?(0[1-9]|1[0-2])|年(1[0-2]|[1-9])月)`)

// findingMonths maps each source file to the month its findings count in.
// A finding carries no date of its own: the month in the file's name,
// which daily and monthly exports carry, else the month the file was
// first imported in.
func findingMonths(runs []postcrm.ImportRun) map[string]postcrm.Month {
	out := make(map[string]postcrm.Month)
	for _, r := range runs {
		m := postcrm.DateOf(r.StartedAt).YearMonth()
		if old, ok := out[r.Source]; !ok || m < old {
			out[r.Source] = m
		}
	}
	for source := range out {
		if d := datedName.FindStringSubmatch(source); d != nil {
			y, _ := strconv.Atoi(d[1])
			m, _ := strconv.Atoi(d[2] + d[3])
			out[source] = postcrm.Month(y*100 + m)
		}
	}
	return out
}

// customerIssue is one problem of a contract customer's master data.
type customerIssue struct {
	field, reason, value string
	figure               int
}

// customerIssues checks the customers that are not terminated: missing
// contact phone, industry or owner, and the same name or contact phone
// under more than one customer code.
func customerIssues(customers []postcrm.Customer) map[string][]customerIssue {
	byName, byPhone := make(map[string][]string), make(map[string][]string)
	var checked []postcrm.Customer
	for _, c := range customers {
		if c.Status == postcrm.StatusTerminated {
			continue
		}
		checked = append(checked, c)
		byName[strings.TrimSpace(c.Name)] = append(byName[strings.TrimSpace(c.Name)], c.Code)
		if c.ContactPhone != "" {
			byPhone[c.ContactPhone] = append(byPhone[c.ContactPhone], c.Code)
		}
	}
	others := func(codes []string, self string) string {
		var o []string
		for _, c := range codes {
			if c != self {
				o = append(o, c)
			}
		}
		return strings.Join(o, "、")
	}
	out := make(map[string][]customerIssue, len(checked))
	for _, c := range checked {
		is := []customerIssue{}
		if c.ContactPhone == "" {
			is = append(is, customerIssue{"联系电话", "缺联系电话", "", qNoContact})
		}
		if strings.TrimSpace(c.Industry) == "" {
			is = append(is, customerIssue{"行业", "缺行业", "", qNoIndustry})
		}
		if c.OwnerStaffID == "" {
			is = append(is, customerIssue{"管户人工号", "未管户", "", qUnowned})
		}
		if codes := byName[strings.TrimSpace(c.Name)]; len(codes) > 1 {
			is = append(is, customerIssue{"客户名称", "疑似重复客户：与 " + others(codes, c.Code) + " 同名", c.Name, qDuplicate})
		}
		if codes := byPhone[c.ContactPhone]; c.ContactPhone != "" && len(codes) > 1 {
			is = append(is, customerIssue{"联系电话", "疑似重复客户：与 " + others(codes, c.Code) + " 电话相同", c.ContactPhone, qDuplicate})
		}
		out[c.Code] = is
	}
	return out
}

// quality counts the problems per office: findings of the files imported
// in the month, and checks of the contract customers' master data; scores
// each office per month; and lists the offending records.
func quality(o *org, sc Scope, in qualityIn) postcrm.Report {
	first := in.month.Add(1 - trendMonths)
	set := newLineSet(qWidth, 2)
	for code := range o.offices {
		if o.in(sc, code) {
			set.at(o.city(code), o.officeName(code))
		}
	}
	at := func(office string) *line { return set.at(o.city(office), o.officeName(office)) }
	for _, m := range in.oms {
		if i := m.Month.Since(first); i >= 0 && i < trendMonths && o.in(sc, m.OfficeCode) {
			l := at(m.OfficeCode)
			l.v[qRows+i] += m.Items
			if m.Month == in.month {
				l.v[qItems] += m.Items
			}
		}
	}

	var records []line
	record := func(office, source string, lineNo int, field, reason, message, value, handling string) {
		records = append(records, line{labels: []string{o.city(office), o.officeName(office), source,
			field, reason, message, value, handling}, v: []int64{int64(lineNo)}})
	}
	imported := findingMonths(in.runs)
	reasons := newLineSet(2, 4)
	problemRows := make(map[string]bool)
	for _, f := range in.findings {
		m, ok := imported[f.Source]
		if !ok || m < first || m > in.month || !o.in(sc, f.OfficeCode) {
			continue
		}
		l, i := at(f.OfficeCode), m.Since(first)
		if key := fmt.Sprintf("%s\x00%d", f.Source, f.Line); !problemRows[key] {
			problemRows[key] = true
			l.v[qProblemRows+i]++
			if f.Rejected {
				l.v[qRows+i]++ // a rejected row is not among the items
				if m == in.month {
					l.v[qRejected]++
				}
			}
		}
		if m != in.month {
			continue
		}
		countFinding(l, f)
		r := reasons.at(o.city(f.OfficeCode), o.officeName(f.OfficeCode), f.Source, f.Reason.Label())
		r.v[pick(f.Rejected, 0, 1)]++
		handling := "已入库，请核对"
		if f.Rejected {
			handling = "未入库，改正后重新导入"
		}
		record(f.OfficeCode, f.Source, f.Line, f.Field, f.Reason.Label(), f.Message, f.Value, handling)
	}

	issues := customerIssues(in.customers)
	for _, c := range in.customers {
		is, checked := issues[c.Code]
		if !checked || !o.in(sc, c.OfficeCode) {
			continue
		}
		l := at(c.OfficeCode)
		l.v[qCustomers]++
		if len(is) > 0 {
			l.v[qBadCustomers]++
		}
		dup := false
		for _, x := range is {
			if x.figure != qDuplicate || !dup {
				l.v[x.figure]++
			}
			dup = dup || x.figure == qDuplicate
			record(c.OfficeCode, "协议客户资料 "+c.Code+" "+c.Name, 0, x.field, x.reason, "", x.value, "请在 CRM 中补全或核对")
		}
	}

	r := newReport("quality", in.month.String(), o, sc)
	summary := []col{
		label(0, "city", "地市"), label(1, "office", "营业部"),
		count(qItems, "items", "本月收寄件数"),
		count(qRejected, "rejected_rows", "拒收行数"),
		count(qUnknownCustomer, "unknown_customer", "客户代码不存在的邮件"),
		count(qUnknownCourier, "unknown_courier", "揽投员不存在的邮件"),
		count(qNoPhone, "walkin_no_phone", "散户无有效电话的邮件"),
		count(qCustomers, "customers", "协议客户数"),
		count(qNoContact, "no_contact_phone", "缺联系电话"),
		count(qNoIndustry, "no_industry", "缺行业"),
		count(qUnowned, "unowned", "未管户"),
		count(qDuplicate, "duplicates", "疑似重复客户"),
		scoreCol(trendMonths-1, "score", "质量得分"),
	}
	trend := []col{label(0, "city", "地市"), label(1, "office", "营业部")}
	for i := range trendMonths {
		trend = append(trend, scoreCol(i, "score_"+first.Add(i).String(), first.Add(i).String()))
	}
	reasonCols := []col{
		label(0, "city", "地市"), label(1, "office", "营业部"), label(2, "source", "文件"), label(3, "reason", "原因"),
		count(0, "rejected", "拒收行数"), count(1, "kept", "已入库但有问题"),
	}
	slices.SortStableFunc(records, func(a, b line) int {
		return cmp.Or(slices.Compare(a.labels[:3], b.labels[:3]), cmp.Compare(a.v[0], b.v[0]))
	})
	r.Tables = []postcrm.Table{
		render("质量汇总", monthName(in.month)+"数据质量（按地市、营业部）", summary,
			set.subtotalled(1, "地市小计", whole(sc)+"合计")),
		render("质量趋势", "近6个月数据质量得分", trend, set.subtotalled(1, "地市小计", whole(sc)+"合计")),
		render("拒收原因", monthName(in.month)+"导入问题（按文件、原因）", reasonCols, reasons.subtotalled(0, "", whole(sc)+"合计")),
		render("问题记录", "问题记录明细（请各营业部核对改正）", []col{
			label(0, "city", "地市"), label(1, "office", "营业部"), label(2, "source", "文件或客户"),
			{postcrm.Column{Key: "line", Header: "行号", Kind: postcrm.ColInt}, func(l *line) any {
				if l.v[0] == 0 {
					return nil
				}
				return l.v[0]
			}},
			label(3, "field", "字段"), label(4, "reason", "原因"), label(5, "message", "说明"),
			label(6, "value", "原值"), label(7, "handling", "处理"),
		}, records),
	}
	if sc.Level != ScopeOffice {
		r.Summary = []postcrm.Table{
			summaryTable("质量汇总", monthName(in.month)+"数据质量"+byUnit(sc), summary, set, sc, whole(sc)+"合计"),
			summaryTable("质量趋势", "近6个月数据质量得分"+byUnit(sc), trend, set, sc, whole(sc)+"合计"),
			summaryTable("拒收原因", monthName(in.month)+"导入问题（按"+unitHeader(sc)+"、原因）", reasonCols, reasons, sc, whole(sc)+"合计", 3),
		}
	}
	r.Notes = []string{
		"导入问题按文件名中的年月计入当月（文件名不带年月的，按首次导入的月份）；拒收行未入库，其余问题行已入库但需核对。协议客户资料按当前状态检查，解约客户不检查。",
		"质量得分 = 100 ×（1 − 有问题的行和客户数 ÷ 检查的行和客户数）；检查的行为当月收寄件数加当月拒收行数；各月得分都按当前的协议客户资料计算。",
	}
	return r
}

// countFinding adds a finding of the month to its office's columns.
func countFinding(l *line, f postcrm.Finding) {
	if f.Kind != postcrm.KindWaybills {
		return
	}
	switch f.Reason {
	case postcrm.ReasonUnknownCustomer:
		l.v[qUnknownCustomer]++
	case postcrm.ReasonUnknownStaff:
		l.v[qUnknownCourier]++
	case postcrm.ReasonNoPhone, postcrm.ReasonBadPhone:
		l.v[qNoPhone]++
	}
}

// scoreCol is the quality score of trend month i (0 the oldest).
func scoreCol(i int, key, header string) col {
	return col{postcrm.Column{Key: key, Header: header, Kind: postcrm.ColScore}, func(l *line) any {
		bad := l.v[qProblemRows+i] + l.v[qBadCustomers]
		all := l.v[qRows+i] + l.v[qCustomers]
		if all == 0 {
			return nil
		}
		return 100 * (1 - float64(bad)/float64(all))
	}}
}

// monthsBetween is b - a in months.
