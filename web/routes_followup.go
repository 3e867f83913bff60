package web

import "postcrm"

// effectReaders may read the effect page, each in their scope. Office
// managers are not among them: an office's month has too few measured
// warnings to read an uplift from, and their city manager reads it
// office by office.
var effectReaders = []postcrm.Role{postcrm.RoleCityManager, postcrm.RoleProvinceAdmin}

// workers are the roles whose home page is the work list.
var workers = []postcrm.Role{postcrm.RoleCourier, postcrm.RoleOfficeManager}

// followupRoutes are the follow-up loop's pages and API: the
// dispatched warnings, a warning's contacts and the phone-sized form to
// record one, reassignment, the unowned pool, and the effect and PDCA
// page: the province's, and a city manager's of their city (without the
// settings and the act notes, which stay the province's). Every read and
// write goes through the store with the user's scope.
func (s *Server) followupRoutes() []Route {
	return []Route{
		{Method: "GET", Pattern: "/followup", Handle: pageOf(s, "followup_list", "followup.title", s.loadFollowupList), Nav: "nav.followup"},
		{Method: "GET", Pattern: "/followup/{id}", Handle: s.followupPage},
		{Method: "GET", Pattern: "/followup/{id}/contact", Handle: s.contactFormPage},
		{Method: "POST", Pattern: "/followup/{id}/contacts", Handle: s.followupContact},
		{Method: "POST", Pattern: "/followup/{id}/assign", Handle: s.followupAssign, Roles: managers},
		{Method: "GET", Pattern: "/followup/pool", Handle: pageOf(s, "followup_pool", "followup.pool_title", s.loadPool), Roles: managers, Nav: "nav.followup_pool"},
		{Method: "POST", Pattern: "/customers/{code}/owner", Handle: s.poolAssign, Roles: managers},
		{Method: "GET", Pattern: "/followup/effect", Handle: s.serveEffect, Roles: effectReaders, Nav: "nav.followup_effect"},
		{Method: "POST", Pattern: "/followup/effect/notes", Handle: s.actNote, Roles: provinceOnly},
		{Method: "POST", Pattern: "/followup/effect/settings", Handle: s.saveFollowupSettings, Roles: provinceOnly},
		{Method: "POST", Pattern: "/followup/effect/alert-settings", Handle: s.saveAlertSettings, Roles: provinceOnly},

		{Method: "GET", Pattern: "/api/v1/followup", Handle: apiOf(s.loadFollowupList), API: true},
		{Method: "GET", Pattern: "/api/v1/followup/{id}", Handle: apiOf(s.loadFollowup), API: true},
		{Method: "POST", Pattern: "/api/v1/followup/{id}/contacts", Handle: s.apiFollowupContact, API: true},
		{Method: "POST", Pattern: "/api/v1/followup/{id}/assign", Handle: s.apiFollowupAssign, Roles: managers, API: true},
		{Method: "GET", Pattern: "/api/v1/worklist", Handle: apiOf(s.loadWorklist), Roles: workers, API: true},
		{Method: "GET", Pattern: "/api/v1/followup/pool", Handle: apiOf(s.loadPool), Roles: managers, API: true},
		{Method: "GET", Pattern: "/api/v1/followup/effect", Handle: apiOf(s.loadEffect), Roles: effectReaders, API: true},
	}
}
