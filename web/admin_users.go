package web

import (
	"errors"
	"net/http"
	"strings"

	"postcrm"
	"postcrm/auth"
)

// Admin actions are shared by the pages and the API: each checks, acts,
// and writes its audit entry.

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

func (s *Server) apiUsers(w http.ResponseWriter, req *Request) error {
	users, err := s.store.Users(req.Context())
	if err != nil {
		return err
	}
	out := make([]userJSON, len(users))
	for i, u := range users {
		out[i] = toUserJSON(u)
	}
	writeJSON(w, http.StatusOK, map[string]any{"users": out})
	return nil
}

type newUserJSON struct {
	Name  string `json:"name"`
	Admin bool   `json:"admin"` // a province administrator with no staff row
}

// passwordJSON answers a create or reset with the one-time password,
// shown once: only its hash is kept.
type passwordJSON struct {
	User     userJSON `json:"user"`
	Password string   `json:"one_time_password"`
}

func (s *Server) apiCreateUser(w http.ResponseWriter, req *Request) error {
	var in newUserJSON
	if err := readJSON(w, req, &in); err != nil {
		return err
	}
	u, password, err := s.createAccount(req, in.Name, in.Admin)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, passwordJSON{User: toUserJSON(u), Password: password})
	return nil
}

func (s *Server) apiResetPassword(w http.ResponseWriter, req *Request) error {
	name := req.PathValue("name")
	password, err := s.resetPassword(req, name)
	if err != nil {
		return err
	}
	return s.writeUser(w, req, name, password)
}

func (s *Server) apiLock(w http.ResponseWriter, req *Request) error {
	return s.apiSetLocked(w, req, true)
}

func (s *Server) apiUnlock(w http.ResponseWriter, req *Request) error {
	return s.apiSetLocked(w, req, false)
}

func (s *Server) apiSetLocked(w http.ResponseWriter, req *Request, locked bool) error {
	name := req.PathValue("name")
	if err := s.setLocked(req, name, locked); err != nil {
		return err
	}
	return s.writeUser(w, req, name, "")
}

// writeUser answers with the user as it is now, and the one-time
// password when there is one.
func (s *Server) writeUser(w http.ResponseWriter, req *Request, name, password string) error {
	u, err := s.store.User(req.Context(), name)
	if err != nil {
		return err
	}
	if password != "" {
		writeJSON(w, http.StatusOK, passwordJSON{User: toUserJSON(u), Password: password})
		return nil
	}
	writeJSON(w, http.StatusOK, toUserJSON(u))
	return nil
}
