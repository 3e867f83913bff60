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
	l := followupList{Month: month.String(), Status: q.Get("status"), View: q.Get("view"), Statuses: followupStatuses,
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
	Home        bool                    `json:"-"` // the user's home page is the work list: the confirmation links back to it
	Form        contactForm             `json:"-"` // the visit form's input and refusals
	Assign      fieldRefusal            `json:"-"` // a refused reassignment
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
	if d.CanAssign {
		if d.Staff, err = s.officeStaff(req, r.OfficeCode); err != nil {
			return d, err
		}
	}
	people := staffNames(req, r, d.Staff)
	for _, c := range contacts {
		j := toContactJSON(c)
		j.Line = contactLine(req, c, d.ReasonNames, people)
		d.Contacts = append(d.Contacts, j)
	}
	return d, nil
}

// doneMessages are the confirmations a page shows after a change
// redirected to it with ?done=.
var doneMessages = map[string]string{"contact": "followup.recorded", "assigned": "followup.assigned"}

// doneMessage is the confirmation ?done= asks for, translated; "" for
// none or an unknown one.
func doneMessage(req *Request) string {
	if key, ok := doneMessages[req.URL.Query().Get("done")]; ok {
		return req.T(key)
	}
	return ""
}

func (s *Server) followupPage(w http.ResponseWriter, req *Request) error {
	d, err := s.loadFollowup(req)
	if err != nil {
		return err
	}
	d.Done, d.Home = doneMessage(req), worksTheList(req.User.Role)
	return s.render(w, req, "followup", "followup.detail_title", d)
}

// contactFormPage is the visit form on its own page, sized for a phone.
func (s *Server) contactFormPage(w http.ResponseWriter, req *Request) error {
	d, err := s.loadFollowup(req)
	if err != nil {
		return err
	}
	if !d.CanRecord {
		http.Redirect(w, req.Request, fmt.Sprintf("/followup/%d", d.Dispatch.Warning.ID), http.StatusSeeOther)
		return nil
	}
	d.Form.Values.On = d.Today
	return s.render(w, req, "followup_contact", "followup.record", d)
}

// followupContact records the visit form: on success it redirects to the
// warning's page, which confirms it and lists it; a refusal shows the
// form again with what was entered and each field's message beside it.
func (s *Server) followupContact(w http.ResponseWriter, req *Request) error {
	id, err := warningID(req)
	if err != nil {
		return err
	}
	c := contactJSON{On: req.PostFormValue("on"), Method: req.PostFormValue("method"), Outcome: req.PostFormValue("outcome"),
		Reason: req.PostFormValue("reason"), Competitor: req.PostFormValue("competitor"), Note: req.PostFormValue("note")}
	_, err = s.recordContact(req, id, c)
	refusal, ok := refusalOf(req, err)
	if !ok {
		if err != nil {
			return err
		}
		http.Redirect(w, req.Request, fmt.Sprintf("/followup/%d?done=contact", id), http.StatusSeeOther)
		return nil
	}
	d, err := s.loadFollowup(req)
	if err != nil {
		return err
	}
	d.Form = contactForm{Values: c, fieldRefusal: refusal}
	return s.renderPage(w, req, refusal.status, "followup_contact", "followup.record", d)
}

// followupAssign reassigns from the warning's page or the work list: on
// success it redirects to where the form was, with a confirmation; a
// refusal shows the warning's page with the message beside the choice.
func (s *Server) followupAssign(w http.ResponseWriter, req *Request) error {
	id, err := warningID(req)
	if err != nil {
		return err
	}
	err = s.reassign(req, id, req.PostFormValue("staff"))
	refusal, ok := refusalOf(req, err)
	if !ok {
		if err != nil {
			return err
		}
		to := fmt.Sprintf("/followup/%d?done=assigned", id)
		if req.PostFormValue("back") == "home" {
			to = fmt.Sprintf("/?done=assigned#w%d", id)
		}
		http.Redirect(w, req.Request, to, http.StatusSeeOther)
		return nil
	}
	d, err := s.loadFollowup(req)
	if err != nil {
		return err
	}
	d.Assign = refusal
	return s.renderPage(w, req, refusal.status, "followup", "followup.detail_title", d)
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
