package web

import (
	"errors"
	"net/http"

	"postcrm"
)

type usersPage struct {
	Users []postcrm.User
	Now   int64 // unix seconds, to tell a temporary lock-out that is still on
	// After an action: the message and, after create or reset, the
	// one-time password to hand over.
	Done, DoneFor, Password string
	Error                   string
}

func (s *Server) usersPageData(req *Request) (usersPage, error) {
	users, err := s.store.Users(req.Context())
	return usersPage{Users: users, Now: s.now().Unix()}, err
}

func (s *Server) adminUsers(w http.ResponseWriter, req *Request) error {
	return s.renderUsers(w, req, http.StatusOK, func(p *usersPage) {})
}

// renderUsers shows the users page after set has added what was done.
func (s *Server) renderUsers(w http.ResponseWriter, req *Request, status int, set func(*usersPage)) error {
	p, err := s.usersPageData(req)
	if err != nil {
		return err
	}
	set(&p)
	return s.renderPage(w, req, status, "admin_users", "admin.users_title", p)
}

// adminResult shows the outcome of an admin action on the users page: a
// user error in the page, anything else as usual.
func (s *Server) adminResult(w http.ResponseWriter, req *Request, err error, done, target, password string) error {
	var he *httpError
	switch {
	case errors.As(err, &he):
		return s.renderUsers(w, req, he.status, func(p *usersPage) { p.Error = req.T(he.key, he.args...) })
	case err != nil:
		return err
	}
	return s.renderUsers(w, req, http.StatusOK, func(p *usersPage) { p.Done, p.DoneFor, p.Password = req.T(done, target), target, password })
}

func (s *Server) adminCreateUser(w http.ResponseWriter, req *Request) error {
	u, password, err := s.createAccount(req, req.PostFormValue("name"), req.PostFormValue("admin") == "on")
	return s.adminResult(w, req, err, "admin.created", u.Name, password)
}

func (s *Server) adminResetPassword(w http.ResponseWriter, req *Request) error {
	name := req.PathValue("name")
	password, err := s.resetPassword(req, name)
	return s.adminResult(w, req, err, "admin.reset_done", name, password)
}

func (s *Server) adminLock(w http.ResponseWriter, req *Request) error {
	name := req.PathValue("name")
	return s.adminResult(w, req, s.setLocked(req, name, true), "admin.locked_done", name, "")
}

func (s *Server) adminUnlock(w http.ResponseWriter, req *Request) error {
	name := req.PathValue("name")
	return s.adminResult(w, req, s.setLocked(req, name, false), "admin.unlocked_done", name, "")
}

type auditPage struct {
	Filter  auditFilter
	Actions []postcrm.AuditAction
	Entries []auditRow
	Pager   Pager
	Error   string
}

func (s *Server) adminAudit(w http.ResponseWriter, req *Request) error {
	f, q, err := parseAuditFilter(req)
	p := auditPage{Filter: f, Actions: auditActions}
	var he *httpError
	if errors.As(err, &he) {
		p.Error = req.T(he.key, he.args...)
		return s.renderPage(w, req, he.status, "admin_audit", "admin.audit_title", p)
	}
	var total int
	var entries []postcrm.AuditEntry
	p.Filter.Page, total, err = s.readAuditLog(req, q, &entries)
	if err != nil {
		return err
	}
	staff, err := s.accountStore.Staff(req.Context())
	if err != nil {
		return err
	}
	names := make(map[string]string, len(staff))
	for _, st := range staff {
		names[st.ID] = st.Name
	}
	reasons, err := s.store.Reasons(req.Context())
	if err != nil {
		return err
	}
	p.Entries = auditRows(req, entries, names, reasonNames(req, reasons))
	p.Pager, _ = listPager(req, "audit-pager", p.Filter.Page, total)
	return s.render(w, req, "admin_audit", "admin.audit_title", p)
}
