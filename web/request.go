package web

import (
	"context"
	"net/http"

	"postcrm"
	"postcrm/auth"
)

// Request is what a handler gets: the HTTP request with the signed-in
// user, the scope the store must read within, and the language to
// answer in.
type Request struct {
	*http.Request
	User    postcrm.User    // zero on a public route when nobody is signed in
	Scope   postcrm.Scope   // pass to every ScopedReader method
	Lang    string          // "zh" (default) or "en"
	Session postcrm.Session // the session in use; zero when anonymous
	Bearer  bool            // signed in with Authorization: Bearer, not the cookie
	route   Route
	csrf    string // the token a state-changing request must carry
}

// SignedIn reports whether a user is signed in.
func (r *Request) SignedIn() bool { return r.User.Name != "" }

// T translates a message key into the request's language.
func (r *Request) T(key string, args ...any) string { return translate(r.Lang, key, args...) }

// actor is who makes a change, for the audit log.
func actor(req *Request) postcrm.Actor {
	return postcrm.Actor{User: req.User.Name, Addr: clientAddr(req.Request)}
}

// audit records what the signed-in user did.
func (s *Server) audit(req *Request, action postcrm.AuditAction, target, detail string) error {
	return s.auditAs(req.Context(), req.User.Name, clientAddr(req.Request), action, target, detail)
}

func (s *Server) auditAs(ctx context.Context, user, addr string, action postcrm.AuditAction, target, detail string) error {
	return auth.Admin{Store: s.accountStore, By: user, Addr: addr, Now: s.now}.Audit(ctx, action, target, detail)
}
