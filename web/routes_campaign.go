package web

import "postcrm"

// campaignSetters create and change campaigns: the province anywhere, a
// city manager in their city (the store checks the places).
var campaignSetters = []postcrm.Role{postcrm.RoleCityManager, postcrm.RoleProvinceAdmin}

// campaignRoutes are the campaigns' pages and API: the list, the form to
// set one up, its page with the measured effect, the counter's gift form
// (phone-sized) and the workbook; and the member growth page with its
// leaderboard and the month's targets. Every read and write goes through
// the campaign store with the user's scope.
func (s *Server) campaignRoutes() []Route {
	return []Route{
		{Method: "GET", Pattern: "/campaigns", Handle: pageOf(s, "campaigns", "campaign.title", s.loadCampaigns), Nav: "nav.campaigns"},
		{Method: "GET", Pattern: "/campaigns/new", Handle: s.campaignFormPage, Roles: campaignSetters},
		{Method: "POST", Pattern: "/campaigns", Handle: s.saveCampaign, Roles: campaignSetters},
		{Method: "GET", Pattern: "/campaigns/{id}", Handle: s.campaignPage},
		{Method: "GET", Pattern: "/campaigns/{id}/edit", Handle: s.campaignFormPage, Roles: campaignSetters},
		{Method: "POST", Pattern: "/campaigns/{id}", Handle: s.saveCampaign, Roles: campaignSetters},
		{Method: "GET", Pattern: "/campaigns/{id}/gift", Handle: s.giftFormPage},
		{Method: "POST", Pattern: "/campaigns/{id}/gifts", Handle: s.recordGift},
		{Method: "GET", Pattern: "/campaigns/{id}/export", Handle: s.campaignExport, Roles: managers},
		{Method: "POST", Pattern: "/campaigns/{id}/gifts/import", Handle: s.importGifts, Roles: managers},
		{Method: "GET", Pattern: "/members", Handle: s.membersPage, Nav: "nav.members"},
		{Method: "POST", Pattern: "/members/targets", Handle: s.setMemberTarget, Roles: managers},
		{Method: "GET", Pattern: "/members/export", Handle: s.membersExport, Roles: managers},

		{Method: "GET", Pattern: "/api/v1/campaigns", Handle: apiOf(s.loadCampaigns), API: true},
		{Method: "POST", Pattern: "/api/v1/campaigns", Handle: s.apiSaveCampaign, Roles: campaignSetters, API: true},
		{Method: "GET", Pattern: "/api/v1/campaigns/{id}", Handle: apiOf(s.loadCampaign), API: true},
		{Method: "POST", Pattern: "/api/v1/campaigns/{id}/gifts", Handle: s.apiRecordGift, API: true},
		{Method: "GET", Pattern: "/api/v1/members", Handle: apiOf(s.loadMembers), API: true},
		{Method: "POST", Pattern: "/api/v1/members/targets", Handle: s.apiSetMemberTarget, Roles: managers, API: true},
	}
}
