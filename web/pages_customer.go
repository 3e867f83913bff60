package web

import (
	"html/template"
	"net/http"

	"postcrm/svgchart"
)

// recentWaybills is how many of a customer's latest waybills its page lists.
const recentWaybills = 20

// customerRecord is a contract customer's page: master data, the last 24
// months, the latest waybills and every warning it had.
type customerRecord struct {
	Customer customerJSON  `json:"customer"`
	Months   []monthJSON   `json:"months"` // 24 months to the latest analysed, oldest first
	Waybills []waybillJSON `json:"recent_waybills"`
	Warnings []warningJSON `json:"warnings"` // newest month first
	// Page only.
	ItemsChart template.HTML `json:"-"`
	FenChart   template.HTML `json:"-"`
	Table      warningTable  `json:"-"`
}

func (s *Server) loadCustomer(req *Request) (customerRecord, error) {
	ctx := req.Context()
	code := req.PathValue("code")
	c, err := s.store.ScopedCustomer(ctx, req.Scope, code)
	if err != nil {
		return customerRecord{}, err
	}
	last, err := s.latestMonth(ctx)
	if err != nil {
		return customerRecord{}, err
	}
	ms := monthRange(last, trendMonths)
	totals, err := s.store.CustomerMonths(ctx, req.Scope, code, ms[0], last)
	if err != nil {
		return customerRecord{}, err
	}
	waybills, err := s.store.CustomerWaybills(ctx, req.Scope, code, recentWaybills)
	if err != nil {
		return customerRecord{}, err
	}
	warnings, err := s.store.CustomerWarnings(ctx, req.Scope, code)
	if err != nil {
		return customerRecord{}, err
	}
	return customerRecord{Customer: toCustomerJSON(c), Months: monthSeries(ms, totals),
		Waybills: toWaybillsJSON(waybills), Warnings: toWarningsJSON(warnings)}, nil
}

func (s *Server) customerPage(w http.ResponseWriter, req *Request) error {
	r, err := s.loadCustomer(req)
	if err != nil {
		return err
	}
	r.ItemsChart = customerChart(req, req.T("chart.items"), svgchart.Bar, r.Months, monthJSON.itemsOf)
	r.FenChart = customerChart(req, req.T("chart.revenue"), svgchart.Line, r.Months, monthJSON.yuanOf)
	r.Table = warningTable{ID: "customer-warnings", Month: true}
	return s.render(w, req, "customer", "customer.title", r)
}

// customerChart draws one customer's months (contract figures only).
func customerChart(req *Request, title string, kind svgchart.Kind, months []monthJSON, value func(monthJSON, bool) float64) template.HTML {
	c := svgchart.Chart{Title: title, Kind: kind, Format: chartFormat(req), Height: 200}
	s := svgchart.Series{Name: req.T("segment.contract")}
	for _, m := range months {
		c.Labels = append(c.Labels, m.Month)
		s.Values = append(s.Values, value(m, true))
	}
	c.Series = []svgchart.Series{s}
	return c.SVG()
}
