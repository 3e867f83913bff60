package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"postcrm"
	"postcrm/followup"
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
var doneMessages = map[string]string{"contact": "followup.recorded", "assigned": "followup.assigned", "alert_settings": "alerts.settings_saved"}

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

// dispatchJSON is a dispatched warning as the follow-up lists show it.
type dispatchJSON struct {
	Warning      warningJSON `json:"warning"`
	Status       string      `json:"status"`
	AssignedTo   string      `json:"assigned_to"`
	AssigneeName string      `json:"assignee_name"`
	DispatchedOn string      `json:"dispatched_on"`
	DueOn        string      `json:"due_on"`
	Overdue      bool        `json:"overdue"`
	Escalation   int         `json:"escalation"`
	Contacts     int         `json:"contacts"`
	Outcome      string      `json:"outcome,omitempty"`
	ClosedOn     string      `json:"closed_on,omitempty"`
	ContactName  string      `json:"contact_name,omitempty"`  // the contract customer's contact person
	ContactPhone string      `json:"contact_phone,omitempty"` // theirs; a walk-in's is the warning's sender_phone
}

func toDispatchJSON(r postcrm.DispatchRow, today postcrm.Date) dispatchJSON {
	return dispatchJSON{Warning: toWarningJSON(r.Warning), Status: string(r.Status), AssignedTo: r.AssignedTo,
		AssigneeName: r.AssigneeName, DispatchedOn: r.DispatchedOn.String(), DueOn: r.DueOn.String(),
		Overdue: followup.Overdue(r.Dispatch, today), Escalation: r.Escalation, Contacts: r.Contacts,
		Outcome: string(r.Outcome), ClosedOn: r.ClosedOn.String(), ContactName: r.ContactName, ContactPhone: r.ContactPhone}
}

// contactLine is a recorded contact in one line of the request's
// language, for the history lists: who recorded it by name when people
// knows them (see staffNames), else by staff ID.
func contactLine(req *Request, c postcrm.Contact, reasonNames, people map[string]string) string {
	parts := []string{c.On.String() + " " + req.T("method."+string(c.Method)), req.T("outcome." + string(c.Outcome))}
	if c.Reason != "" {
		why := reasonNames[c.Reason]
		if c.Competitor != "" {
			why += "（" + req.T("competitor."+c.Competitor) + "）"
		}
		parts = append(parts, why)
	}
	who := c.StaffID
	if name := people[c.StaffID]; name != "" {
		who = name
	}
	return strings.Join(append(parts, who), " · ")
}

// staffNames names who may have recorded a dispatch's contacts: its
// assignee, the signed-in user, and the office staff a manager's page
// has read anyway.
func staffNames(req *Request, r postcrm.DispatchRow, staff []postcrm.Staff) map[string]string {
	names := map[string]string{r.AssignedTo: r.AssigneeName, req.User.Name: req.User.DisplayName}
	for _, st := range staff {
		names[st.ID] = st.Name
	}
	return names
}

// warningID reads the {id} of a warning or follow-up route; junk is not
// found.
func warningID(req *Request) (int64, error) {
	id, err := strconv.ParseInt(req.PathValue("id"), 10, 64)
	if err != nil {
		return 0, postcrm.ErrNotFound
	}
	return id, nil
}
