package web

import (
	"net/http"
	"slices"
	"strings"
	"testing"
)

// routeSample is a concrete path for a route with wildcards, and which
// of the walking users (by name) have the record in their scope. A
// sample visible to nobody is a record outside everyone's scope or
// missing altogether: 404 for every role the route allows.
type routeSample struct {
	Path      string
	VisibleTo []string
}

// walkers are the users the route walk signs in as, one per role.
var walkers = []string{courierUser, officeUser, cityUser, provinceUser}

// everyone is VisibleTo for records every walking role may see.
var everyone = walkers

// samplesFor gives the sample paths of a route with wildcards, keyed by
// "METHOD PATTERN": the core routes' here, the page routes' in
// pageRouteSamples (routes_pages_test.go). A route with wildcards and
// no samples fails the walk, so a new record route cannot go untested.
func samplesFor(f *fixture) map[string][]routeSample {
	imp := f.startTestImport
	m := map[string][]routeSample{
		"GET /import/{id}":         {{imp(cityUser), []string{cityUser, provinceUser}}, {"/import/999999", nil}},
		"GET /import/{id}/rejects": {{imp(cityUser) + "/rejects", []string{cityUser, provinceUser}}, {"/import/999999/rejects", nil}},
		"GET /api/v1/imports/{id}": {{"/api/v1/imports/" + strings.TrimPrefix(imp(provinceUser), "/import/"), []string{provinceUser}}, {"/api/v1/imports/999999", nil}},
	}
	for _, action := range []string{"reset", "lock", "unlock"} {
		m["POST /admin/users/{name}/"+action] = []routeSample{{"/admin/users/" + spareUser + "/" + action, []string{provinceUser}}, {"/admin/users/NOBODY/" + action, nil}}
	}
	for _, action := range []string{"reset-password", "lock", "unlock"} {
		m["POST /api/v1/users/{name}/"+action] = []routeSample{{"/api/v1/users/" + spareUser + "/" + action, []string{provinceUser}}, {"/api/v1/users/NOBODY/" + action, nil}}
	}
	for k, v := range pageRouteSamples(f) {
		m[k] = v
	}
	for k, v := range hubRouteSamples(f) {
		m[k] = v
	}
	for k, v := range followupRouteSamples(f) {
		m[k] = v
	}
	for k, v := range problemRouteSamples(f) {
		m[k] = v
	}
	for k, v := range refundRouteSamples(f) {
		m[k] = v
	}
	for k, v := range campaignRouteSamples(f) {
		m[k] = v
	}
	for k, v := range policyRouteSamples(f) {
		m[k] = v
	}
	for k, v := range contestRouteSamples(f) {
		m[k] = v
	}
	return m
}

// TestEveryRouteAsEveryRole walks the whole route table as anonymous and
// as each role: anonymous is sent to sign in (pages) or gets 401 (API),
// a role the route does not allow gets 403, a record outside the user's
// scope gets 404, and everything else is served. The upload routes are
// walked again with a file of every import kind, rows in and out of
// scope, by TestEveryImportKindAsEveryRole.
func TestEveryRouteAsEveryRole(t *testing.T) {
	onEveryStore(t, func(t *testing.T, f *fixture) {
		samples := samplesFor(f)
		for _, rt := range f.srv.Routes() {
			key := rt.Method + " " + rt.Pattern
			paths := samples[key]
			if paths == nil {
				if strings.Contains(strings.TrimSuffix(rt.Pattern, "{$}"), "{") {
					t.Errorf("%s: a route with wildcards needs samples in samplesFor / pageRouteSamples", key)
					continue
				}
				p := strings.TrimSuffix(rt.Pattern, "{$}")
				if strings.HasSuffix(p, "/") && p != "/" {
					p += "app.css" // a subtree: the static files
				}
				paths = []routeSample{{p, everyone}}
			}
			for _, sample := range paths {
				t.Run(key+" "+sample.Path, func(t *testing.T) {
					checkAnonymous(t, f, rt, sample.Path)
					for _, name := range walkers {
						status := walkRequest(t, f, rt, sample.Path, name)
						role := f.user(t, name).Role
						switch {
						case rt.Public:
							if status >= 500 || status == http.StatusForbidden || status == http.StatusNotFound {
								t.Errorf("%s (%s): public route answered %d", name, role, status)
							}
						case !rt.allows(role):
							if status != http.StatusForbidden {
								t.Errorf("%s (%s): role not allowed, want 403, got %d", name, role, status)
							}
						case !slices.Contains(sample.VisibleTo, name):
							if status != http.StatusNotFound {
								t.Errorf("%s (%s): out of scope, want 404, got %d", name, role, status)
							}
						default:
							if status >= 500 || status == http.StatusUnauthorized || status == http.StatusForbidden || status == http.StatusNotFound {
								t.Errorf("%s (%s): in scope, got %d", name, role, status)
							}
						}
					}
				})
			}
		}
	})
}

func checkAnonymous(t *testing.T, f *fixture, rt Route, path string) {
	t.Helper()
	c := f.anonymous(t)
	var resp *http.Response
	if rt.API {
		resp = c.api(rt.Method, path, jsonBodyFor(rt))
	} else {
		resp = c.do(c.request(rt.Method, path, nil))
	}
	switch {
	case rt.Public:
		if resp.StatusCode >= 500 {
			t.Errorf("anonymous: public route answered %d", resp.StatusCode)
		}
	case rt.API:
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("anonymous API: want 401, got %d", resp.StatusCode)
		}
	case resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/signin"):
		t.Errorf("anonymous page: want a redirect to /signin, got %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
}

// walkRequest requests path as name, in a fresh session each time (a
// sign-out route ends the session it uses): pages with the cookie and a
// form with the CSRF token, API routes with the bearer token.
func walkRequest(t *testing.T, f *fixture, rt Route, path, name string) int {
	t.Helper()
	c := f.session(t, name)
	if rt.API {
		return c.api(rt.Method, path, jsonBodyFor(rt)).StatusCode
	}
	if rt.Method == http.MethodPost {
		return c.post(path, nil).StatusCode
	}
	return c.do(c.request(rt.Method, path, nil)).StatusCode
}

// jsonBodyFor is an empty JSON object for API routes that read a body.
func jsonBodyFor(rt Route) string {
	if rt.Method == http.MethodPost {
		return "{}"
	}
	return ""
}
