package web

// contestRoutes are the knowledge contest's: managers set contests up
// and host them; the big screen and the phones need only the code
// (Public, Sessionless: a stage laptop and 18 phones sign in to
// nothing). A phone's seat is a signed cookie; its press is a JSON-free
// form POST marked API so that it is judged without a session.
func (s *Server) contestRoutes() []Route {
	return []Route{
		{Method: "GET", Pattern: "/contest", Handle: s.contestsPage, Roles: managers, Nav: "nav.contest"},
		{Method: "POST", Pattern: "/contest", Handle: s.createContest, Roles: managers},
		{Method: "GET", Pattern: "/contest/{code}/host", Handle: s.contestHostPage, Roles: managers},
		{Method: "GET", Pattern: "/contest/{code}/judge", Handle: s.contestJudgePage, Roles: managers},
		{Method: "GET", Pattern: "/contest/{code}/result", Handle: s.contestResult, Roles: managers},
		{Method: "POST", Pattern: "/contest/{code}/questions", Handle: s.contestImportBank, Roles: managers, API: true},
		{Method: "GET", Pattern: "/api/v1/contests/{code}", Handle: apiOf(s.contestHostState), Roles: managers, API: true},
		{Method: "POST", Pattern: "/api/v1/contests/{code}/events", Handle: s.contestHostEvent, Roles: managers, API: true},

		{Method: "GET", Pattern: "/contest/{code}/screen", Handle: s.contestScreenPage, Public: true, Sessionless: true},
		{Method: "GET", Pattern: "/contest/{code}/stream", Handle: s.contestStream, Public: true, Sessionless: true},
		{Method: "GET", Pattern: "/contest/{code}/state", Handle: apiOf(s.contestState), Public: true, Sessionless: true, API: true},
		{Method: "GET", Pattern: "/contest/{code}/qr.png", Handle: s.contestQR, Public: true, Sessionless: true},
		{Method: "GET", Pattern: "/b/{code}", Handle: s.contestBuzzerPage, Public: true, Sessionless: true},
		{Method: "POST", Pattern: "/b/{code}/join", Handle: s.contestJoin, Public: true, Sessionless: true, API: true},
		{Method: "POST", Pattern: "/b/{code}/press", Handle: s.contestPress, Public: true, Sessionless: true, API: true},
	}
}
