package web

import "net/http"

// fieldRefusal is what a form shows after the server refused it: a
// message beside each field at fault, and one above the form for a
// refusal about the record as a whole.
type fieldRefusal struct {
	status  int
	Fields  map[string]string // field name -> message
	Message string
}

// refusalOf reads err as a refusal to show in the form: a user error
// (bad input, a domain rule) is one, true; any other error is not,
// false, and the handler returns it.
func refusalOf(req *Request, err error) (fieldRefusal, bool) {
	he, ok := err.(*httpError)
	if !ok {
		return fieldRefusal{}, false
	}
	r := fieldRefusal{status: he.status, Fields: fieldMessages(req, he.fields)}
	if len(r.Fields) == 0 {
		r.Message = he.message(req)
	}
	return r, true
}

// afterForm ends a form's POST the way every form does
// (POST-redirect-GET): without an error, a redirect to done, whose page
// shows the confirmation; on a refusal (bad input, a domain rule), again
// shows the form once more with it: what was entered, the messages
// beside the fields, the refusal's status; any other error goes to the
// responder.
func afterForm(w http.ResponseWriter, req *Request, err error, done string, again func(refusal fieldRefusal) error) error {
	refusal, ok := refusalOf(req, err)
	if !ok {
		if err != nil {
			return err
		}
		http.Redirect(w, req.Request, done, http.StatusSeeOther)
		return nil
	}
	return again(refusal)
}

// contactForm is the visit form: what was entered and, after a refusal,
// the messages.
type contactForm struct {
	Values contactJSON
	fieldRefusal
}
