package web

import (
	"errors"
	"fmt"
	"net/http"

	"postcrm"
	"postcrm/auth"
)

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

type passwordPage struct {
	Forced bool
	Error  string
}

func (s *Server) passwordForm(w http.ResponseWriter, req *Request) error {
	return s.render(w, req, "password", "password.title", passwordPage{Forced: req.User.MustChangePassword})
}

func (s *Server) changePassword(w http.ResponseWriter, req *Request) error {
	token, _, err := s.setOwnPassword(req, req.PostFormValue("current"), req.PostFormValue("new"), req.PostFormValue("confirm"))
	var he *httpError
	if errors.As(err, &he) {
		return s.renderPage(w, req, he.status, "password", "password.title",
			passwordPage{Forced: req.User.MustChangePassword, Error: req.T(he.key, he.args...)})
	}
	if err != nil {
		return err
	}
	s.setSessionCookie(w, req, token)
	http.Redirect(w, req.Request, "/", http.StatusSeeOther)
	return nil
}

// setOwnPassword changes the signed-in user's password, signs them out
// everywhere else (whoever knew the old password is out) and returns the
// token of a fresh session for this client.
func (s *Server) setOwnPassword(req *Request, current, next, confirm string) (string, postcrm.Session, error) {
	ctx := req.Context()
	u := req.User
	ok, err := auth.VerifyPassword(u.PasswordHash, current)
	switch {
	case err != nil:
		return "", postcrm.Session{}, fmt.Errorf("checking %s's password: %w", u.Name, err)
	case !ok:
		return "", postcrm.Session{}, userError(http.StatusBadRequest, "password.wrong")
	case next != confirm:
		return "", postcrm.Session{}, userError(http.StatusBadRequest, "password.mismatch")
	case next == current:
		return "", postcrm.Session{}, userError(http.StatusBadRequest, "password.same")
	}
	if err := auth.CheckPasswordRules(u.Name, next); err != nil {
		return "", postcrm.Session{}, passwordRuleError(err)
	}
	hash, err := auth.HashPassword(next)
	if err != nil {
		return "", postcrm.Session{}, fmt.Errorf("hashing %s's new password: %w", u.Name, err)
	}
	u.PasswordHash, u.MustChangePassword = hash, false
	if err := s.store.UpdateUser(ctx, u); err != nil {
		return "", postcrm.Session{}, fmt.Errorf("saving %s's password: %w", u.Name, err)
	}
	if err := s.store.DeleteUserSessions(ctx, u.Name); err != nil {
		return "", postcrm.Session{}, fmt.Errorf("signing %s out elsewhere: %w", u.Name, err)
	}
	token, sess, err := s.startSession(ctx, u, clientAddr(req.Request))
	if err != nil {
		return "", sess, err
	}
	return token, sess, s.audit(req, postcrm.AuditPasswordChange, u.Name, "")
}

// passwordRuleError is the rule a new password breaks (an
// auth.PasswordError) as a message in the user's language.
func passwordRuleError(err error) error {
	var pe auth.PasswordError
	if !errors.As(err, &pe) {
		return err
	}
	key := "password.rule." + string(pe.Rule)
	if pe.Limit > 0 {
		return userError(http.StatusBadRequest, key, pe.Limit)
	}
	return userError(http.StatusBadRequest, key)
}
