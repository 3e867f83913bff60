package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"postcrm"
	"postcrm/followup"
)

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

// contactJSON is one recorded contact; it is also the body of a POST.
type contactJSON struct {
	ID         int64  `json:"id,omitempty"`
	On         string `json:"on"` // YYYY-MM-DD
	Method     string `json:"method"`
	Outcome    string `json:"outcome"`
	Reason     string `json:"reason,omitempty"`
	Competitor string `json:"competitor,omitempty"`
	Note       string `json:"note,omitempty"`
	StaffID    string `json:"staff_id,omitempty"`
	RecordedAt string `json:"recorded_at,omitempty"`
	Line       string `json:"-"` // the page's one line: day, method, outcome, reason, who
}

func toContactJSON(c postcrm.Contact) contactJSON {
	return contactJSON{ID: c.ID, On: c.On.String(), Method: string(c.Method), Outcome: string(c.Outcome), Reason: c.Reason,
		Competitor: c.Competitor, Note: c.Note, StaffID: c.StaffID, RecordedAt: c.RecordedAt.Format(time.RFC3339)}
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

// contact turns a posted contact into the record, on the warning id, by
// the signed-in user, recorded at now. A date that does not parse is
// left empty, for the domain's rule to refuse as missing.
func (c contactJSON) contact(req *Request, id int64, now time.Time) postcrm.Contact {
	var on postcrm.Date
	if t, err := time.ParseInLocation(time.DateOnly, c.On, postcrm.ChinaTime); err == nil {
		on = postcrm.DateOf(t)
	}
	return postcrm.Contact{WarningID: id, On: on, Method: postcrm.ContactMethod(c.Method), Outcome: postcrm.Outcome(c.Outcome),
		Reason: c.Reason, Competitor: c.Competitor, Note: c.Note, StaffID: req.User.Name, RecordedAt: now}
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

// actor is who makes a change, for the audit log.
func actor(req *Request) postcrm.Actor {
	return postcrm.Actor{User: req.User.Name, Addr: clientAddr(req.Request)}
}

// recordContact stores a contact on warning id in the user's scope; the
// domain's rules refuse it with coded errors (see domainError).
func (s *Server) recordContact(req *Request, id int64, c contactJSON) (postcrm.Contact, error) {
	rec, err := s.store.AddContact(req.Context(), req.Scope, c.contact(req, id, s.now()), actor(req))
	return rec, domainError(err)
}

// reassign gives warning id to staffID, who must work in its office: the
// one way the pages and the API hand a warning to someone else.
func (s *Server) reassign(req *Request, id int64, staffID string) error {
	return domainError(s.store.Reassign(req.Context(), req.Scope, id, staffID, actor(req)))
}

// worksAt reports whether staffID is on the staff of office.
func (s *Server) worksAt(req *Request, staffID, office string) (bool, error) {
	staff, err := s.officeStaff(req, office)
	for _, st := range staff {
		if st.ID == staffID {
			return true, err
		}
	}
	return false, err
}

// officeStaff lists the couriers and managers of an office, for the
// assignment forms. An empty office code has no assignees: city and
// province staff have one and are nobody's assignees.
func (s *Server) officeStaff(req *Request, office string) ([]postcrm.Staff, error) {
	if office == "" {
		return nil, nil
	}
	return s.store.OfficeStaff(req.Context(), req.Scope, []string{office})
}

func firstError(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func (s *Server) apiFollowupContact(w http.ResponseWriter, req *Request) error {
	id, err := warningID(req)
	if err != nil {
		return err
	}
	var body contactJSON
	if err := readJSON(w, req, &body); err != nil {
		return err
	}
	c, err := s.recordContact(req, id, body)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, toContactJSON(c))
	return nil
}

func (s *Server) apiFollowupAssign(w http.ResponseWriter, req *Request) error {
	id, err := warningID(req)
	if err != nil {
		return err
	}
	var body struct {
		StaffID string `json:"staff_id"`
	}
	if err := readJSON(w, req, &body); err != nil {
		return err
	}
	if err := s.reassign(req, id, body.StaffID); err != nil {
		return err
	}
	v, err := s.loadFollowup(req)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, v)
	return nil
}
