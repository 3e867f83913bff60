package web

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"

	"postcrm"
	"postcrm/auth"
)

// Sessions: the client holds a random token (cookie for browsers, bearer
// token for programs); the store keeps only its SHA-256, the user and a
// CSRF token. Expiry is absolute (Options.SessionTTL, 12 hours by
// default): a stolen token is worth a working day at most, and nothing
// is written to the store on each request.
const sessionCookie = "postcrm_session"

// startSession signs user in from addr and returns the client's token.
func (s *Server) startSession(ctx context.Context, user postcrm.User, addr string) (string, postcrm.Session, error) {
	token := auth.NewToken()
	now := s.now()
	sess := postcrm.Session{TokenHash: auth.HashToken(token), UserName: user.Name, CSRFToken: auth.NewToken(),
		CreatedAt: now, ExpiresAt: now.Add(s.opts.SessionTTL), Addr: addr}
	if err := s.store.CreateSession(ctx, sess); err != nil {
		return "", sess, fmt.Errorf("creating a session for %s: %w", user.Name, err)
	}
	return token, sess, nil
}

// setSessionCookie hands a browser its session. HttpOnly keeps scripts
// away from it; SameSite=Lax sends it on top-level links from elsewhere
// (a link in a chat opens signed in) but not on cross-site posts.
func (s *Server) setSessionCookie(w http.ResponseWriter, req *Request, token string) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: s.secure(req.Request), MaxAge: int(s.opts.SessionTTL.Seconds())})
}

func (s *Server) clearCookie(w http.ResponseWriter, req *Request, name string) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: "/", HttpOnly: true, MaxAge: -1,
		SameSite: http.SameSiteLaxMode, Secure: s.secure(req.Request)})
}

// authenticate finds the signed-in user from the bearer token (API
// routes) or the session cookie. No session, an expired one, or a locked
// user leaves the request anonymous; only a store failure is an error.
func (s *Server) authenticate(req *Request) error {
	token, bearer := bearerToken(req.Request)
	if bearer && !req.route.API {
		bearer, token = false, "" // pages are for browsers: cookie only
	}
	if !bearer {
		if c, err := req.Cookie(sessionCookie); err == nil {
			token = c.Value
		}
	}
	if token == "" {
		s.anonymous(req)
		return nil
	}
	ctx := req.Context()
	sess, err := s.store.Session(ctx, auth.HashToken(token), s.now())
	if errors.Is(err, postcrm.ErrNotFound) {
		s.anonymous(req)
		return nil
	}
	if err != nil {
		return fmt.Errorf("reading the session: %w", err)
	}
	user, err := s.store.User(ctx, sess.UserName)
	if errors.Is(err, postcrm.ErrNotFound) || (err == nil && user.Locked) {
		s.anonymous(req)
		return nil
	}
	if err != nil {
		return fmt.Errorf("reading user %s: %w", sess.UserName, err)
	}
	req.User, req.Scope, req.Session, req.Bearer, req.csrf = user, postcrm.ScopeOf(user), sess, bearer, sess.CSRFToken
	return nil
}

// anonymous leaves the request signed out; the sign-in form's token
// comes from its cookie.
func (s *Server) anonymous(req *Request) {
	if c, err := req.Cookie(preSessionCookie); err == nil {
		req.csrf = c.Value
	}
}

func bearerToken(r *http.Request) (string, bool) {
	h := r.Header.Get("Authorization")
	scheme, token, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
		return "", false
	}
	return strings.TrimSpace(token), true
}

// clientAddr is the client's IP address for the audit log and the rate
// limiter. X-Forwarded-For is not trusted: postcrm is served directly,
// and a header any client can set must not pick whose bucket a failed
// sign-in counts against.
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
