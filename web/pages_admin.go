package web

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"postcrm"
	"postcrm/auth"
)

// Admin actions are shared by the pages and the API: each checks, acts,
// and writes its audit entry.

// accounts administers accounts in the name of the signed-in user.
func (s *Server) accounts(req *Request) auth.Admin {
	return auth.Admin{Store: s.accountStore, By: req.User.Name, Addr: clientAddr(req.Request), Now: s.now}
}

// createAccount opens an account for a staff ID from the org data, or -
// only when asked explicitly - a province administrator with no staff
// row, and returns its one-time password.
func (s *Server) createAccount(req *Request, name string, admin bool) (postcrm.User, string, error) {
	u, password, err := s.accounts(req).Create(req.Context(), name, admin, "")
	name = strings.TrimSpace(name)
	switch {
	case errors.Is(err, auth.ErrNoName):
		return u, "", userError(http.StatusBadRequest, "admin.name_required")
	case errors.Is(err, auth.ErrAdminIsStaff):
		return u, "", userError(http.StatusBadRequest, "admin.admin_is_staff", name)
	case errors.Is(err, auth.ErrUnknownStaff):
		return u, "", userError(http.StatusBadRequest, "admin.unknown_staff", name)
	}
	return u, password, err
}

// resetPassword gives name a one-time password to change at the next
// sign-in, lifts any lock and pause, and signs them out everywhere.
func (s *Server) resetPassword(req *Request, name string) (string, error) {
	password, err := s.accounts(req).ResetPassword(req.Context(), name)
	if err != nil {
		return "", err
	}
	s.throttle.Forget(name)
	return password, nil
}

// setLocked locks (and signs out everywhere) or unlocks an account;
// unlocking also lifts the pauses of its sign-ins from every address.
// Nobody locks themselves out.
func (s *Server) setLocked(req *Request, name string, locked bool) error {
	if locked && name == req.User.Name {
		return userError(http.StatusBadRequest, "admin.lock_self")
	}
	err := s.accounts(req).SetLocked(req.Context(), name, locked)
	if err == nil && !locked {
		s.throttle.Forget(name)
	}
	return err
}

// auditFilter is the audit log viewer's filter, from the query string:
// user, action, from and to (days, China time, both inclusive), page.
type auditFilter struct {
	User, Action, From, To string
	Page                   int
}

func parseAuditFilter(req *Request) (auditFilter, postcrm.AuditQuery, error) {
	v := req.URL.Query()
	f := auditFilter{User: strings.TrimSpace(v.Get("user")), Action: v.Get("action"), From: v.Get("from"), To: v.Get("to")}
	q := postcrm.AuditQuery{User: f.User, Action: postcrm.AuditAction(f.Action), Limit: pageSize}
	var err error
	if q.From, err = parseDay(f.From); err != nil {
		return f, q, err
	}
	if q.To, err = parseDay(f.To); err != nil {
		return f, q, err
	}
	if !q.To.IsZero() {
		q.To = q.To.AddDate(0, 0, 1) // the "to" day is included
	}
	return f, q, nil
}

// readAuditLog reads into entries the page of the audit log q selects
// that the request asks for, and returns that page's number and how many
// entries q selects.
func (s *Server) readAuditLog(req *Request, q postcrm.AuditQuery, entries *[]postcrm.AuditEntry) (page, total int, err error) {
	return readPage(req, func(offset int) (total int, err error) {
		q.Offset = offset
		*entries, total, err = s.store.AuditLog(req.Context(), q)
		return total, err
	})
}

// parseDay reads YYYY-MM-DD as the start of that day in China time;
// empty is the zero time (no bound).
func parseDay(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.ParseInLocation(time.DateOnly, s, postcrm.ChinaTime)
	if err != nil {
		return t, userError(http.StatusBadRequest, "audit.bad_date", s)
	}
	return t, nil
}

// auditActions are the actions the viewer's filter offers.
var auditActions = []postcrm.AuditAction{postcrm.AuditSignIn, postcrm.AuditSignInFailed, postcrm.AuditSignOut,
	postcrm.AuditPasswordChange, postcrm.AuditUserCreate, postcrm.AuditPasswordReset, postcrm.AuditUserLock,
	postcrm.AuditUserUnlock, postcrm.AuditImport, postcrm.AuditStaffChange, postcrm.AuditDataChange}
