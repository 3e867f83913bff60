package web

import (
	"postcrm"
)

// worklistLimit is how many of the most urgent warnings the home page
// lists; the follow-up list has them all.
const worklistLimit = 50

// worklist is 今日待办, the home page of the people who do the follow-up:
// a courier's open warnings, or an office manager's office's with whom
// each is given to, most urgent first (see DispatchQuery.Todo).
type worklist struct {
	Items   []dispatchJSON  `json:"items"`
	Total   int             `json:"total"`
	Manager bool            `json:"-"` // shows assignees and reassigns in place
	Staff   []postcrm.Staff `json:"-"` // whom a manager may give work to
	Limit   int             `json:"-"`
	Done    string          `json:"-"` // a confirmation after a reassignment
	// RefundWarnings are this month's 退费未办结 / 退费被驳回 on the
	// customers in scope: retention work of its own kind.
	RefundWarnings []refundWarningJSON `json:"refund_warnings"`
}

// worksTheList reports whether role's home page is the work list.
func worksTheList(role postcrm.Role) bool {
	return role == postcrm.RoleCourier || role == postcrm.RoleOfficeManager
}

func (s *Server) loadWorklist(req *Request) (worklist, error) {
	rows, total, err := s.store.ScopedDispatches(req.Context(), req.Scope, postcrm.DispatchQuery{Todo: true, Limit: worklistLimit})
	if err != nil {
		return worklist{}, err
	}
	today := postcrm.DateOf(s.now())
	l := worklist{Items: make([]dispatchJSON, len(rows)), Total: total, Limit: worklistLimit,
		Manager: req.User.Role != postcrm.RoleCourier}
	for i, r := range rows {
		l.Items[i] = toDispatchJSON(r, today)
	}
	if l.Manager && req.Scope.OfficeCode != "" {
		if l.Staff, err = s.officeStaff(req, req.Scope.OfficeCode); err != nil {
			return l, err
		}
	}
	l.RefundWarnings, err = s.refundWarnings(req, "")
	return l, err
}
