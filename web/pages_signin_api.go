package web

import (
	"net/http"
	"strings"
	"time"

	"postcrm"
)

// userJSON is a user as the API shows it; the password hash never leaves
// the server.
type userJSON struct {
	Name               string       `json:"name"`
	DisplayName        string       `json:"display_name"`
	Role               postcrm.Role `json:"role"`
	City               string       `json:"city,omitempty"`
	OfficeCode         string       `json:"office_code,omitempty"`
	MustChangePassword bool         `json:"must_change_password"`
	Locked             bool         `json:"locked"`
	LockedUntil        *time.Time   `json:"locked_until,omitempty"`
	FailedSignIns      int          `json:"failed_signins"`
	CreatedAt          time.Time    `json:"created_at"`
	LastSignIn         *time.Time   `json:"last_signin,omitempty"`
}

func toUserJSON(u postcrm.User) userJSON {
	return userJSON{Name: u.Name, DisplayName: u.DisplayName, Role: u.Role, City: u.City, OfficeCode: u.OfficeCode,
		MustChangePassword: u.MustChangePassword, Locked: u.Locked, LockedUntil: optionalTime(u.LockedUntil),
		FailedSignIns: u.FailedSignIns, CreatedAt: u.CreatedAt, LastSignIn: optionalTime(u.LastSignIn)}
}

func optionalTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

type credentialsJSON struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

// sessionJSON answers a sign-in: the bearer token to send as
// "Authorization: Bearer TOKEN" on every /api/v1 request.
type sessionJSON struct {
	Token     string    `json:"token"`
	ExpiresAt time.Time `json:"expires_at"`
	User      userJSON  `json:"user"`
}

func (s *Server) apiSignin(w http.ResponseWriter, req *Request) error {
	var c credentialsJSON
	if err := readJSON(w, req, &c); err != nil {
		return err
	}
	user, err := s.checkSignIn(req, strings.TrimSpace(c.Username), c.Password)
	if err != nil {
		return err
	}
	token, sess, err := s.startSession(req.Context(), user, clientAddr(req.Request))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, sessionJSON{Token: token, ExpiresAt: sess.ExpiresAt, User: toUserJSON(user)})
	return nil
}

func (s *Server) apiSignout(w http.ResponseWriter, req *Request) error {
	if err := s.endSession(req); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) apiMe(w http.ResponseWriter, req *Request) error {
	writeJSON(w, http.StatusOK, toUserJSON(req.User))
	return nil
}

type passwordChangeJSON struct {
	Current string `json:"current"`
	New     string `json:"new"`
}

// apiChangePassword changes the caller's password; the old token stops
// working and the answer carries the new one.
func (s *Server) apiChangePassword(w http.ResponseWriter, req *Request) error {
	var in passwordChangeJSON
	if err := readJSON(w, req, &in); err != nil {
		return err
	}
	token, sess, err := s.setOwnPassword(req, in.Current, in.New, in.New)
	if err != nil {
		return err
	}
	user, err := s.store.User(req.Context(), req.User.Name)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, sessionJSON{Token: token, ExpiresAt: sess.ExpiresAt, User: toUserJSON(user)})
	return nil
}
