package web

import (
	"io"
	"net/http"
	"slices"

	"postcrm"
	"postcrm/export"
	"postcrm/refund"
)

// warningFilters are the warnings list's parameters: ?month, city,
// office, owner, kind. The same parameters select the page, the API list
// and the export, so that an export holds exactly what the list shows.
type warningFilters struct {
	Month  string              `json:"month"`
	City   string              `json:"city,omitempty"`
	Office string              `json:"office,omitempty"`
	Owner  string              `json:"owner,omitempty"`
	Kind   postcrm.WarningKind `json:"kind,omitempty"`
}

// warningsList is one page of the warnings the filters select.
type warningsList struct {
	Filters warningFilters `json:"filters"`
	listPosition
	Warnings []warningJSON `json:"warnings"`
	// Page only: the pager, the filter form's choices and the export links.
	Pager      Pager            `json:"-"`
	Table      warningTable     `json:"-"`
	Cities     []string         `json:"-"`
	Offices    []postcrm.Office `json:"-"`
	Kinds      []kindCount      `json:"-"`
	ShowOwner  bool             `json:"-"`
	ExportCSV  string           `json:"-"`
	ExportXLSX string           `json:"-"`
}

// warningQuery reads the filters into a store query for all matching rows.
func (s *Server) warningQuery(req *Request) (warningFilters, postcrm.WarningQuery, error) {
	month, err := s.monthParam(req)
	if err != nil {
		return warningFilters{}, postcrm.WarningQuery{}, err
	}
	v := req.URL.Query()
	f := warningFilters{Month: month.String(), City: v.Get("city"), Office: v.Get("office"),
		Owner: v.Get("owner"), Kind: postcrm.WarningKind(v.Get("kind"))}
	if f.Kind != "" && !slices.Contains(listKinds, f.Kind) {
		return warningFilters{}, postcrm.WarningQuery{}, userError(http.StatusBadRequest, "error.bad_kind", string(f.Kind))
	}
	return f, postcrm.WarningQuery{Month: month, City: f.City, OfficeCode: f.Office, Owner: f.Owner, Kind: f.Kind}, nil
}

func (s *Server) loadWarnings(req *Request) (warningsList, error) {
	ctx := req.Context()
	f, q, err := s.warningQuery(req)
	if err != nil {
		return warningsList{}, err
	}
	q.Limit = pageSize
	var rows []postcrm.WarningRow
	page, total, err := readPage(req, func(offset int) (total int, err error) {
		q.Offset = offset
		rows, total, err = s.monthWarnings(ctx, req.Scope, q)
		return total, err
	})
	if err != nil {
		return warningsList{}, err
	}
	l := warningsList{Filters: f, Warnings: toWarningsJSON(rows)}
	l.Pager, l.listPosition = listPager(req, "warnings-pager", page, total)
	return l, nil
}

func (s *Server) warningsPage(w http.ResponseWriter, req *Request) error {
	l, err := s.loadWarnings(req)
	if err != nil {
		return err
	}
	if l.Offices, err = s.store.ScopedOffices(req.Context(), req.Scope); err != nil {
		return err
	}
	for _, o := range l.Offices {
		if !slices.Contains(l.Cities, o.City) {
			l.Cities = append(l.Cities, o.City)
		}
	}
	for _, k := range warningKinds {
		if k != postcrm.WarnWalkinChurn || hasWalkins(req.Scope) {
			l.Kinds = append(l.Kinds, kindCount{Kind: k, Label: req.T("kind." + string(k))})
		}
	}
	for _, k := range refund.WarningKinds {
		l.Kinds = append(l.Kinds, kindCount{Kind: k, Label: req.T("kind." + string(k))})
	}
	l.ShowOwner = req.Scope.Role != postcrm.RoleCourier
	l.Table = warningTable{ID: "warnings-table", Customer: true, Owner: l.ShowOwner}
	export := *req.URL
	export.Path = "/warnings/export"
	l.ExportCSV = withQuery(&export, "page", "", "format", "csv")
	l.ExportXLSX = withQuery(&export, "page", "", "format", "xlsx")
	return s.render(w, req, "warnings", "warnings.title", l)
}

// warningTable says which columns a warnings table shows beside the
// figures and the reason (templates/_warnings_table.html).
type warningTable struct {
	ID       string // the table's id
	Month    bool   // a customer's history spans months
	Customer bool   // the customer and its office
	Owner    bool
}

// warningsExport sends every warning the list's filters select (all its
// pages, in its order) as XLSX or CSV, with the page's column names in
// the user's language and the names beside the codes.
func (s *Server) warningsExport(w http.ResponseWriter, req *Request) error {
	f, q, err := s.warningQuery(req)
	if err != nil {
		return err
	}
	format := req.URL.Query().Get("format")
	if format != "csv" && format != "xlsx" {
		return userError(http.StatusBadRequest, "error.bad_format", format)
	}
	rows, _, err := s.monthWarnings(req.Context(), req.Scope, q)
	if err != nil {
		return err
	}
	table := export.Warnings(rows, export.WarningOptions{
		Names:     true,
		Label:     func(key string) string { return req.T("warnings.col." + key) },
		KindLabel: func(k postcrm.WarningKind) string { return req.T("kind." + string(k)) },
	})
	name := "warnings-" + f.Month + "." + format
	local := req.T("warnings.title") + "-" + f.Month + "." + format
	if format == "csv" {
		// With a BOM: Excel on a Chinese Windows reads GBK otherwise.
		return download(w, "text/csv; charset=utf-8", name, local, func(out io.Writer) error { return table.WriteCSV(out, true) })
	}
	return download(w, xlsxType, name, local, func(out io.Writer) error { return table.WriteXLSX(out, f.Month) })
}

// loadWarning is one warning by ID.
func (s *Server) loadWarning(req *Request) (warningJSON, error) {
	id, err := warningID(req)
	if err != nil {
		return warningJSON{}, err
	}
	row, err := s.store.ScopedWarning(req.Context(), req.Scope, id)
	if err != nil {
		return warningJSON{}, err
	}
	return toWarningJSON(row), nil
}

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
