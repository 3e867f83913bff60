package web

import (
	"cmp"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"postcrm"
	"postcrm/ingest"
	"postcrm/refund"
	"postcrm/xlsxreport"
)

// refundRow is a case as the lists and the case page show it.
type refundRow struct {
	No           string   `json:"no"`
	State        string   `json:"state"`
	StateLabel   string   `json:"state_label"`
	OfficeCode   string   `json:"office_code"`
	CustomerCode string   `json:"customer_code,omitempty"`
	CustomerName string   `json:"customer_name,omitempty"`
	Waybills     []string `json:"waybills"`
	PostageFen   int64    `json:"postage_fen"`
	AmountFen    int64    `json:"amount_fen"`
	Reason       string   `json:"reason"`
	Owner        string   `json:"owner,omitempty"`
	OpenedBy     string   `json:"opened_by"`
	OpenedAt     string   `json:"opened_at"`
	DueAt        string   `json:"due_at,omitempty"`
	Overdue      bool     `json:"overdue"`
	Mine         bool     `json:"mine"`
}

func toRefundRow(req *Request, c postcrm.RefundCase, now time.Time) refundRow {
	user := req.User.Name
	r := refundRow{No: c.No, State: string(c.State), StateLabel: req.T("refund.state." + string(c.State)), OfficeCode: c.OfficeCode,
		CustomerCode: c.CustomerCode, CustomerName: c.CustomerName, Waybills: c.Waybills, PostageFen: c.PostageFen,
		AmountFen: c.AmountFen, Reason: c.Reason, Owner: c.Owner, OpenedBy: c.OpenedBy, OpenedAt: formatTime(c.OpenedAt),
		Overdue: c.Overdue(now), Mine: c.State.Open() && c.Owner == user}
	if c.State.Open() {
		r.DueAt = formatTime(c.DueAt)
	}
	return r
}

// refundList is /refunds: the look-up by waybill, the user's own steps
// (overdue first) and the open cases in scope.
type refundList struct {
	Waybill  string      `json:"waybill,omitempty"`
	Found    []refundRow `json:"found,omitempty"` // the cases of the waybill looked up
	Looked   bool        `json:"-"`
	Mine     []refundRow `json:"mine"`
	Open     []refundRow `json:"open"`
	Recent   []refundRow `json:"recent"` // the latest finished (closed or rejected)
	CanOpen  bool        `json:"-"`
	CanOpenW bool        `json:"-"` // the waybill looked up is one the user may open a case on
	// The three tables as the page shows them.
	FoundT, MineT, OpenT, RecentT refundTable `json:"-"`
}

// refundTable is a table of cases with its words translated, for the
// refund_rows partial.
type refundTable struct {
	ID   string
	L    map[string]string
	Rows []refundRow
}

func refundTableOf(req *Request, id string, rows []refundRow) refundTable {
	l := map[string]string{}
	for _, k := range []string{"no", "customer", "waybills", "state", "owner", "due", "postage"} {
		l[k] = req.T("refund.col." + k)
	}
	l["walkin"], l["overdue"] = req.T("refund.walkin"), req.T("refund.overdue")
	return refundTable{ID: id, L: l, Rows: rows}
}

// refundListLimit bounds the open cases a list shows; refundRecent the
// finished ones after them.
const (
	refundListLimit = 200
	refundRecent    = 20
)

func (s *Server) loadRefunds(req *Request) (refundList, error) {
	ctx := req.Context()
	now := s.now()
	l := refundList{Waybill: strings.TrimSpace(req.URL.Query().Get("waybill")), CanOpen: slices.Contains(openers, req.User.Role)}
	rows := func(cs []postcrm.RefundCase) []refundRow {
		out := make([]refundRow, len(cs))
		for i, c := range cs {
			out[i] = toRefundRow(req, c, now)
		}
		return out
	}
	if l.Waybill != "" {
		l.Looked = true
		cs, err := s.refunds.RefundCases(ctx, req.Scope, postcrm.RefundQuery{Waybill: l.Waybill})
		if err != nil {
			return l, err
		}
		l.Found = rows(cs)
		// A new case only where none is under way or paid: a second
		// counter would open the same refund twice.
		live := slices.ContainsFunc(cs, func(c postcrm.RefundCase) bool { return c.State != postcrm.RefundRejected })
		if l.CanOpen && !live {
			_, err := s.refunds.RefundWaybill(ctx, req.Scope, l.Waybill)
			l.CanOpenW = err == nil
		}
	}
	mine, err := s.refunds.RefundCases(ctx, req.Scope, postcrm.RefundQuery{Owner: req.User.Name, OpenOnly: true})
	if err != nil {
		return l, err
	}
	l.Mine = rows(mine)
	open, err := s.refunds.RefundCases(ctx, req.Scope, postcrm.RefundQuery{OpenOnly: true, Limit: refundListLimit})
	if err != nil {
		return l, err
	}
	for _, r := range rows(open) {
		if !r.Mine {
			l.Open = append(l.Open, r)
		}
	}
	// The finished ones follow the open ones in the store's order.
	all, err := s.refunds.RefundCases(ctx, req.Scope, postcrm.RefundQuery{Limit: len(open) + refundRecent})
	if err != nil {
		return l, err
	}
	for _, r := range rows(all) {
		if r.DueAt == "" && (r.State == string(postcrm.RefundClosed) || r.State == string(postcrm.RefundRejected)) {
			l.Recent = append(l.Recent, r)
		}
	}
	l.FoundT, l.MineT, l.OpenT = refundTableOf(req, "found-table", l.Found), refundTableOf(req, "mine-table", l.Mine), refundTableOf(req, "open-table", l.Open)
	l.RecentT = refundTableOf(req, "recent-table", l.Recent)
	return l, nil
}

// refundNew is the form that opens a case from a waybill: the customer
// and postage read from the data.
type refundNew struct {
	Waybill  postcrm.RefundWaybill
	Known    bool
	Values   url.Values
	Reasons  []string
	Refusal  fieldRefusal
	NotFound string
}

func (s *Server) refundNewData(req *Request, waybill string) (refundNew, error) {
	d := refundNew{Values: url.Values{}}
	rs, err := s.refunds.RefundReasons(req.Context())
	if err != nil {
		return d, err
	}
	d.Reasons = rs[postcrm.RefundReasonOpen]
	if waybill = strings.TrimSpace(waybill); waybill != "" {
		d.Waybill, err = s.refunds.RefundWaybill(req.Context(), req.Scope, waybill)
		switch {
		case errors.Is(err, postcrm.ErrNotFound):
			d.NotFound = waybill
		case err != nil:
			return d, err
		default:
			d.Known = true
		}
	}
	return d, nil
}

func (s *Server) refundNewPage(w http.ResponseWriter, req *Request) error {
	d, err := s.refundNewData(req, req.URL.Query().Get("waybill"))
	if err != nil {
		return err
	}
	return s.render(w, req, "refund_new", "refund.new_title", d)
}

// refundOpen opens a case: PRG to the case's page, or the form again
// with the messages beside its fields.
func (s *Server) refundOpen(w http.ResponseWriter, req *Request) error {
	first := strings.TrimSpace(req.PostFormValue("waybill"))
	nos := []string{first}
	nos = append(nos, strings.FieldsFunc(req.PostFormValue("more"), func(r rune) bool {
		return r == ';' || r == '；' || r == ',' || r == '，' || r == ' ' || r == '\n' || r == '\r'
	})...)
	in := refund.Input{Action: postcrm.RefundOpen, User: req.User.Name, Role: req.User.Role, At: s.now(),
		Waybills: nos, Reason: req.PostFormValue("reason"), Comment: req.PostFormValue("comment")}
	c, err := refund.Do(req.Context(), s.refunds, req.Scope, actor(req), "", in)
	return afterForm(w, req, domainError(err), "/refunds/case/"+url.PathEscape(c.No)+"?done=open", func(refusal fieldRefusal) error {
		d, err := s.refundNewData(req, first)
		if err != nil {
			return err
		}
		d.Values, d.Refusal = req.PostForm, refusal
		return s.renderPage(w, req, refusal.status, "refund_new", "refund.new_title", d)
	})
}

// refundStep is one step of the case's progress bar.
type refundStep struct {
	Label   string
	Done    bool
	Current bool
}

// refundAction is a form the case page offers the user.
type refundAction struct {
	Act      string
	Label    string
	Amount   bool // asks for an amount
	Reasons  []string
	Comment  bool // asks for a comment (send-back, payment failure)
	Key      bool // asks for the payment's reference
	Primary  bool
	Refusal  fieldRefusal
	Values   url.Values
	Defaults map[string]string
}

// refundPage is a case with its progress, history and next actions.
type refundPage struct {
	Case    refundRow
	Raw     postcrm.RefundCase
	Steps   []refundStep
	History []refundHistory
	Actions []refundAction
	Done    string
	Blocked string // why the user, who may otherwise, takes no action here
}

// refundHistory is one line of a case's history as the page shows it.
type refundHistory struct {
	postcrm.RefundEvent
	Label string
}

func (s *Server) refundPageData(req *Request, no string) (refundPage, error) {
	c, hist, err := s.refunds.RefundCase(req.Context(), req.Scope, no)
	if err != nil {
		return refundPage{}, err
	}
	p := refundPage{Case: toRefundRow(req, c, s.now()), Raw: c}
	for _, e := range hist {
		p.History = append(p.History, refundHistory{RefundEvent: e, Label: req.T("refund.action." + string(e.Action))})
	}
	order := []postcrm.RefundState{postcrm.RefundNew, postcrm.RefundVerify, postcrm.RefundApprove, postcrm.RefundPay, postcrm.RefundClosed}
	at := slices.Index(order, c.State)
	if c.State == postcrm.RefundPaid {
		at = 3
	}
	for i, st := range order {
		l := req.T("refund.state." + string(st))
		switch st {
		case postcrm.RefundVerify, postcrm.RefundApprove, postcrm.RefundPay, postcrm.RefundClosed:
			l = req.T("refund.step." + string(st))
		}
		p.Steps = append(p.Steps, refundStep{Label: l, Done: at < 0 || i < at || c.State == postcrm.RefundClosed, Current: i == at && c.State != postcrm.RefundClosed})
	}
	if c.State == postcrm.RefundRejected {
		p.Steps = append(p.Steps[:1], refundStep{Label: req.T("refund.state.rejected"), Current: true})
	}
	rs, err := s.refunds.RefundReasons(req.Context())
	if err != nil {
		return p, err
	}
	moves := refund.Next(c.State, req.User.Role)
	if c.State == postcrm.RefundApprove && req.User.Name == c.OpenedBy {
		// Maker-checker: the opener takes no decision at 审批; the page
		// says so instead of offering forms the rules refuse.
		p.Blocked = req.T("refund.maker_checker")
		moves = nil
	}
	for _, m := range moves {
		a := refundAction{Act: string(m.Act), Label: req.T("refund.action." + string(m.Act)), Values: url.Values{}, Defaults: map[string]string{}}
		switch m.Act {
		case postcrm.RefundApproved:
			a.Amount, a.Primary = true, true
			a.Defaults["amount"] = refund.Yuan(c.PostageFen)
		case postcrm.RefundReject:
			a.Reasons = rs[postcrm.RefundReasonReject]
		case postcrm.RefundSendBack, postcrm.RefundPayFail:
			a.Comment = true
			a.Key = m.Act == postcrm.RefundPayFail
		case postcrm.RefundPayOK:
			a.Key, a.Primary = true, true
		default:
			a.Primary = true
		}
		p.Actions = append(p.Actions, a)
	}
	if d := req.URL.Query().Get("done"); d != "" {
		p.Done = req.T("refund.done", req.T("refund.action."+d))
	}
	return p, nil
}

func (s *Server) refundCasePage(w http.ResponseWriter, req *Request) error {
	p, err := s.refundPageData(req, req.PathValue("no"))
	if err != nil {
		return err
	}
	return s.render(w, req, "refund_case", "refund.case_title", p)
}

// refundAct takes an action on a case: PRG back to the case with a
// confirmation, or the case page with the messages beside the action's
// fields.
func (s *Server) refundAct(w http.ResponseWriter, req *Request) error {
	no := req.PathValue("no")
	act := postcrm.RefundAction(req.PostFormValue("act"))
	in := refund.Input{Action: act, User: req.User.Name, Role: req.User.Role, At: s.now(),
		Reason: req.PostFormValue("reason"), Comment: req.PostFormValue("comment"), PayKey: strings.TrimSpace(req.PostFormValue("key"))}
	var err error
	if v := strings.TrimSpace(req.PostFormValue("amount")); v != "" {
		fen, ok := ingest.Fen(v)
		if !ok {
			err = &postcrm.Error{Kind: postcrm.ErrInvalid, Code: "refund.amount_bad", Field: "amount", Message: "金额应为元，如 12.50"}
		}
		in.AmountFen = fen
	}
	if err == nil {
		_, err = refund.Do(req.Context(), s.refunds, req.Scope, actor(req), no, in)
	}
	return afterForm(w, req, domainError(err), "/refunds/case/"+url.PathEscape(no)+"?done="+url.QueryEscape(string(act)), func(refusal fieldRefusal) error {
		p, err := s.refundPageData(req, no)
		if err != nil {
			return err
		}
		shown := false
		for i := range p.Actions {
			if p.Actions[i].Act == string(act) {
				p.Actions[i].Refusal, p.Actions[i].Values, shown = refusal, req.PostForm, true
			}
		}
		if !shown && len(p.Actions) > 0 {
			msg := refusal.Message
			for _, m := range refusal.Fields {
				msg = m
			}
			p.Actions[0].Refusal = fieldRefusal{status: refusal.status, Message: msg}
		}
		return s.renderPage(w, req, refusal.status, "refund_case", "refund.case_title", p)
	})
}

// refundReportPage is the month's report in the user's scope.
type refundReportPage struct {
	Month   string
	Months  []string
	Report  refund.Report
	Steps   []refundStepView   // the scope's three steps
	Offices []refundOfficeView // the offices, slowest bottleneck first
	Reasons []refundReportRow  // the reasons sheet
	Notes   []string
}

// refundStepView is a step's figures as the page shows them.
type refundStepView struct {
	Label             string
	N                 int
	Median, P90       string
	MedianRaw, P90Raw float64
}

// refundOfficeView is an office's line of the report page.
type refundOfficeView struct {
	Name                               string
	Opened, Closed, Rejected, Open, Od int
	Medians                            [3]string
	Bottleneck                         string
	Worst                              float64 // the bottleneck's median, to sort by
}

// refundReportRow is a row of cells as the page shows them.
type refundReportRow struct {
	Level string
	Cells []string
}

func (s *Server) refundMonth(req *Request) (postcrm.Month, error) {
	v := req.URL.Query().Get("month")
	if v == "" {
		return thisMonth(s.now()), nil
	}
	m, err := postcrm.ParseMonth(v)
	if err != nil {
		return 0, userError(http.StatusBadRequest, "error.bad_month", v)
	}
	return m, nil
}

// refundReport is the month asked for; without one, the latest of the
// current month and the three before it in which a case was opened.
func (s *Server) refundReport(req *Request) (refund.Report, postcrm.Month, error) {
	m, err := s.refundMonth(req)
	if err != nil {
		return refund.Report{}, 0, err
	}
	asked := req.URL.Query().Get("month") != ""
	for back := 0; ; back++ {
		r, err := refund.MonthReport(req.Context(), s.refunds, req.Scope, m)
		if err != nil || asked || back == 3 || r.Opened > 0 {
			return r, m, err
		}
		m = m.Prev()
	}
}

func (s *Server) scopeLabel(req *Request) (string, map[string]string, error) {
	offices, err := s.store.ScopedOffices(req.Context(), req.Scope)
	names := make(map[string]string, len(offices))
	for _, o := range offices {
		names[o.Code] = o.Name
	}
	label := "全省"
	switch req.Scope.Role {
	case postcrm.RoleCityManager:
		label = req.Scope.City
	case postcrm.RoleOfficeManager:
		label = names[req.Scope.OfficeCode]
	}
	return label, names, err
}

func (s *Server) loadRefundReport(req *Request) (refundReportPage, error) {
	r, m, err := s.refundReport(req)
	if err != nil {
		return refundReportPage{}, err
	}
	label, names, err := s.scopeLabel(req)
	if err != nil {
		return refundReportPage{}, err
	}
	book := r.Workbook(label, names)
	p := refundReportPage{Month: m.String(), Report: r, Notes: book.Notes}
	hours := func(x float64, n int) string {
		if n == 0 {
			return "—"
		}
		return fmt.Sprintf("%.1f", x)
	}
	stats := func(f refund.Figures) [3]refund.StepStats {
		return [3]refund.StepStats{f.Steps.Verify, f.Steps.Approve, f.Steps.Pay}
	}
	for i, st := range stats(r.Figures) {
		p.Steps = append(p.Steps, refundStepView{Label: req.T("refund.step." + refund.StepNames[i]), N: st.N,
			Median: hours(st.MedianHours, st.N), P90: hours(st.P90Hours, st.N), MedianRaw: st.MedianHours, P90Raw: st.P90Hours})
	}
	for _, o := range r.Offices {
		v := refundOfficeView{Name: o.OfficeCode, Opened: o.Opened, Closed: o.Closed, Rejected: o.Rejected, Open: o.OpenAtEnd, Od: o.Overdue,
			Bottleneck: req.T("refund.step." + o.Bottleneck)}
		if o.Bottleneck == "" {
			v.Bottleneck = ""
		}
		if n := names[o.OfficeCode]; n != "" {
			v.Name = n
		}
		for i, st := range stats(o.Figures) {
			v.Medians[i] = hours(st.MedianHours, st.N)
			if refund.StepNames[i] == o.Bottleneck {
				v.Worst = st.MedianHours
			}
		}
		p.Offices = append(p.Offices, v)
	}
	slices.SortStableFunc(p.Offices, func(a, b refundOfficeView) int { return cmp.Compare(b.Worst, a.Worst) })
	for _, row := range book.Tables[2].Rows {
		p.Reasons = append(p.Reasons, refundReportRow{Level: string(row.Level),
			Cells: []string{cellText(postcrm.ColText, row.Cells[0]), cellText(postcrm.ColInt, row.Cells[1])}})
	}
	for _, mm := range monthRange(thisMonth(s.now()), 12) {
		p.Months = append(p.Months, mm.String())
	}
	slices.Reverse(p.Months)
	return p, nil
}

func (s *Server) loadRefundReportJSON(req *Request) (refund.Report, error) {
	r, _, err := s.refundReport(req)
	return r, err
}

func (s *Server) refundReportXLSX(w http.ResponseWriter, req *Request) error {
	r, _, err := s.refundReport(req)
	if err != nil {
		return err
	}
	label, names, err := s.scopeLabel(req)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="refunds-%s.xlsx"`, r.Month))
	return xlsxreport.Write(w, r.Workbook(label, names))
}

// refundWarningJSON is a retention warning raised by a refund.
type refundWarningJSON struct {
	Kind         string `json:"kind"`
	KindLabel    string `json:"kind_label"`
	CustomerCode string `json:"customer_code"`
	CustomerName string `json:"customer_name"`
	CaseNo       string `json:"case_no"`
	Since        string `json:"since"`
	Reason       string `json:"reason"`
}

// refundWarnings lists this month's refund warnings in the user's
// scope, of one customer or (customer "") all.
func (s *Server) refundWarnings(req *Request, customer string) ([]refundWarningJSON, error) {
	ws, err := s.refunds.RefundWarnings(req.Context(), req.Scope, postcrm.RefundWarningQuery{Month: thisMonth(s.now()), Customer: customer})
	if err != nil {
		return nil, err
	}
	out := make([]refundWarningJSON, len(ws))
	for i, w := range ws {
		out[i] = refundWarningJSON{Kind: string(w.Kind), KindLabel: req.T("refund.warn." + string(w.Kind)), CustomerCode: w.CustomerCode,
			CustomerName: w.CustomerName, CaseNo: w.CaseNo, Since: formatTime(w.Since), Reason: w.Reason}
	}
	return out, nil
}
