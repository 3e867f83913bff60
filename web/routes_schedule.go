package web

// scheduleRoutes are the schedule's page: the jobs' times, their last
// and next runs and the log (province administrators only).
func (s *Server) scheduleRoutes() []Route {
	return []Route{
		{Method: "GET", Pattern: "/admin/schedule", Handle: s.adminSchedule, Roles: provinceOnly, Nav: "nav.schedule"},
		{Method: "POST", Pattern: "/admin/schedule", Handle: s.adminSaveSchedule, Roles: provinceOnly},
	}
}
