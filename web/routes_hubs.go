package web

import "postcrm"

// hubManagers manage a hub: its settings, the dock form, the wall-screen
// links. There is no hub-manager role: a hub belongs to a city, and its
// city's managers and the province administrators manage it (the store
// checks the city). Office managers are the branches' coordinators: they
// read the board of their city's hubs and record their own branch's
// volunteers' attendance.
var hubManagers = []postcrm.Role{postcrm.RoleCityManager, postcrm.RoleProvinceAdmin}

// hubRoutes are the mail-hub backlog board's pages and API: the hubs,
// a hub's board as of a moment with its tiles' rows, the dock form, the
// settings and wall-screen links, and the wall screen itself, which
// needs no sign-in but a link's token, and updates by server-sent
// events.
func (s *Server) hubRoutes() []Route {
	return []Route{
		{Method: "GET", Pattern: "/hubs", Handle: pageOf(s, "hubs", "hubs.title", s.loadHubs), Roles: managers, Nav: "nav.hubs"},
		{Method: "GET", Pattern: "/hubs/{code}", Handle: s.hubBoardPage, Roles: managers},
		{Method: "GET", Pattern: "/hubs/{code}/rows", Handle: s.hubRowsPage, Roles: managers},
		{Method: "GET", Pattern: "/hubs/{code}/workbook", Handle: s.hubWorkbook, Roles: managers},
		{Method: "POST", Pattern: "/hubs/{code}/roster", Handle: s.hubRosterStatus, Roles: managers},
		{Method: "POST", Pattern: "/hubs/{code}/roster/add", Handle: s.hubRosterAdd, Roles: managers},
		{Method: "GET", Pattern: "/hubs/{code}/counts", Handle: s.hubCountsPage, Roles: hubManagers},
		{Method: "POST", Pattern: "/hubs/{code}/counts", Handle: s.hubCountsSave, Roles: hubManagers},
		{Method: "GET", Pattern: "/hubs/{code}/dock", Handle: s.hubDockPage, Roles: hubManagers},
		{Method: "POST", Pattern: "/hubs/{code}/vehicles", Handle: s.hubDockSave, Roles: hubManagers},
		{Method: "GET", Pattern: "/hubs/{code}/settings", Handle: s.hubSettingsPage, Roles: hubManagers},
		{Method: "POST", Pattern: "/hubs/{code}/settings", Handle: s.hubSettingsSave, Roles: hubManagers},
		{Method: "POST", Pattern: "/hubs/{code}/links", Handle: s.hubLinkCreate, Roles: hubManagers},
		{Method: "POST", Pattern: "/hubs/{code}/links/{id}/revoke", Handle: s.hubLinkRevoke, Roles: hubManagers},
		{Method: "GET", Pattern: "/wall/{token}", Handle: s.wallPage, Public: true, Sessionless: true},
		{Method: "GET", Pattern: "/wall/{token}/events", Handle: s.wallEvents, Public: true, Sessionless: true},

		{Method: "GET", Pattern: "/api/v1/hubs/{code}/board", Handle: apiOf(s.loadHubBoardJSON), Roles: managers, API: true},
		{Method: "POST", Pattern: "/api/v1/hubs/{code}/vehicles", Handle: s.apiHubVehicle, Roles: hubManagers, API: true},
	}
}
