package web

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"postcrm"
	"postcrm/auth"
)

// Admin actions are shared by the pages and the API: each checks, acts,
// and writes its audit entry.

// createAccount opens an account for a staff ID from the org data, or -
// only when asked explicitly - a province administrator with no staff
// row, and returns its one-time password. Requiring the staff row keeps a
// mistyped staff ID from becoming an administrator.
func (s *Server) createAccount(req *Request, name string, admin bool) (postcrm.User, string, error) {
	ctx := req.Context()
	name = strings.TrimSpace(name)
	if name == "" {
		return postcrm.User{}, "", userError(http.StatusBadRequest, "admin.name_required")
	}
	staff, err := s.store.Staff(ctx)
	if err != nil {
		return postcrm.User{}, "", fmt.Errorf("reading the staff: %w", err)
	}
	isStaff := slices.ContainsFunc(staff, func(st postcrm.Staff) bool { return st.ID == name })
	switch {
	case admin && isStaff:
		return postcrm.User{}, "", userError(http.StatusBadRequest, "admin.admin_is_staff", name)
	case !admin && !isStaff:
		return postcrm.User{}, "", userError(http.StatusBadRequest, "admin.unknown_staff", name)
	}
	password, hash, err := oneTimePassword()
	if err != nil {
		return postcrm.User{}, "", err
	}
	u := postcrm.User{Name: name, PasswordHash: hash, MustChangePassword: true, CreatedAt: s.now()}
	if err := s.store.CreateUser(ctx, u); err != nil {
		return postcrm.User{}, "", fmt.Errorf("creating user %s: %w", name, err)
	}
	if u, err = s.store.User(ctx, name); err != nil {
		return postcrm.User{}, "", fmt.Errorf("reading user %s: %w", name, err)
	}
	return u, password, s.audit(req, postcrm.AuditUserCreate, name, "role "+string(u.Role))
}

func oneTimePassword() (password, hash string, err error) {
	password = auth.NewPassword()
	if hash, err = auth.HashPassword(password); err != nil {
		return "", "", fmt.Errorf("hashing a password: %w", err)
	}
	return password, hash, nil
}

// resetPassword gives name a one-time password to change at the next
// sign-in, lifts any lock, and signs them out everywhere.
func (s *Server) resetPassword(req *Request, name string) (string, error) {
	password, hash, err := oneTimePassword()
	if err != nil {
		return "", err
	}
	err = s.changeUser(req, name, postcrm.AuditPasswordReset, func(u *postcrm.User) {
		u.PasswordHash, u.MustChangePassword = hash, true
		u.Locked, u.FailedSignIns, u.LockedUntil = false, 0, time.Time{}
	})
	return password, err
}

// setLocked locks (and signs out everywhere) or unlocks an account;
// unlocking also lifts a temporary lock-out. Nobody locks themselves out.
func (s *Server) setLocked(req *Request, name string, locked bool) error {
	if locked && name == req.User.Name {
		return userError(http.StatusBadRequest, "admin.lock_self")
	}
	action := postcrm.AuditUserUnlock
	if locked {
		action = postcrm.AuditUserLock
	}
	return s.changeUser(req, name, action, func(u *postcrm.User) {
		u.Locked = locked
		if !locked {
			u.FailedSignIns, u.LockedUntil = 0, time.Time{}
		}
	})
}

// changeUser applies change to an existing user, ends their sessions
// and audits action.
func (s *Server) changeUser(req *Request, name string, action postcrm.AuditAction, change func(*postcrm.User)) error {
	ctx := req.Context()
	u, err := s.store.User(ctx, name)
	if err != nil {
		return fmt.Errorf("reading user %s: %w", name, err)
	}
	change(&u)
	if err := s.store.UpdateUser(ctx, u); err != nil {
		return fmt.Errorf("updating user %s: %w", name, err)
	}
	if action != postcrm.AuditUserUnlock {
		if err := s.store.DeleteUserSessions(ctx, name); err != nil {
			return fmt.Errorf("signing %s out: %w", name, err)
		}
	}
	return s.audit(req, action, name, "")
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
	if f.Page, err = pageParam(req); err != nil {
		return f, q, err
	}
	q.Offset = offset(f.Page)
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
	postcrm.AuditUserUnlock, postcrm.AuditImport, postcrm.AuditDataChange}
