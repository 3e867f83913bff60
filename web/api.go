package web

import (
	_ "embed"
	"net/http"
)

// The JSON shapes of the records the pages show sit beside each page's
// handlers (warningJSON in warnings.go, customerJSON in customers.go, …).
// Pages and API read the same structs, so that the API lists exactly what
// a page shows. Money is in fen (integers, exact), months are "YYYY-MM".

// apiOf answers with what load reads for the request, as JSON: the API
// lists exactly what the page built from the same load shows.
func apiOf[T any](load func(*Request) (T, error)) HandlerFunc {
	return func(w http.ResponseWriter, req *Request) error {
		v, err := load(req)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, v)
		return nil
	}
}

// officeJSON is an office the list filters offer.
type officeJSON struct {
	Code string `json:"code"`
	Name string `json:"name"`
	City string `json:"city"`
}

// loadOffices lists the offices in scope, for the list filters.
func (s *Server) loadOffices(req *Request) (map[string][]officeJSON, error) {
	offices, err := s.store.ScopedOffices(req.Context(), req.Scope)
	if err != nil {
		return nil, err
	}
	out := make([]officeJSON, len(offices))
	for i, o := range offices {
		out[i] = officeJSON{Code: o.Code, Name: o.Name, City: o.City}
	}
	return map[string][]officeJSON{"offices": out}, nil
}

// openAPI describes the API routes of the pages (openapi.json).
//
//go:embed openapi.json
var openAPI []byte

func (s *Server) apiOpenAPI(w http.ResponseWriter, req *Request) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, err := w.Write(openAPI)
	return err
}
