package web

import (
	"cmp"
	"html/template"
	"net/http"
	"slices"
	"time"

	"postcrm"
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

// followupOf is one of a customer's dispatched warnings with its
// contacts, for the customer's page.
type followupOf struct {
	Dispatch dispatchJSON  `json:"dispatch"`
	Contacts []contactJSON `json:"contacts"`
	Open     bool          `json:"-"` // takes a visit: the page offers 登记跟进
}

// customerFollowup reads the follow-up of customer code's warnings that
// the user's scope holds, newest month first. A customer has a warning or
// two a month, so reading each one's contacts is cheap.
func (s *Server) customerFollowup(req *Request, code string) ([]followupOf, error) {
	ctx := req.Context()
	rows, _, err := s.store.ScopedDispatches(ctx, req.Scope, postcrm.DispatchQuery{CustomerCode: code})
	if err != nil || len(rows) == 0 {
		return nil, err
	}
	reasons, err := s.store.Reasons(ctx)
	if err != nil {
		return nil, err
	}
	names := reasonNames(req, reasons)
	slices.SortStableFunc(rows, func(a, b postcrm.DispatchRow) int { return cmp.Compare(b.Month, a.Month) })
	today := postcrm.DateOf(s.now())
	out := make([]followupOf, len(rows))
	for i, r := range rows {
		cs, err := s.store.Contacts(ctx, req.Scope, r.WarningID)
		if err != nil {
			return nil, err
		}
		f := followupOf{Dispatch: toDispatchJSON(r, today), Contacts: make([]contactJSON, len(cs)), Open: r.Status != postcrm.StatusClosed}
		people := staffNames(req, r, nil)
		for j, c := range cs {
			f.Contacts[j] = toContactJSON(c)
			f.Contacts[j].Line = contactLine(req, c, names, people)
		}
		out[i] = f
	}
	return out, nil
}

type customerJSON struct {
	Code         string                 `json:"code"`
	Name         string                 `json:"name"`
	City         string                 `json:"city"`
	OfficeCode   string                 `json:"office_code"`
	OfficeName   string                 `json:"office_name"`
	OwnerStaffID string                 `json:"owner_staff_id,omitempty"` // empty: unowned (未管户)
	OwnerName    string                 `json:"owner_name,omitempty"`
	ContractDate string                 `json:"contract_date,omitempty"` // YYYY-MM-DD
	Industry     string                 `json:"industry,omitempty"`
	ContactName  string                 `json:"contact_name,omitempty"`
	ContactPhone string                 `json:"contact_phone,omitempty"`
	Status       postcrm.CustomerStatus `json:"status"`
}

func toCustomerJSON(c postcrm.CustomerView) customerJSON {
	out := customerJSON{Code: c.Code, Name: c.Name, City: c.City, OfficeCode: c.OfficeCode, OfficeName: c.OfficeName,
		OwnerStaffID: c.OwnerStaffID, OwnerName: c.OwnerName, Industry: c.Industry, ContactName: c.ContactName,
		ContactPhone: c.ContactPhone, Status: c.Status}
	if c.ContractDate.Valid() {
		out.ContractDate = c.ContractDate.String()
	}
	return out
}

type waybillJSON struct {
	No             string          `json:"waybill_no"`
	AcceptedAt     time.Time       `json:"accepted_at"`
	OfficeCode     string          `json:"office_code"`
	CourierStaffID string          `json:"courier_staff_id"`
	Product        string          `json:"product,omitempty"`
	WeightG        int64           `json:"weight_g"`
	PostageFen     int64           `json:"postage_fen"`
	Payment        postcrm.Payment `json:"payment"`
	Channel        postcrm.Channel `json:"channel"`
	DestProvince   string          `json:"dest_province,omitempty"`
}

func toWaybillsJSON(ws []postcrm.Waybill) []waybillJSON {
	out := make([]waybillJSON, len(ws))
	for i, w := range ws {
		out[i] = waybillJSON{No: w.No, AcceptedAt: w.AcceptedAt, OfficeCode: w.OfficeCode, CourierStaffID: w.CourierStaffID,
			Product: w.Product, WeightG: w.WeightG, PostageFen: w.PostageFen, Payment: w.Payment, Channel: w.Channel,
			DestProvince: w.DestProvince}
	}
	return out
}
