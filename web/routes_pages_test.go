package web

import (
	"fmt"
	"net/url"
)

// visibleCustomers is, per fixture customer, the walking users whose
// scope holds it: CUST-A is the courier's, CUST-B another courier's in
// the same office, CUST-C another office's in the same city, CUST-D
// another city's.
var visibleCustomers = map[string][]string{
	"CUST-A": everyone,
	"CUST-B": {officeUser, cityUser, provinceUser},
	"CUST-C": {cityUser, provinceUser},
	"CUST-D": {provinceUser},
}

// pageRouteSamples gives sample paths for the page routes with wildcards
// (see samplesFor): every fixture customer and its warning, and records
// that do not exist.
func pageRouteSamples(f *fixture) map[string][]routeSample {
	m := map[string][]routeSample{
		"GET /customers/{code}":        {{"/customers/NOPE", nil}},
		"GET /api/v1/customers/{code}": {{"/api/v1/customers/NOPE", nil}},
		"GET /api/v1/warnings/{id}":    {{"/api/v1/warnings/999999", nil}, {"/api/v1/warnings/x", nil}},
	}
	for code, who := range visibleCustomers {
		m["GET /customers/{code}"] = append(m["GET /customers/{code}"], routeSample{"/customers/" + code, who})
		m["GET /api/v1/customers/{code}"] = append(m["GET /api/v1/customers/{code}"], routeSample{"/api/v1/customers/" + code, who})
		m["GET /api/v1/warnings/{id}"] = append(m["GET /api/v1/warnings/{id}"],
			routeSample{fmt.Sprintf("/api/v1/warnings/%d", f.WarningIDs[code]), who})
	}
	for _, rt := range f.srv.reportRoutes() {
		for _, sample := range reportScopeSamples {
			key := rt.Method + " " + rt.Pattern
			m[key] = append(m[key], routeSample{rt.Pattern + sample.Path, sample.VisibleTo})
		}
	}
	return m
}

// reportScopeSamples are the report routes' queries: each ?scope= and
// the walking users whose scope holds it (the evening board answers 400
// to a scope wider than an office, which the walk counts as served).
var reportScopeSamples = []routeSample{
	{"", everyone},
	{"?month=2026-05", everyone},
	{"?month=2026-05&scope=province", []string{provinceUser}},
	{"?scope=" + url.QueryEscape("city:石家庄市"), []string{cityUser, provinceUser}},
	{"?scope=" + url.QueryEscape("city:唐山市"), []string{provinceUser}},
	{"?scope=" + url.QueryEscape("city:NOWHERE"), nil},
	{"?scope=office:13000001&day=2026-05-20", []string{officeUser, cityUser, provinceUser}},
	{"?scope=office:13000002", []string{cityUser, provinceUser}},
	{"?scope=office:13100001", []string{provinceUser}},
	{"?scope=office:NOPE", nil},
}
