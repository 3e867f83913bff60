package web

import (
	"math"
	"strconv"
	"time"

	"postcrm"
)

// The JSON shapes of the records the pages show. Pages and API read the
// same structs, so that the API lists exactly what a page shows. Money
// is in fen (integers, exact), months are "YYYY-MM".

type warningJSON struct {
	ID               int64               `json:"id"`
	Month            string              `json:"month"`
	Kind             postcrm.WarningKind `json:"kind"`
	CustomerCode     string              `json:"customer_code,omitempty"`
	CustomerName     string              `json:"customer_name,omitempty"`
	SenderPhone      string              `json:"sender_phone,omitempty"`
	City             string              `json:"city"`
	OfficeCode       string              `json:"office_code"`
	OfficeName       string              `json:"office_name"`
	OwnerStaffID     string              `json:"owner_staff_id,omitempty"`
	OwnerName        string              `json:"owner_name,omitempty"`
	ExpectedItems    float64             `json:"expected_items"`
	ActualItems      int64               `json:"actual_items"`
	ExpectedFen      int64               `json:"expected_fen"`
	ActualFen        int64               `json:"actual_fen"`
	RevenueAtRiskFen int64               `json:"revenue_at_risk_fen"`
	Score            float64             `json:"score"`
	Reason           string              `json:"reason"`
}

func toWarningJSON(w postcrm.WarningRow) warningJSON {
	return warningJSON{ID: w.ID, Month: w.Month.String(), Kind: w.Kind, CustomerCode: w.CustomerCode,
		CustomerName: w.CustomerName, SenderPhone: w.SenderPhone, City: w.City, OfficeCode: w.OfficeCode,
		OfficeName: w.OfficeName, OwnerStaffID: w.OwnerStaffID, OwnerName: w.OwnerName,
		ExpectedItems: w.ExpectedItems, ActualItems: w.ActualItems, ExpectedFen: w.ExpectedFen,
		ActualFen: w.ActualFen, RevenueAtRiskFen: w.RevenueAtRiskFen, Score: w.Score, Reason: w.Reason}
}

func toWarningsJSON(ws []postcrm.WarningRow) []warningJSON {
	out := make([]warningJSON, len(ws))
	for i, w := range ws {
		out[i] = toWarningJSON(w)
	}
	return out
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

type walkinJSON struct {
	Phone            string  `json:"sender_phone"`
	City             string  `json:"city"`
	OfficeCode       string  `json:"office_code"`
	OfficeName       string  `json:"office_name"`
	Frequency        int     `json:"frequency"`
	RecencyDays      int     `json:"recency_days"`
	TDays            int     `json:"t_days"`
	PAlive           float64 `json:"p_alive"`
	ExpectedItems90d float64 `json:"expected_items_90d"`
	AvgPostageFen    int64   `json:"avg_postage_fen"`
	CLV12mFen        int64   `json:"clv_12m_fen"`
}

func toWalkinsJSON(ws []postcrm.WalkinRow) []walkinJSON {
	out := make([]walkinJSON, len(ws))
	for i, w := range ws {
		out[i] = walkinJSON{Phone: w.Phone, City: w.City, OfficeCode: w.OfficeCode, OfficeName: w.OfficeName,
			Frequency: w.Frequency, RecencyDays: w.RecencyDays, TDays: w.TDays, PAlive: w.PAlive,
			ExpectedItems90d: w.ExpectedItems90d, AvgPostageFen: w.AvgPostageFen, CLV12mFen: w.CLV12mFen}
	}
	return out
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
func (m monthJSON) Fen() int64   { return m.ContractFen + m.WalkinFen }

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

// PAlivePercent is P(alive) as a whole percentage, for the page.
func (w walkinJSON) PAlivePercent() string { return strconv.Itoa(int(math.Round(w.PAlive*100))) + "%" }
