package web

import (
	"fmt"
	"net/http"
	"time"

	"postcrm"
)

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
	return afterForm(w, req, err, fmt.Sprintf("/followup/%d?done=contact", id), func(refusal fieldRefusal) error {
		d, err := s.loadFollowup(req)
		if err != nil {
			return err
		}
		d.Form = contactForm{Values: c, fieldRefusal: refusal}
		return s.renderPage(w, req, refusal.status, "followup_contact", "followup.record", d)
	})
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
	to := fmt.Sprintf("/followup/%d?done=assigned", id)
	if req.PostFormValue("back") == "home" {
		to = fmt.Sprintf("/?done=assigned#w%d", id)
	}
	return afterForm(w, req, err, to, func(refusal fieldRefusal) error {
		d, err := s.loadFollowup(req)
		if err != nil {
			return err
		}
		d.Assign = refusal
		return s.renderPage(w, req, refusal.status, "followup", "followup.detail_title", d)
	})
}
