package web

import (
	"io/fs"
	"net/http"
	"strings"

	"postcrm"
)

// staticFiles serves the embedded static directory under /static/.
var staticFiles = func() http.Handler {
	sub, err := fs.Sub(assets, "static")
	if err != nil {
		panic(err) // the directory is embedded: it is there
	}
	return http.StripPrefix("/static/", http.FileServerFS(sub))
}()

// static serves the embedded CSS and script. They change only with the
// binary, so a short cache is safe and keeps phones from refetching.
func (s *Server) static(w http.ResponseWriter, req *Request) error {
	if strings.HasSuffix(req.URL.Path, "/") {
		return postcrm.ErrNotFound // no directory listings
	}
	w.Header().Set("Cache-Control", "public, max-age=3600")
	staticFiles.ServeHTTP(w, req.Request)
	return nil
}

// healthz answers 200 while the store answers a ping.
func (s *Server) healthz(w http.ResponseWriter, req *Request) error {
	if err := s.store.Ping(req.Context()); err != nil {
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "store unavailable"})
		return nil
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	return nil
}
