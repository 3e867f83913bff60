package web

import (
	"net/http"
	"slices"

	"postcrm"
)

// HandlerFunc serves one route. It returns an error instead of writing
// one, so that error pages, JSON errors and status codes are decided in
// one place (see respond.go): postcrm.ErrNotFound is 404, an httpError
// carries its own status, anything else is 500 and logged.
type HandlerFunc func(w http.ResponseWriter, req *Request) error

// Route is one entry of the route table. The mux, the navigation and the
// all-routes-all-roles test are all built from the table, so a route
// added here is served, linked and tested without another list to edit.
type Route struct {
	Method  string // GET or POST (GET also answers HEAD)
	Pattern string // http.ServeMux path pattern, e.g. "/customers/{code}"
	Handle  HandlerFunc
	// Roles may use the route; nil means every signed-in user. Others
	// get 403.
	Roles []postcrm.Role
	// Public routes need no sign-in (sign-in page, static files, health).
	Public bool
	// Sessionless public routes never ask who is signed in, so the
	// session and user are not looked up: a page loads several static
	// files, each of which would cost two store reads.
	Sessionless bool
	// API routes answer JSON (401/403/404 as JSON, not a redirect) and
	// accept a bearer token instead of the session cookie.
	API bool
	// Nav is the message key of the route's link in the navigation bar;
	// empty for routes that are not linked there.
	Nav string
	// AllowPasswordChange marks the routes a user who must change their
	// password may still use (the form itself, sign-out, static files).
	AllowPasswordChange bool
}

// Role sets for the route table.
var (
	allRoles = []postcrm.Role{postcrm.RoleCourier, postcrm.RoleOfficeManager,
		postcrm.RoleCityManager, postcrm.RoleProvinceAdmin}
	provinceOnly = []postcrm.Role{postcrm.RoleProvinceAdmin}
	importers    = []postcrm.Role{postcrm.RoleProvinceAdmin, postcrm.RoleCityManager}
	managers     = []postcrm.Role{postcrm.RoleOfficeManager, postcrm.RoleCityManager, postcrm.RoleProvinceAdmin}
)

// allows reports whether a user of role may use the route.
func (rt Route) allows(role postcrm.Role) bool {
	return rt.Roles == nil || slices.Contains(rt.Roles, role)
}

// Routes is the whole route table: the page routes (routes_pages.go)
// and the core routes (sign-in, import, admin, static), in the order
// the navigation bar shows them.
func (s *Server) Routes() []Route {
	return slices.Concat(s.pageRoutes(), s.followupRoutes(), s.problemRoutes(), s.refundRoutes(), s.campaignRoutes(), s.policyRoutes(), s.hubRoutes(), s.contestRoutes(), s.coreRoutes(), s.scheduleRoutes())
}

func (s *Server) coreRoutes() []Route {
	return []Route{
		{Method: "GET", Pattern: "/static/", Handle: s.static, Public: true, Sessionless: true, AllowPasswordChange: true},
		{Method: "GET", Pattern: "/healthz", Handle: s.healthz, Public: true, Sessionless: true, AllowPasswordChange: true},
		{Method: "GET", Pattern: "/metrics", Handle: s.metricsPage, Public: true, Sessionless: true, AllowPasswordChange: true},

		{Method: "GET", Pattern: "/signin", Handle: s.signinForm, Public: true, AllowPasswordChange: true},
		{Method: "POST", Pattern: "/signin", Handle: s.signin, Public: true, AllowPasswordChange: true},
		{Method: "POST", Pattern: "/signout", Handle: s.signout, AllowPasswordChange: true},
		{Method: "GET", Pattern: "/password", Handle: s.passwordForm, AllowPasswordChange: true},
		{Method: "POST", Pattern: "/password", Handle: s.changePassword, AllowPasswordChange: true},

		{Method: "GET", Pattern: "/import", Handle: s.importPage, Roles: importers, Nav: "nav.import"},
		{Method: "POST", Pattern: "/import", Handle: s.importUpload, Roles: importers},
		{Method: "GET", Pattern: "/import/{id}", Handle: s.importRunPage, Roles: importers},
		{Method: "GET", Pattern: "/import/{id}/rejects", Handle: s.importRejects, Roles: importers},

		{Method: "GET", Pattern: "/admin/users", Handle: s.adminUsers, Roles: provinceOnly, Nav: "nav.users"},
		{Method: "POST", Pattern: "/admin/users", Handle: s.adminCreateUser, Roles: provinceOnly},
		{Method: "POST", Pattern: "/admin/users/{name}/reset", Handle: s.adminResetPassword, Roles: provinceOnly},
		{Method: "POST", Pattern: "/admin/users/{name}/lock", Handle: s.adminLock, Roles: provinceOnly},
		{Method: "POST", Pattern: "/admin/users/{name}/unlock", Handle: s.adminUnlock, Roles: provinceOnly},
		{Method: "GET", Pattern: "/admin/audit", Handle: s.adminAudit, Roles: provinceOnly, Nav: "nav.audit"},
		{Method: "GET", Pattern: "/admin/notices", Handle: s.adminNotices, Roles: provinceOnly, Nav: "nav.notices"},
		{Method: "POST", Pattern: "/admin/notices", Handle: s.adminSaveNotices, Roles: provinceOnly},

		{Method: "POST", Pattern: "/api/v1/session", Handle: s.apiSignin, Public: true, API: true},
		{Method: "DELETE", Pattern: "/api/v1/session", Handle: s.apiSignout, API: true, AllowPasswordChange: true},
		{Method: "GET", Pattern: "/api/v1/me", Handle: s.apiMe, API: true, AllowPasswordChange: true},
		{Method: "POST", Pattern: "/api/v1/password", Handle: s.apiChangePassword, API: true, AllowPasswordChange: true},
		{Method: "GET", Pattern: "/api/v1/users", Handle: s.apiUsers, Roles: provinceOnly, API: true},
		{Method: "POST", Pattern: "/api/v1/users", Handle: s.apiCreateUser, Roles: provinceOnly, API: true},
		{Method: "POST", Pattern: "/api/v1/users/{name}/reset-password", Handle: s.apiResetPassword, Roles: provinceOnly, API: true},
		{Method: "POST", Pattern: "/api/v1/users/{name}/lock", Handle: s.apiLock, Roles: provinceOnly, API: true},
		{Method: "POST", Pattern: "/api/v1/users/{name}/unlock", Handle: s.apiUnlock, Roles: provinceOnly, API: true},
		{Method: "GET", Pattern: "/api/v1/audit", Handle: s.apiAudit, Roles: provinceOnly, API: true},
		{Method: "GET", Pattern: "/api/v1/imports", Handle: s.apiImports, Roles: importers, API: true},
		{Method: "POST", Pattern: "/api/v1/imports", Handle: s.apiImportUpload, Roles: importers, API: true},
		{Method: "GET", Pattern: "/api/v1/imports/{id}", Handle: s.apiImport, Roles: importers, API: true},
	}
}
