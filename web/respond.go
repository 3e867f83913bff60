package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"postcrm"
)

// httpError is an error with the status and message key to answer with.
type httpError struct {
	status int
	key    string // message key, shown translated on the page / in JSON
	args   []any
	fields []*postcrm.Error // a domain rule's refusals, each of one field or none
}

func (e *httpError) Error() string { return fmt.Sprintf("%d %s", e.status, e.key) }

// message is the error in the request's language: a domain rule's first
// refusal, or the message key with its arguments.
func (e *httpError) message(req *Request) string {
	if len(e.fields) > 0 {
		return req.domainMessage(e.fields[0])
	}
	return req.T(e.key, e.args...)
}

// userError makes an error a handler returns to say what the user did
// wrong, with the message key that explains it.
func userError(status int, key string, args ...any) error {
	return &httpError{status: status, key: key, args: args}
}

var (
	errSignInRequired     = userError(http.StatusUnauthorized, "error.signin_required")
	errMustChangePassword = userError(http.StatusForbidden, "error.must_change_password")
	errForbidden          = userError(http.StatusForbidden, "error.forbidden")
	errNotFound           = userError(http.StatusNotFound, "error.not_found")
	errCrossSite          = userError(http.StatusForbidden, "error.cross_site")
)

func notFound(http.ResponseWriter, *Request) error { return errNotFound }

// statusClientClosed is logged for requests whose client disconnected.
const statusClientClosed = 499

// respond finishes a request whose handler returned err (nil: the
// handler has answered). The store's ErrNotFound - which is also what an
// out-of-scope record is - becomes 404, ErrConflict 409.
func (s *Server) respond(w http.ResponseWriter, req *Request, err error) {
	if err == nil {
		return
	}
	if errors.Is(err, context.Canceled) && req.Context().Err() != nil {
		// The client went away (a closed tab, a cancelled fetch): there is
		// nobody to answer and nothing failed on our side. 499 is nginx's
		// "client closed request", so the request log says so.
		w.WriteHeader(statusClientClosed)
		return
	}
	var he *httpError
	switch {
	case errors.As(err, &he):
	case errors.Is(err, postcrm.ErrNotFound):
		he = errNotFound.(*httpError)
	case errors.Is(err, postcrm.ErrConflict):
		he = &httpError{status: http.StatusConflict, key: "error.conflict"}
	default:
		s.log.Error("request failed", "method", req.Method, "path", req.URL.Path, "err", err)
		he = &httpError{status: http.StatusInternalServerError, key: "error.internal"}
	}
	if he == errSignInRequired && !req.route.API {
		http.Redirect(w, req.Request, "/signin?next="+url.QueryEscape(req.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	if he == errMustChangePassword && !req.route.API {
		http.Redirect(w, req.Request, "/password", http.StatusSeeOther)
		return
	}
	msg := he.message(req)
	if req.route.API {
		writeJSON(w, he.status, apiError{Error: msg, Code: he.key, Fields: fieldMessages(req, he.fields)})
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	if err := s.renderPage(w, req, he.status, "error", "error.title", errorPage{Status: he.status, Message: msg}); err != nil {
		s.log.Error("rendering the error page", "err", err)
	}
}

// apiError is the body of every API error response.
type apiError struct {
	Error  string            `json:"error"`            // translated message
	Code   string            `json:"code"`             // stable message key, e.g. "error.not_found"
	Fields map[string]string `json:"fields,omitempty"` // a refused record's fields, each with its translated message
}

type errorPage struct {
	Status  int
	Message string
}

// writeJSON answers with v as JSON. API responses are never cached: they
// carry scoped data.
func writeJSON(w http.ResponseWriter, status int, v any) {
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	_ = enc.Encode(v) // the status is sent; a write error means the client left
}

// xlsxType is the content type of a workbook.
const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// download answers with the file write produces, as an attachment named
// filename (in the user's language, Chinese as often as not) with an
// ASCII name for clients that cannot read RFC 6266's filename*. It is
// written to a buffer first, so that a failure is an error page, not half
// a file.
func download(w http.ResponseWriter, contentType, asciiName, filename string, write func(io.Writer) error) error {
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Disposition", contentDisposition(asciiName, filename))
	h.Set("Cache-Control", "no-store")
	_, err := buf.WriteTo(w)
	return err
}

// contentDisposition names an attachment: filename= for old clients,
// filename* (UTF-8, RFC 5987 percent-encoding) for every browser since
// 2012, which shows the name in the user's language.
func contentDisposition(asciiName, filename string) string {
	var enc strings.Builder
	for _, c := range []byte(filename) {
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("!#$&+-.^_`|~", c) >= 0 {
			enc.WriteByte(c)
		} else {
			fmt.Fprintf(&enc, "%%%02X", c)
		}
	}
	return fmt.Sprintf("attachment; filename=%q; filename*=UTF-8''%s", asciiName, enc.String())
}

// maxJSONBody bounds API request bodies; none needs more.
const maxJSONBody = 1 << 20

// readJSON decodes an API request's JSON body into v, strictly: unknown
// fields and trailing data are a 400, so that typos do not pass silently.
// Requiring the JSON content type also keeps cross-site HTML forms out,
// since a form cannot send it.
func readJSON(w http.ResponseWriter, req *Request, v any) error {
	ct, _, _ := mime.ParseMediaType(req.Header.Get("Content-Type"))
	if ct != "application/json" {
		return userError(http.StatusUnsupportedMediaType, "error.json_required")
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, req.Body, maxJSONBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return userError(http.StatusBadRequest, "error.bad_json", err.Error())
	}
	if dec.More() {
		return userError(http.StatusBadRequest, "error.bad_json", "trailing data")
	}
	return nil
}
