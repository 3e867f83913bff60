package web

import "slices"

// pageRoutes are the routes of the pages people work in (dashboard,
// warnings, customer, walk-ins, reports) and their JSON API, which reads
// through the same load functions, so that both show the same records.
func (s *Server) pageRoutes() []Route {
	return slices.Concat([]Route{
		{Method: "GET", Pattern: "/{$}", Handle: s.dashboardPage, Nav: "nav.home"},
		{Method: "GET", Pattern: "/warnings", Handle: s.warningsPage, Nav: "nav.warnings"},
		{Method: "GET", Pattern: "/warnings/export", Handle: s.warningsExport},
		{Method: "GET", Pattern: "/walkins", Handle: pageOf(s, "walkins", "walkins.title", s.loadWalkins), Roles: managers, Nav: "nav.walkins"},
		{Method: "GET", Pattern: "/customers/{code}", Handle: s.customerPage},

		{Method: "GET", Pattern: "/api/v1/openapi.json", Handle: s.apiOpenAPI, API: true, Public: true},
		{Method: "GET", Pattern: "/api/v1/dashboard", Handle: apiOf(s.loadDashboard), API: true},
		{Method: "GET", Pattern: "/api/v1/warnings", Handle: apiOf(s.loadWarnings), API: true},
		{Method: "GET", Pattern: "/api/v1/warnings/{id}", Handle: apiOf(s.loadWarning), API: true},
		{Method: "GET", Pattern: "/api/v1/walkins", Handle: apiOf(s.loadWalkins), Roles: managers, API: true},
		{Method: "GET", Pattern: "/api/v1/customers/{code}", Handle: apiOf(s.loadCustomer), API: true},
		{Method: "GET", Pattern: "/api/v1/offices", Handle: apiOf(s.loadOffices), API: true},
	}, s.reportRoutes())
}
