package web

import (
	"context"
	"fmt"
	"html/template"
	"net/http"

	"postcrm"
	"postcrm/svgchart"
	"postcrm/textfmt"
)

// trendMonths is how many months the dashboard's trend shows; it also
// reaches back to the same month last year.
const trendMonths = 24

// warningKinds are the kinds in the order the pages list them.
var warningKinds = []postcrm.WarningKind{postcrm.WarnSilent, postcrm.WarnSlowdown, postcrm.WarnDecline, postcrm.WarnChurn, postcrm.WarnSlowStart, postcrm.WarnWalkinChurn}

// dashboard is the start page's content: the month against last month
// and the same month last year, the warnings by kind and the trend.
type dashboard struct {
	Month          string          `json:"month"`
	Current        monthJSON       `json:"current"`
	PreviousMonth  monthJSON       `json:"previous_month"`
	SameMonthLastY monthJSON       `json:"same_month_last_year"`
	Warnings       []kindCount     `json:"open_warnings_by_kind"`
	Followup       followupFigures `json:"followup"`
	Trend          []monthJSON     `json:"trend"` // the last 24 months, oldest first
	// Page only.
	Figures    []figure      `json:"-"`
	ItemsChart template.HTML `json:"-"`
	FenChart   template.HTML `json:"-"`
	Walkins    bool          `json:"-"` // the scope has walk-ins (not a courier's)
	Worklist   *worklist     `json:"-"` // a courier's or office manager's 今日待办, above the figures
	FailedJobs []failedJob   `json:"-"` // province: scheduled jobs that failed twice
	// InForce are the acceptance-policy adjustments in force in the
	// scope today or starting within the week: what not to accept.
	InForce []adjustmentJSON `json:"-"`
}

// kindCount is how many warnings of a kind the month has in scope.
type kindCount struct {
	Kind  postcrm.WarningKind `json:"kind"`
	Count int                 `json:"count"`
	Label string              `json:"-"`
	Href  string              `json:"-"`
}

// figure is one headline number with its changes, for the page.
type figure struct {
	Label, Value   string
	VsPrev, VsYear delta
	Spark          template.HTML // the figure over the trend's months
}

// delta is a change in percent: Text "+12.5%", "-3.0%" or "—" without a
// base; Class "up", "down" or "" for the colour.
type delta struct{ Text, Class string }

func (s *Server) loadDashboard(req *Request) (dashboard, error) {
	ctx := req.Context()
	month, err := s.monthParam(req)
	if err != nil {
		return dashboard{}, err
	}
	scope, ok := postcrm.ScopeKey(req.Scope)
	if !ok {
		return s.computeDashboard(ctx, req.Scope, month)
	}
	// The open warnings' ages and the overdue count move with the day.
	today := postcrm.DateOf(s.now())
	version := func() (string, error) {
		v, err := s.kept.dataVersion(ctx)
		return v + "@" + today.String(), err
	}
	return kept(ctx, s.kept, postcrm.SummaryKey{Scope: scope, Name: "dashboard", Month: month}, version,
		func() (dashboard, error) { return s.computeDashboard(ctx, req.Scope, month) })
}

// computeDashboard reads the dashboard's figures for month in sc from the
// rollups, warnings and dispatches.
func (s *Server) computeDashboard(ctx context.Context, sc postcrm.Scope, month postcrm.Month) (dashboard, error) {
	ms := monthRange(month, trendMonths)
	totals, err := s.store.MonthTotals(ctx, sc, ms[0], month)
	if err != nil {
		return dashboard{}, err
	}
	d := dashboard{Month: month.String(), Trend: monthSeries(ms, totals)}
	n := len(d.Trend)
	d.Current, d.PreviousMonth, d.SameMonthLastY = d.Trend[n-1], d.Trend[n-2], d.Trend[n-13]
	counts, err := s.store.WarningCounts(ctx, sc, month)
	if err != nil {
		return dashboard{}, err
	}
	// The refund warnings are kinds of the month's list too, kept in
	// their own table (a few a month): counted here, under the scope
	// the list reads them in. A sweep that changes them moves the
	// analysis's data version, so a kept dashboard is computed again.
	refunds, err := s.refunds.RefundWarnings(ctx, sc, postcrm.RefundWarningQuery{Month: month})
	if err != nil {
		return dashboard{}, err
	}
	for _, w := range refunds {
		counts[postcrm.WarningKind(w.Kind)]++
	}
	for _, k := range listKinds {
		d.Warnings = append(d.Warnings, kindCount{Kind: k, Count: counts[k]})
	}
	d.Followup, err = s.loadFollowupFigures(ctx, sc, month)
	return d, err
}

func (s *Server) dashboardPage(w http.ResponseWriter, req *Request) error {
	d, err := s.loadDashboard(req)
	if err != nil {
		return err
	}
	d.Walkins = hasWalkins(req.Scope)
	if d.FailedJobs, err = s.failedJobs(req); err != nil {
		return err
	}
	if d.InForce, err = s.inForceLines(req); err != nil {
		return err
	}
	var kinds []kindCount
	for _, k := range d.Warnings {
		if k.Kind == postcrm.WarnWalkinChurn && !d.Walkins {
			continue
		}
		k.Label = req.T("kind." + string(k.Kind))
		k.Href = fmt.Sprintf("/warnings?month=%s&kind=%s", d.Month, k.Kind)
		kinds = append(kinds, k)
	}
	d.Warnings = kinds
	for i := range d.Followup.Open {
		d.Followup.Open[i].Label = req.T("kind." + string(d.Followup.Open[i].Kind))
	}
	d.Followup.ContactedText, d.Followup.ClosedText = percentText(d.Followup.ContactedRate), percentText(d.Followup.ClosedRate)
	count, yuan := textfmt.Thousands, figureYuan
	d.Figures = []figure{
		figureOf(req.T("dashboard.items"), d.Trend, monthJSON.Items, count),
		figureOf(req.T("dashboard.revenue"), d.Trend, monthJSON.Fen, yuan),
	}
	if d.Walkins { // a courier's figures are all contract customers'
		d.Figures = append(d.Figures,
			figureOf(req.T("dashboard.contract_items"), d.Trend, func(m monthJSON) int64 { return m.ContractItems }, count),
			figureOf(req.T("dashboard.contract_revenue"), d.Trend, func(m monthJSON) int64 { return m.ContractFen }, yuan),
			figureOf(req.T("dashboard.walkin_items"), d.Trend, func(m monthJSON) int64 { return m.WalkinItems }, count),
			figureOf(req.T("dashboard.walkin_revenue"), d.Trend, func(m monthJSON) int64 { return m.WalkinFen }, yuan))
	}
	d.ItemsChart = trendChart(req, svgchart.Chart{Title: req.T("chart.items")}, d.Trend, d.Walkins, monthJSON.itemsOf)
	d.FenChart = trendChart(req, svgchart.Chart{Title: req.T("chart.revenue")}, d.Trend, d.Walkins, monthJSON.yuanOf)
	if !worksTheList(req.User.Role) {
		return s.render(w, req, "dashboard", "dashboard.title", d)
	}
	l, err := s.loadWorklist(req)
	if err != nil {
		return err
	}
	l.Done = doneMessage(req)
	d.Worklist = &l
	return s.render(w, req, "dashboard", "worklist.title", d)
}

// figureYuan is a figure card's money: yuan to the fen up to 100,000
// yuan, beyond that in 万 with two decimals (177,391.96 reads 17.74万),
// as people in the business speak of large sums.
func figureYuan(fen int64) string {
	if fen >= wanThreshold*10 || -fen >= wanThreshold*10 {
		return wan(fen) + "万"
	}
	return yuan(fen)
}

// Sparkline size in pixels: a figure card's width on a phone.
const sparkWidth, sparkHeight = 120, 28

// figureOf is the trend's last month's figure that pick reads, against
// the month before and the same month a year before, with a sparkline
// of all the trend's months.
func figureOf(label string, trend []monthJSON, pick func(monthJSON) int64, format func(int64) string) figure {
	n := len(trend)
	values := make([]float64, n)
	for i, m := range trend {
		values[i] = float64(pick(m))
	}
	cur := pick(trend[n-1])
	return figure{Label: label, Value: format(cur), VsPrev: change(cur, pick(trend[n-2])), VsYear: change(cur, pick(trend[n-13])),
		Spark: svgchart.Sparkline(label, values, sparkWidth, sparkHeight)}
}

// change is cur against base.
func change(cur, base int64) delta {
	if base == 0 {
		return delta{Text: "—"}
	}
	pct := float64(cur-base) / float64(base) * 100
	d := delta{Text: fmt.Sprintf("%+.1f%%", pct)}
	switch {
	case pct > 0:
		d.Class = "up"
	case pct < 0:
		d.Class = "down"
	}
	return d
}

// itemsOf and yuanOf pick a segment's figure of a month for a chart.
func (m monthJSON) itemsOf(contract bool) float64 {
	if contract {
		return float64(m.ContractItems)
	}
	return float64(m.WalkinItems)
}

func (m monthJSON) yuanOf(contract bool) float64 {
	if contract {
		return float64(m.ContractFen) / 100
	}
	return float64(m.WalkinFen) / 100
}

// hasWalkins reports whether a scope holds walk-ins: nobody owns a
// walk-in, so a courier's holds none.
func hasWalkins(sc postcrm.Scope) bool { return sc.Role != postcrm.RoleCourier }

// trendChart draws months on c as a contract and (when walkins) a
// walk-in series.
func trendChart(req *Request, c svgchart.Chart, months []monthJSON, walkins bool, value func(monthJSON, bool) float64) template.HTML {
	segments := []bool{true}
	if walkins {
		segments = append(segments, false)
	}
	c.Format = chartFormat(req)
	for _, m := range months {
		c.Labels = append(c.Labels, m.Month)
	}
	for _, contract := range segments {
		sr := svgchart.Series{Name: req.T("segment.contract")}
		if !contract {
			sr.Name = req.T("segment.walkin")
		}
		for _, m := range months {
			sr.Values = append(sr.Values, value(m, contract))
		}
		c.Series = append(c.Series, sr)
	}
	return c.SVG()
}

// chartFormat writes chart ticks the way the request's language does.
func chartFormat(req *Request) func(float64) string {
	if req.Lang == "en" {
		return svgchart.CompactEN
	}
	return svgchart.CompactZH
}

// monthJSON is one month's items and postage, contract and walk-in.
type monthJSON struct {
	Month         string `json:"month"`
	ContractItems int64  `json:"contract_items"`
	ContractFen   int64  `json:"contract_fen"`
	WalkinItems   int64  `json:"walkin_items"`
	WalkinFen     int64  `json:"walkin_fen"`
}

// Items and Fen are the month's totals over both segments.
func (m monthJSON) Items() int64 { return m.ContractItems + m.WalkinItems }

func (m monthJSON) Fen() int64 { return m.ContractFen + m.WalkinFen }

// monthSeries spreads totals over the months ms, zero where a month has
// none, so that a chart has every month.
func monthSeries(ms []postcrm.Month, totals []postcrm.MonthTotal) []monthJSON {
	byMonth := make(map[postcrm.Month]*monthJSON, len(ms))
	out := make([]monthJSON, len(ms))
	for i, m := range ms {
		out[i].Month = m.String()
		byMonth[m] = &out[i]
	}
	for _, t := range totals {
		m, ok := byMonth[t.Month]
		if !ok {
			continue
		}
		if t.Contract {
			m.ContractItems += t.Items
			m.ContractFen += t.PostageFen
		} else {
			m.WalkinItems += t.Items
			m.WalkinFen += t.PostageFen
		}
	}
	return out
}
