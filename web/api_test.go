package web

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// getJSON requests path from the API as name and decodes the answer.
func getJSON[T any](t *testing.T, f *fixture, name, path string) T {
	t.Helper()
	resp := f.session(t, name).api("GET", path, "")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s GET %s: %d %s", name, path, resp.StatusCode, body(t, resp))
	}
	var v T
	if err := json.NewDecoder(resp.Body).Decode(&v); err != nil {
		t.Fatalf("%s GET %s: %v", name, path, err)
	}
	return v
}

// page requests a page as name and returns its HTML, failing on any
// status but 200.
func page(t *testing.T, f *fixture, name, path string) string {
	t.Helper()
	resp := f.session(t, name).get(path)
	text := body(t, resp)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s GET %s: %d\n%s", name, path, resp.StatusCode, text)
	}
	return text
}

// TestOpenAPIDescribesEveryPageAPIRoute: the description is valid JSON
// and has a path for every API route of the pages.
func TestOpenAPIDescribesEveryPageAPIRoute(t *testing.T) {
	f := newFixture(t)
	resp := f.anonymous(t).api("GET", "/api/v1/openapi.json", "")
	var doc struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&doc); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("openapi.json: %d %v", resp.StatusCode, err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Errorf("openapi version %q", doc.OpenAPI)
	}
	for _, rt := range f.srv.pageRoutes() {
		if !rt.API || rt.Public {
			continue
		}
		ops, ok := doc.Paths[rt.Pattern]
		if !ok || ops[strings.ToLower(rt.Method)] == nil {
			t.Errorf("openapi.json does not describe %s %s", rt.Method, rt.Pattern)
		}
	}
}

// TestAPIBadParameters: malformed parameters are a 400 with a message,
// not an empty list.
func TestAPIBadParameters(t *testing.T) {
	f := newFixture(t)
	c := f.session(t, provinceUser)
	for _, path := range []string{
		"/api/v1/warnings?month=2026-13", "/api/v1/warnings?month=May", "/api/v1/warnings?kind=bogus",
		"/api/v1/warnings?page=0", "/api/v1/walkins?page=x", "/api/v1/dashboard?month=202605",
	} {
		resp := c.api("GET", path, "")
		var e apiError
		if err := json.NewDecoder(resp.Body).Decode(&e); err != nil || resp.StatusCode != http.StatusBadRequest || e.Error == "" {
			t.Errorf("%s: %d %+v %v, want 400 with a message", path, resp.StatusCode, e, err)
		}
	}
	if resp := c.get("/warnings/export?format=pdf"); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("export as pdf: %d, want 400", resp.StatusCode)
	}
}
