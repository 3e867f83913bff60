package web

import (
	"cmp"
	"slices"

	"postcrm"
)

// followupOf is one of a customer's dispatched warnings with its
// contacts, for the customer's page.
type followupOf struct {
	Dispatch dispatchJSON  `json:"dispatch"`
	Contacts []contactJSON `json:"contacts"`
	Open     bool          `json:"-"` // takes a visit: the page offers 登记跟进
}

// customerFollowup reads the follow-up of customer code's warnings that
// the user's scope holds, newest month first. A customer has a warning or
// two a month, so reading each one's contacts is cheap.
func (s *Server) customerFollowup(req *Request, code string) ([]followupOf, error) {
	ctx := req.Context()
	rows, _, err := s.store.ScopedDispatches(ctx, req.Scope, postcrm.DispatchQuery{CustomerCode: code})
	if err != nil || len(rows) == 0 {
		return nil, err
	}
	reasons, err := s.store.Reasons(ctx)
	if err != nil {
		return nil, err
	}
	names := reasonNames(req, reasons)
	slices.SortStableFunc(rows, func(a, b postcrm.DispatchRow) int { return cmp.Compare(b.Month, a.Month) })
	today := postcrm.DateOf(s.now())
	out := make([]followupOf, len(rows))
	for i, r := range rows {
		cs, err := s.store.Contacts(ctx, req.Scope, r.WarningID)
		if err != nil {
			return nil, err
		}
		f := followupOf{Dispatch: toDispatchJSON(r, today), Contacts: make([]contactJSON, len(cs)), Open: r.Status != postcrm.StatusClosed}
		people := staffNames(req, r, nil)
		for j, c := range cs {
			f.Contacts[j] = toContactJSON(c)
			f.Contacts[j].Line = contactLine(req, c, names, people)
		}
		out[i] = f
	}
	return out, nil
}
