package web

// problemRoutes are the problem list (领题破题): the list with its
// filters, each owner's work list, the form that raises a problem (also
// from a PDCA conclusion), a problem's page with its measures, history
// and the watched figure's trend, and the actions on it. Couriers see
// the problems and measures they own; the store scopes every read.
func (s *Server) problemRoutes() []Route {
	return []Route{
		{Method: "GET", Pattern: "/problems", Handle: s.problemsPage, Nav: "nav.problems"},
		{Method: "GET", Pattern: "/problems/mine", Handle: s.myProblemsPage},
		{Method: "GET", Pattern: "/problems/new", Handle: s.problemFormPage, Roles: managers},
		{Method: "POST", Pattern: "/problems", Handle: s.raiseProblem, Roles: managers},
		{Method: "GET", Pattern: "/problems/{id}", Handle: s.problemPage},
		{Method: "POST", Pattern: "/problems/{id}/step", Handle: s.stepProblem},
		{Method: "POST", Pattern: "/problems/{id}/measures", Handle: s.addMeasure},
		{Method: "POST", Pattern: "/problems/{id}/measures/{mid}", Handle: s.setMeasure},
	}
}
