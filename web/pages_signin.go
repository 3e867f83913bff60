package web

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode"

	"postcrm"
	"postcrm/auth"
)

type signinPage struct {
	Next, Username, Error string
}

func (s *Server) signinForm(w http.ResponseWriter, req *Request) error {
	if req.SignedIn() {
		http.Redirect(w, req.Request, "/", http.StatusSeeOther)
		return nil
	}
	req.csrf = s.preSessionToken(w, req)
	return s.render(w, req, "signin", "signin.title", signinPage{Next: localPath(req.URL.Query().Get("next"))})
}

func (s *Server) signin(w http.ResponseWriter, req *Request) error {
	name := strings.TrimSpace(req.PostFormValue("username"))
	next := localPath(req.PostFormValue("next"))
	user, err := s.checkSignIn(req, name, req.PostFormValue("password"))
	var he *httpError
	if errors.As(err, &he) {
		return s.renderPage(w, req, he.status, "signin", "signin.title",
			signinPage{Next: next, Username: name, Error: req.T(he.key, he.args...)})
	}
	if err != nil {
		return err
	}
	token, _, err := s.startSession(req.Context(), user, clientAddr(req.Request))
	if err != nil {
		return err
	}
	s.setSessionCookie(w, req, token)
	s.clearCookie(w, req, preSessionCookie)
	if user.MustChangePassword {
		next = "/password"
	}
	http.Redirect(w, req.Request, next, http.StatusSeeOther)
	return nil
}

// localPath keeps a post-sign-in redirect on this site: only a path that
// parses as one on this host and, once decoded, holds no control
// characters or backslashes and does not start with "//". Browsers drop
// tabs and newlines from a Location and read a backslash as "/", so
// "/\t/host" and "/\host" would otherwise lead to another host.
func localPath(p string) string {
	u, err := url.Parse(p)
	if err != nil || !strings.HasPrefix(p, "/") || u.Scheme != "" || u.Host != "" || u.Opaque != "" {
		return "/"
	}
	decoded, err := url.PathUnescape(p)
	if err != nil || strings.HasPrefix(decoded, "//") || strings.ContainsRune(decoded, '\\') ||
		strings.ContainsFunc(decoded, unicode.IsControl) {
		return "/"
	}
	return p
}

// checkSignIn checks a user name and password under the per-address
// rate limit and the per-name-and-address pause, and writes the audit
// entry either way. Every failure reads the same to the client and costs
// one password check: an unknown name, a wrong password and an account
// an administrator locked all answer "wrong staff ID or password", so
// that names cannot be probed; why a locked account cannot sign in is
// told only to whoever gives its password. Failures pause that name from
// that address only (auth.SignInThrottle), whether the name exists or
// not, so that nobody can lock the owner out from elsewhere.
func (s *Server) checkSignIn(req *Request, name, password string) (postcrm.User, error) {
	ctx := req.Context()
	addr := clientAddr(req.Request)
	now := s.now()
	fail := func(detail string, err error) (postcrm.User, error) {
		if aerr := s.auditAs(ctx, name, addr, postcrm.AuditSignInFailed, name, detail); aerr != nil {
			return postcrm.User{}, aerr
		}
		return postcrm.User{}, err
	}
	if !s.limiter.Allow(addr, now) {
		return fail("rate limited", userError(http.StatusTooManyRequests, "signin.rate_limit"))
	}
	if until := s.throttle.PausedUntil(name, addr, now); !until.IsZero() {
		return fail("paused from this address", pausedError(until, now))
	}
	user, err := s.store.User(ctx, name)
	known := err == nil && name != ""
	if err != nil && !errors.Is(err, postcrm.ErrNotFound) {
		return postcrm.User{}, fmt.Errorf("reading user %s: %w", name, err)
	}
	ok := false
	if known {
		if ok, err = auth.VerifyPassword(user.PasswordHash, password); err != nil {
			return postcrm.User{}, fmt.Errorf("checking %s's password: %w", name, err)
		}
	} else {
		auth.BurnPasswordCheck(password) // as slow as a real check, so that timing does not tell
	}
	if !ok {
		return fail(s.signInFailed(ctx, name, known, addr, now))
	}
	s.throttle.Succeed(name, addr)
	if user.Locked {
		return fail("locked by an administrator", userError(http.StatusForbidden, "signin.disabled"))
	}
	user = s.policy.Success(user, now)
	if err := s.store.RecordSignIn(ctx, name, now); err != nil {
		return postcrm.User{}, fmt.Errorf("recording %s's sign-in: %w", name, err)
	}
	return user, s.auditAs(ctx, name, addr, postcrm.AuditSignIn, name, "")
}

// signInFailed counts a failed sign-in as name (known when it exists)
// from addr, and returns the audit detail and the answer: wrong
// name or password, or the pause this failure starts. An existing
// account also counts its failures from every address and keeps the end
// of its latest pause, for the administrators' list.
func (s *Server) signInFailed(ctx context.Context, name string, known bool, addr string, now time.Time) (string, error) {
	detail := "unknown user"
	if known {
		detail = "wrong password"
		if _, err := s.store.RecordSignInFailure(ctx, name); err != nil {
			return detail, fmt.Errorf("counting a failed sign-in of %s: %w", name, err)
		}
	}
	until := s.throttle.Fail(name, addr, now)
	if until.IsZero() {
		return detail, userError(http.StatusUnauthorized, "signin.failed")
	}
	if known {
		if err := s.store.LockOutUntil(ctx, name, until); err != nil {
			return detail, fmt.Errorf("noting %s's pause: %w", name, err)
		}
	}
	return detail + "; paused from this address until " + until.Format(time.RFC3339), pausedError(until, now)
}

// pausedError is the answer while a name is paused from an address
// until until, in whole minutes left.
func pausedError(until, now time.Time) error {
	return userError(http.StatusTooManyRequests, "signin.paused", int(math.Ceil(until.Sub(now).Minutes())))
}

func (s *Server) signout(w http.ResponseWriter, req *Request) error {
	if err := s.endSession(req); err != nil {
		return err
	}
	s.clearCookie(w, req, sessionCookie)
	http.Redirect(w, req.Request, "/signin", http.StatusSeeOther)
	return nil
}

func (s *Server) endSession(req *Request) error {
	if err := s.store.DeleteSession(req.Context(), req.Session.TokenHash); err != nil {
		return fmt.Errorf("signing out: %w", err)
	}
	return s.audit(req, postcrm.AuditSignOut, req.User.Name, "")
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

// audit records what the signed-in user did.
func (s *Server) audit(req *Request, action postcrm.AuditAction, target, detail string) error {
	return s.auditAs(req.Context(), req.User.Name, clientAddr(req.Request), action, target, detail)
}

func (s *Server) auditAs(ctx context.Context, user, addr string, action postcrm.AuditAction, target, detail string) error {
	return auth.Admin{Store: s.accountStore, By: user, Addr: addr, Now: s.now}.Audit(ctx, action, target, detail)
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
