package web

import (
	"errors"
	"log/slog"
	"net/http"
	"time"
)

// route wraps a route's handler in the checks every request passes, in
// this order: who is signed in (unless the route is sessionless),
// whether they must change their password first, whether their role may
// use the route, and, for a state-changing request, the cross-site
// checks.
func (s *Server) route(rt Route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		req := &Request{Request: r, Lang: language(w, r, s.secure(r)), route: rt}
		s.respond(w, req, s.serve(w, req))
	})
}

func (s *Server) serve(w http.ResponseWriter, req *Request) error {
	rt := req.route
	if !rt.Sessionless {
		if err := s.authenticate(req); err != nil {
			return err
		}
	}
	switch {
	case rt.Public:
	case !req.SignedIn():
		return errSignInRequired
	case req.User.MustChangePassword && !rt.AllowPasswordChange:
		return errMustChangePassword
	case !rt.allows(req.User.Role):
		return errForbidden
	}
	if !safeMethod(req.Method) {
		if err := s.checkCrossSite(req); err != nil {
			return err
		}
	}
	return rt.Handle(w, req)
}

func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

// securityHeaders go on every response, errors and static files included.
// The CSP allows no inline script or style: every script is a file under
// /static/.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		next.ServeHTTP(w, r)
	})
}

// statusWriter remembers the status a handler wrote, for the log.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		elapsed := time.Since(start)
		// The mux has set the pattern that matched: metrics count per
		// route, never per path.
		route := r.Pattern
		if route == "" {
			route = "unmatched"
		}
		s.metrics.observe(route, sw.status, elapsed)
		s.log.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("method", r.Method), slog.String("path", r.URL.Path),
			slog.Int("status", sw.status), slog.Duration("elapsed", elapsed),
			slog.String("addr", clientAddr(r)))
	})
}

// recoverPanics turns a handler's panic into a 500 and a log line instead
// of a dropped connection.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if err, ok := v.(error); ok && errors.Is(err, http.ErrAbortHandler) {
					panic(v)
				}
				s.log.Error("panic", "path", r.URL.Path, "panic", v)
				http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}
