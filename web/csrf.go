package web

import (
	"crypto/subtle"
	"mime"
	"net/http"
	"net/url"

	"postcrm/auth"
)

// Cross-site request forgery is stopped twice over for every
// state-changing request signed in by cookie: the browser's own word on
// where the request comes from (Sec-Fetch-Site, else Origin) must be this
// site, and the request must carry the session's CSRF token (form field
// "csrf" or header X-CSRF-Token), which another site cannot read.
// Requests signed in with a bearer token carry no ambient credential, so
// they need neither.
const (
	csrfField  = "csrf"
	csrfHeader = "X-CSRF-Token"
	// preSessionCookie holds the token of the sign-in form, before there
	// is a session to keep it in (against sign-in CSRF).
	preSessionCookie = "postcrm_csrf"
	// maxUpload bounds an import upload unless Options.MaxUpload says
	// otherwise.
	maxUpload = 2 << 30
)

func (s *Server) checkCrossSite(req *Request) error {
	if req.Bearer {
		return nil
	}
	if !sameOrigin(req.Request) {
		return errCrossSite
	}
	if req.route.API && req.csrf == "" {
		// An anonymous API call (POST /api/v1/session) has no cookie to
		// abuse, and must be JSON, which no cross-site form can send.
		return nil
	}
	got := req.Header.Get(csrfHeader)
	if got == "" {
		if ct, _, _ := mime.ParseMediaType(req.Header.Get("Content-Type")); ct == "multipart/form-data" {
			req.Body = http.MaxBytesReader(nil, req.Body, s.opts.MaxUpload)
			if err := req.ParseMultipartForm(32 << 20); err != nil {
				return userError(http.StatusBadRequest, "error.bad_form")
			}
		}
		got = req.PostFormValue(csrfField)
	}
	if req.csrf == "" || subtle.ConstantTimeCompare([]byte(got), []byte(req.csrf)) != 1 {
		return errCrossSite
	}
	return nil
}

// sameOrigin trusts the browser's fetch metadata where it is sent (all
// current browsers), else the Origin header; a request with neither is
// not from a modern browser and is left to the token check.
func sameOrigin(r *http.Request) bool {
	if site := r.Header.Get("Sec-Fetch-Site"); site != "" {
		return site == "same-origin" || site == "none"
	}
	if origin := r.Header.Get("Origin"); origin != "" {
		u, err := url.Parse(origin)
		return err == nil && u.Host == r.Host
	}
	return true
}

// preSessionToken is the sign-in form's CSRF token, set as a cookie on
// first sight.
func (s *Server) preSessionToken(w http.ResponseWriter, req *Request) string {
	if c, err := req.Cookie(preSessionCookie); err == nil && len(c.Value) >= 32 {
		return c.Value
	}
	tok := auth.NewToken()
	http.SetCookie(w, &http.Cookie{Name: preSessionCookie, Value: tok, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: s.secure(req.Request)})
	return tok
}
