package web

import (
	"net/http"

	"postcrm"
)

// domainError turns a domain rule's refusal (postcrm.Error) into an
// answer: 400 when it is about a field of what was sent, 409 when the
// user's role or the record's state does not allow the change. The
// message key is the first error's code; every field's message goes
// with it. Other errors pass unchanged.
func domainError(err error) error {
	errs := postcrm.Errors(err)
	if len(errs) == 0 {
		return err
	}
	status := http.StatusBadRequest
	if errs[0].Field == "" {
		status = http.StatusConflict
	}
	return &httpError{status: status, key: errs[0].Code, fields: errs}
}

// domainMessage is a domain error in the request's language: its code
// looked up in the catalogue, the rule's own Chinese text if the
// catalogue lacks it.
func (r *Request) domainMessage(e *postcrm.Error) string {
	if _, ok := catalogues[r.Lang][e.Code]; ok {
		return r.T(e.Code)
	}
	return e.Message
}

// fieldMessages maps each field a refusal names to its message (the
// first, when a field has several); nil without any.
func fieldMessages(req *Request, errs []*postcrm.Error) map[string]string {
	var m map[string]string
	for _, e := range errs {
		if e.Field == "" {
			continue
		}
		if m == nil {
			m = map[string]string{}
		}
		if _, ok := m[e.Field]; !ok {
			m[e.Field] = req.domainMessage(e)
		}
	}
	return m
}
