package web

import (
	"fmt"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"postcrm"
	"postcrm/report"
	"postcrm/svgchart"
	"postcrm/textfmt"
)

// eveningRefresh is how often the evening board reloads itself, in
// seconds: the day's waybills come in through the afternoon imports.
const eveningRefresh = 60

// reportIndex lists the reports the user's role reads, for a month and a
// scope within theirs.
type reportIndex struct {
	Month   string        `json:"month"`
	Scope   string        `json:"scope"`
	Scopes  []scopeOption `json:"scopes"`
	Reports []reportLink  `json:"reports"`
}

// reportLink is one report of the index.
type reportLink struct {
	Name  string `json:"name"`
	Title string `json:"title"`
	Href  string `json:"href"`
	API   string `json:"api"`
	XLSX  string `json:"xlsx"`
	Note  string `json:"-"`
}

// scopeOption is one scope the user may choose.
type scopeOption struct {
	Value    string `json:"value"`
	Label    string `json:"label"`
	Selected bool   `json:"-"`
}

func (s *Server) loadReportIndex(req *Request) (reportIndex, error) {
	q, err := s.reportQueryOf(req, "")
	if err != nil {
		return reportIndex{}, err
	}
	ix := reportIndex{Month: q.req.Month.String(), Scope: scopeParam(q.req.Scope)}
	ix.Scopes = scopeOptions(req, q.offices, false, ix.Scope)
	for _, name := range report.Names() {
		if !slices.Contains(reportRoles[name], req.User.Role) {
			continue
		}
		v := url.Values{"month": {ix.Month}, "scope": {ix.Scope}}
		if name == "evening" {
			v = url.Values{}
			if q.req.Scope.Level == report.ScopeOffice {
				v.Set("scope", ix.Scope)
			}
		}
		query := v.Encode()
		ix.Reports = append(ix.Reports, reportLink{Name: name, Title: report.Title(name), Note: req.T("reports.about." + name),
			Href: "/reports/" + name + "?" + query, API: "/api/v1/reports/" + name + "?" + query, XLSX: "/reports/" + name + ".xlsx?" + query})
	}
	return ix, nil
}

// scopeOptions are the scopes the user may choose among: the province,
// cities and offices their scope holds; offices only for the evening
// board.
func scopeOptions(req *Request, offices []postcrm.Office, officesOnly bool, selected string) []scopeOption {
	var opts []scopeOption
	add := func(value, label string) {
		opts = append(opts, scopeOption{Value: value, Label: label, Selected: value == selected})
	}
	if !officesOnly {
		if req.Scope.Role == postcrm.RoleProvinceAdmin {
			add("province", req.T("reports.scope_province"))
		}
		var cities []string
		for _, o := range offices {
			if !slices.Contains(cities, o.City) && (req.Scope.Role == postcrm.RoleProvinceAdmin || req.Scope.Role == postcrm.RoleCityManager) {
				cities = append(cities, o.City)
			}
		}
		slices.SortFunc(cities, postcrm.CompareCities)
		for _, c := range cities {
			add("city:"+c, c)
		}
	}
	for _, o := range offices {
		add("office:"+o.Code, fmt.Sprintf("%s（%s）", o.Name, o.Code))
	}
	return opts
}

// reportView is a report's page: its tables with formatted cells and
// charts, the choice of month (or day) and scope, and the links to the
// same report as a workbook and as JSON.
type reportView struct {
	Name   string
	Report postcrm.Report
	Tables []tableView
	Month  string
	Day    string // the evening board's
	AsOf   string // the evening board's: the latest day with data
	Scopes []scopeOption
	// Summary: the tables are the report's summary of a wide scope, its
	// detail left to the units' own reports and the workbook.
	Summary bool
	XLSX    string
	JSON    string
	Refresh int // seconds, the evening board
}

// tableView is a table as the page shows it.
type tableView struct {
	Title   string
	Headers []cellView
	Rows    []rowView
	Chart   template.HTML
}

type rowView struct {
	Level postcrm.RowLevel
	Cells []cellView
}

type cellView struct {
	Text string
	Num  bool
	// Exact is a figure shown in 万元 to the fen, in yuan.
	Exact string
	// Href opens the report of the city or office the cell names.
	Href string
}

// reportPage renders a report: the evening board in large type,
// refreshing itself; the others (the bulletin with its narrative) as
// tables that print on A4.
func (s *Server) reportPage(name string) HandlerFunc {
	return func(w http.ResponseWriter, req *Request) error {
		q, r, err := s.loadReport(req, name)
		if err != nil {
			return err
		}
		v := url.Values{"scope": {scopeParam(q.req.Scope)}}
		view := reportView{Name: name, Report: r, Month: q.req.Month.String(),
			Scopes: scopeOptions(req, q.offices, name == "evening", scopeParam(q.req.Scope))}
		page := "report"
		if name == "evening" {
			view.Day, view.Refresh, page = q.req.Day.String(), eveningRefresh, "report_evening"
			v.Set("day", view.Day)
			if q.lastDay != 0 {
				view.AsOf = q.lastDay.String()
			}
		} else {
			v.Set("month", view.Month)
		}
		view.XLSX = "/reports/" + name + ".xlsx?" + v.Encode()
		view.JSON = "/api/v1/reports/" + name + "?" + v.Encode()
		tables := r.Tables
		if len(r.Summary) > 0 {
			tables, view.Summary = r.Summary, true
		}
		open := unitReport(name, view.Month, q.offices)
		for _, t := range tables {
			view.Tables = append(view.Tables, tableViewOf(req, t, open))
		}
		return s.render(w, req, page, "reports.name."+name, view)
	}
}

// unitReport gives the address of the same report and month for a city
// or an office as a drill-down column names it ("" for a name that is
// none of the offices in the user's scope: 未知营业部, a total).
func unitReport(name, month string, offices []postcrm.Office) func(level, unit string) string {
	codes := make(map[string]string, len(offices))
	for _, o := range offices {
		codes[o.Name+"（"+o.Code+"）"] = o.Code
		codes["city:"+o.City] = o.City
	}
	return func(level, unit string) string {
		code, ok := codes[unit]
		if level == "city" {
			code, ok = codes["city:"+unit]
		}
		if !ok {
			return ""
		}
		return "/reports/" + name + "?" + url.Values{"month": {month}, "scope": {level + ":" + code}}.Encode()
	}
}

// tableViewOf formats a table's cells as the workbook's number formats
// show them, links the units of its drill-down column to their reports
// through open (nil: no links), and draws its chart.
func tableViewOf(req *Request, t postcrm.Table, open func(level, unit string) string) tableView {
	t, same := withoutConstantColumns(t)
	drill := -1
	if t.Drill != nil && open != nil {
		drill = slices.IndexFunc(t.Columns, func(c postcrm.Column) bool { return c.Key == t.Drill.Column })
	}
	tv := tableView{Title: t.Title}
	if len(same) > 0 {
		tv.Title += req.T("reports.all_in", strings.Join(same, " "))
	}
	inWan := make([]bool, len(t.Columns))
	for j, c := range t.Columns {
		h := cellView{Text: c.Header, Num: c.Kind != postcrm.ColText && c.Kind != postcrm.ColDate}
		if inWan[j] = c.Kind == postcrm.ColFen && typicalFen(t.Rows, j) >= wanThreshold; inWan[j] {
			h.Text += req.T("reports.in_wan")
		}
		tv.Headers = append(tv.Headers, h)
	}
	for _, row := range t.Rows {
		rv := rowView{Level: row.Level}
		for j, c := range t.Columns {
			cv := cellView{Text: cellText(c.Kind, row.Cells[j]), Num: tv.Headers[j].Num}
			if fen, ok := row.Cells[j].(int64); ok && inWan[j] {
				cv.Text, cv.Exact = wan(fen), yuan(fen)
			}
			if j == drill && row.Level == postcrm.RowDetail {
				cv.Href = open(t.Drill.Level, cv.Text)
			}
			rv.Cells = append(rv.Cells, cv)
		}
		tv.Rows = append(tv.Rows, rv)
	}
	if t.Chart != nil {
		tv.Chart = tableChart(req, t)
	}
	return tv
}

// withoutConstantColumns drops the leading text columns that hold one
// value in every detail row (the city and the office of an office's
// report), which on a phone would fill the screen with the same words;
// it returns those values, for the title. A total row's label moves to
// the first column kept.
func withoutConstantColumns(t postcrm.Table) (postcrm.Table, []string) {
	n, details := 0, 0
	for _, r := range t.Rows {
		if r.Level == postcrm.RowDetail {
			details++
		}
	}
	var same []string
	for n < len(t.Columns)-1 && t.Columns[n].Kind == postcrm.ColText && details > 1 {
		value, ok := "", true
		for _, r := range t.Rows {
			v, _ := r.Cells[n].(string)
			if r.Level != postcrm.RowDetail {
				continue
			}
			if value == "" {
				value = v
			}
			ok = ok && v == value && v != ""
		}
		if !ok {
			break
		}
		same = append(same, value)
		n++
	}
	if n == 0 {
		return t, nil
	}
	out := t
	out.Columns = t.Columns[n:]
	out.Rows = make([]postcrm.Row, len(t.Rows))
	for i, r := range t.Rows {
		cells := slices.Clone(r.Cells[n:])
		if r.Level == postcrm.RowTotal {
			if v, _ := cells[0].(string); v == "" {
				cells[0] = r.Cells[0]
			}
		}
		out.Rows[i] = postcrm.Row{Level: r.Level, Cells: cells}
	}
	if out.Chart != nil {
		c := *out.Chart
		c.Category -= n
		c.Series = slices.Clone(c.Series)
		for i := range c.Series {
			c.Series[i] -= n
		}
		if c.Category < 0 {
			return t, nil
		}
		out.Chart = &c
	}
	return out, same
}

// wanThreshold: a money column whose typical row (the median of its
// detail rows' non-zero figures) reaches 10,000 yuan is shown in 万元 on
// the page, as the bulletin's own text speaks of money; to the fen, such
// figures only widen the table. A column of a courier's few hundred yuan
// keeps yuan, where 万元 would read 0.03. The workbook keeps yuan, for
// sums.
const wanThreshold = 10_000 * 100

// typicalFen is the median magnitude of column j's non-zero figures in
// detail rows, in fen.
func typicalFen(rows []postcrm.Row, j int) int64 {
	var vs []int64
	for _, r := range rows {
		if v, ok := r.Cells[j].(int64); ok && v != 0 && r.Level == postcrm.RowDetail {
			vs = append(vs, max(v, -v))
		}
	}
	if len(vs) == 0 {
		return 0
	}
	slices.Sort(vs)
	return vs[len(vs)/2]
}

// wan formats fen as 万元 with two decimals: 1234567890 -> 1,234.57.
func wan(fen int64) string {
	w := math.Round(float64(fen) / 1e4) // in units of 0.01 万元
	sign := ""
	if w < 0 {
		sign, w = "-", -w
	}
	n := int64(w)
	return fmt.Sprintf("%s%s.%02d", sign, textfmt.Thousands(n/100), n%100)
}

// cellText is a cell as the workbook's number format shows it.
func cellText(kind postcrm.ColumnKind, v any) string {
	switch x := v.(type) {
	case nil:
		if kind == postcrm.ColPercent || kind == postcrm.ColPoints {
			return "—" // a ratio over nothing
		}
		return ""
	case string:
		return x
	case int64:
		if kind == postcrm.ColFen {
			return yuan(x)
		}
		return textfmt.Thousands(x)
	case float64:
		switch kind {
		case postcrm.ColPercent:
			return percent(x)
		case postcrm.ColPoints:
			return fmt.Sprintf("%+.2f", x)
		}
		return fmt.Sprintf("%.1f", x)
	}
	return fmt.Sprint(v)
}

// tableChart draws the table's chart over its first run of detail rows,
// as the workbook does; money in yuan. A stacked column chart is drawn as
// grouped bars, the one kind of bar svgchart has.
func tableChart(req *Request, t postcrm.Table) template.HTML {
	c := svgchart.Chart{Title: t.Chart.Title, Kind: svgchart.Bar, Format: chartFormat(req)}
	if t.Chart.Kind == postcrm.ChartLine {
		c.Kind = svgchart.Line
	}
	rows := 0
	for rows < len(t.Rows) && t.Rows[rows].Level == postcrm.RowDetail {
		rows++
	}
	if rows == 0 {
		return ""
	}
	for _, row := range t.Rows[:rows] {
		c.Labels = append(c.Labels, cellText(postcrm.ColText, row.Cells[t.Chart.Category]))
	}
	for _, si := range t.Chart.Series {
		sr := svgchart.Series{Name: t.Columns[si].Header}
		for _, row := range t.Rows[:rows] {
			sr.Values = append(sr.Values, chartValue(t.Columns[si].Kind, row.Cells[si]))
		}
		c.Series = append(c.Series, sr)
	}
	return c.SVG()
}

// chartValue is a cell as a chart's number: money in yuan, nothing as NaN.
func chartValue(kind postcrm.ColumnKind, v any) float64 {
	switch x := v.(type) {
	case int64:
		if kind == postcrm.ColFen {
			return float64(x) / 100
		}
		return float64(x)
	case float64:
		return x
	}
	return math.NaN()
}
