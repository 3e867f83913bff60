package web

// policyRoutes are the acceptance-policy adjustments register's pages
// and API: everyone reads the adjustments of their scope (a courier must
// know what not to accept); the province and the city managers draft
// (a city manager for their own city); the province takes the steps.
func (s *Server) policyRoutes() []Route {
	return []Route{
		{Method: "GET", Pattern: "/policy", Handle: pageOf(s, "policy_list", "policy.title", s.loadPolicyList), Nav: "nav.policy"},
		{Method: "GET", Pattern: "/policy/new", Handle: s.policyFormPage, Roles: importers},
		{Method: "POST", Pattern: "/policy", Handle: s.policyCreate, Roles: importers},
		{Method: "GET", Pattern: "/policy/{id}", Handle: s.policyPage},
		{Method: "GET", Pattern: "/policy/{id}/edit", Handle: s.policyEditPage, Roles: importers},
		{Method: "POST", Pattern: "/policy/{id}/edit", Handle: s.policyEdit, Roles: importers},
		{Method: "POST", Pattern: "/policy/{id}/step", Handle: s.policyStep, Roles: provinceOnly},

		{Method: "GET", Pattern: "/api/v1/policy", Handle: apiOf(s.loadPolicyList), API: true},
		{Method: "GET", Pattern: "/api/v1/policy/{id}", Handle: apiOf(s.loadPolicy), API: true},
	}
}
