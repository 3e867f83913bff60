package web

import (
	"fmt"
	"net/http"
	"slices"

	"postcrm"
)

// followupList is one page of the dispatched warnings in the user's
// scope: a courier's own tasks, a manager's office or city.
type followupList struct {
	Month  string `json:"month"`
	Status string `json:"status,omitempty"`
	View   string `json:"view,omitempty"` // "", overdue or escalated
	listPosition
	Items     []dispatchJSON `json:"items"`
	Statuses  []string       `json:"-"`
	ShowOwner bool           `json:"-"` // a manager's list names who has each
	Pager     Pager          `json:"-"`
}

// followupStatuses are the statuses a list may be filtered by.
var followupStatuses = []string{string(postcrm.StatusOpen), string(postcrm.StatusInProgress), string(postcrm.StatusClosed)}

func (s *Server) loadFollowupList(req *Request) (followupList, error) {
	month, err := s.monthParam(req)
	if err != nil {
		return followupList{}, err
	}
	q := req.URL.Query()
	l := followupList{Month: monthText(month), Status: q.Get("status"), View: q.Get("view"), Statuses: followupStatuses,
		ShowOwner: req.User.Role != postcrm.RoleCourier}
	dq := postcrm.DispatchQuery{Month: month, Status: postcrm.DispatchStatus(l.Status), Limit: pageSize}
	switch {
	case l.Status != "" && !slices.Contains(followupStatuses, l.Status):
		return l, userError(http.StatusBadRequest, "followup.bad_status", l.Status)
	case l.View == "overdue":
		// The daily overdue list: every month's, due before today.
		dq.Month, dq.OverdueOn = 0, postcrm.DateOf(s.now())
	case l.View == "escalated":
		dq.Month, dq.Escalated = 0, true
	case l.View != "":
		return l, userError(http.StatusBadRequest, "followup.bad_view", l.View)
	}
	var rows []postcrm.DispatchRow
	page, total, err := readPage(req, func(offset int) (total int, err error) {
		dq.Offset = offset
		rows, total, err = s.store.ScopedDispatches(req.Context(), req.Scope, dq)
		return total, err
	})
	if err != nil {
		return l, err
	}
	today := postcrm.DateOf(s.now())
	l.Items = make([]dispatchJSON, len(rows))
	for i, r := range rows {
		l.Items[i] = toDispatchJSON(r, today)
	}
	l.Pager, l.listPosition = listPager(req, "followup-pager", page, total)
	return l, nil
}

// followupDetail is one dispatched warning with its contacts and what
// the forms offer.
type followupDetail struct {
	Dispatch    dispatchJSON            `json:"dispatch"`
	Contacts    []contactJSON           `json:"contacts"`
	Reasons     []postcrm.ContactReason `json:"reasons"`
	ReasonNames map[string]string       `json:"-"`
	Methods     []postcrm.ContactMethod `json:"-"`
	Outcomes    []postcrm.Outcome       `json:"-"`
	Competitors []string                `json:"-"`
	Staff       []postcrm.Staff         `json:"-"` // whom a manager may give it to
	CanAssign   bool                    `json:"-"`
	CanRecord   bool                    `json:"-"`
	Today       string                  `json:"-"`
	Done        string                  `json:"-"` // after a change: what was done
	Error       string                  `json:"-"`
}

func (s *Server) loadFollowup(req *Request) (followupDetail, error) {
	id, err := warningID(req)
	if err != nil {
		return followupDetail{}, err
	}
	ctx := req.Context()
	r, err := s.store.ScopedDispatch(ctx, req.Scope, id)
	if err != nil {
		return followupDetail{}, err
	}
	contacts, err := s.store.Contacts(ctx, req.Scope, id)
	if err != nil {
		return followupDetail{}, err
	}
	reasons, err := s.store.Reasons(ctx)
	if err != nil {
		return followupDetail{}, err
	}
	today := postcrm.DateOf(s.now())
	d := followupDetail{Dispatch: toDispatchJSON(r, today), Reasons: reasons, ReasonNames: reasonNames(req, reasons), Methods: postcrm.ContactMethods,
		Outcomes: postcrm.Outcomes, Competitors: postcrm.Competitors, Today: today.String(),
		CanAssign: req.User.Role != postcrm.RoleCourier && r.Status != postcrm.StatusClosed,
		CanRecord: r.Status != postcrm.StatusClosed}
	for _, c := range contacts {
		d.Contacts = append(d.Contacts, toContactJSON(c))
	}
	if d.CanAssign {
		if d.Staff, err = s.officeStaff(req, r.OfficeCode); err != nil {
			return d, err
		}
	}
	return d, nil
}

func (s *Server) followupPage(w http.ResponseWriter, req *Request) error {
	done := ""
	if req.URL.Query().Get("done") == "contact" {
		done = "followup.recorded"
	}
	return s.renderFollowup(w, req, nil, done)
}

// renderFollowup shows a warning's page after a change: done is the
// message key of what was done, err a refusal to show in the page.
func (s *Server) renderFollowup(w http.ResponseWriter, req *Request, err error, done string) error {
	status, msg := http.StatusOK, ""
	if he, ok := err.(*httpError); ok {
		status, msg = he.status, req.T(he.key, he.args...)
	} else if err != nil {
		return err
	}
	d, lerr := s.loadFollowup(req)
	if lerr != nil {
		return lerr
	}
	d.Error = msg
	if done != "" {
		d.Done = req.T(done)
	}
	return s.renderPage(w, req, status, "followup", "followup.detail_title", d)
}

func (s *Server) followupContact(w http.ResponseWriter, req *Request) error {
	id, err := warningID(req)
	if err != nil {
		return err
	}
	c := contactJSON{On: req.PostFormValue("on"), Method: req.PostFormValue("method"), Outcome: req.PostFormValue("outcome"),
		Reason: req.PostFormValue("reason"), Competitor: req.PostFormValue("competitor"), Note: req.PostFormValue("note")}
	if _, err := s.recordContact(req, id, c); err != nil {
		return s.renderFollowup(w, req, err, "")
	}
	http.Redirect(w, req.Request, fmt.Sprintf("/followup/%d?done=contact", id), http.StatusSeeOther)
	return nil
}

func (s *Server) followupAssign(w http.ResponseWriter, req *Request) error {
	id, err := warningID(req)
	if err != nil {
		return err
	}
	return s.renderFollowup(w, req, s.reassign(req, id, req.PostFormValue("staff")), "followup.assigned")
}

// reasonNames maps the reason codes to their names in the request's
// language.
func reasonNames(req *Request, reasons []postcrm.ContactReason) map[string]string {
	names := make(map[string]string, len(reasons))
	for _, r := range reasons {
		names[r.Code] = r.NameZH
		if req.Lang == "en" {
			names[r.Code] = r.NameEN
		}
	}
	return names
}
