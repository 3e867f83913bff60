package web

import "postcrm"

// openers may open a refund case: the counter (an office manager's
// account: postcrm has no separate counter role), the courier who owns
// the customer, the province's customer service. The rules
// (refund.Table) say the same; the route keeps the form from the others.
var openers = []postcrm.Role{postcrm.RoleOfficeManager, postcrm.RoleCourier, postcrm.RoleProvinceAdmin}

// refundRoutes are the refund workflow's pages: the list with the
// waybill look-up and the user's own steps, a new case from a waybill,
// a case with its steps, history and next action, the actions, and the
// monthly report. Every read and write is within the user's scope.
func (s *Server) refundRoutes() []Route {
	return []Route{
		{Method: "GET", Pattern: "/refunds", Handle: pageOf(s, "refunds", "refund.title", s.loadRefunds), Nav: "nav.refunds"},
		{Method: "GET", Pattern: "/refunds/new", Handle: s.refundNewPage, Roles: openers},
		{Method: "POST", Pattern: "/refunds", Handle: s.refundOpen, Roles: openers},
		{Method: "GET", Pattern: "/refunds/case/{no}", Handle: s.refundCasePage},
		{Method: "POST", Pattern: "/refunds/case/{no}/act", Handle: s.refundAct},
		{Method: "GET", Pattern: "/refunds/report", Handle: pageOf(s, "refund_report", "refund.report_title", s.loadRefundReport), Roles: managers, Nav: "nav.refund_report"},
		{Method: "GET", Pattern: "/refunds/report.xlsx", Handle: s.refundReportXLSX, Roles: managers},

		{Method: "GET", Pattern: "/api/v1/refunds", Handle: apiOf(s.loadRefunds), API: true},
		{Method: "GET", Pattern: "/api/v1/refunds/report", Handle: apiOf(s.loadRefundReportJSON), Roles: managers, API: true},
	}
}
