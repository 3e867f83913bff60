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
