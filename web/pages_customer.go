package web

import (
	"html/template"
	"net/http"

	"postcrm/svgchart"
)

// customerChartHeight is the customer page's chart height in pixels.
const customerChartHeight = 200

// recentWaybills is how many of a customer's latest waybills its page lists.
const recentWaybills = 20

// customerRecord is a contract customer's page: master data, the last 24
// months, the latest waybills and every warning it had.
type customerRecord struct {
	Customer customerJSON  `json:"customer"`
	Months   []monthJSON   `json:"months"` // 24 months to the latest analysed, oldest first
	Waybills []waybillJSON `json:"recent_waybills"`
	Warnings []warningJSON `json:"warnings"` // newest month first
	Followup []followupOf  `json:"followup"` // its dispatched warnings in scope, newest month first, with their contacts
	// RefundWarnings are this month's 退费未办结 / 退费被驳回 on it.
	RefundWarnings []refundWarningJSON `json:"refund_warnings"`
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
	followup, err := s.customerFollowup(req, code)
	if err != nil {
		return customerRecord{}, err
	}
	refunds, err := s.refundWarnings(req, code)
	if err != nil {
		return customerRecord{}, err
	}
	return customerRecord{Customer: toCustomerJSON(c), Months: monthSeries(ms, totals),
		Waybills: toWaybillsJSON(waybills), Warnings: toWarningsJSON(warnings), Followup: followup, RefundWarnings: refunds}, nil
}

func (s *Server) customerPage(w http.ResponseWriter, req *Request) error {
	r, err := s.loadCustomer(req)
	if err != nil {
		return err
	}
	// One customer's months: contract figures only.
	r.ItemsChart = trendChart(req, svgchart.Chart{Title: req.T("chart.items"), Kind: svgchart.Bar, Height: customerChartHeight}, r.Months, false, monthJSON.itemsOf)
	r.FenChart = trendChart(req, svgchart.Chart{Title: req.T("chart.revenue"), Kind: svgchart.Line, Height: customerChartHeight}, r.Months, false, monthJSON.yuanOf)
	r.Table = warningTable{ID: "customer-warnings", Month: true}
	return s.render(w, req, "customer", "customer.title", r)
}
