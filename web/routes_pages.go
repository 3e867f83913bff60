package web

// pageRoutes are the routes of the pages people work in (dashboard,
// warnings, customer, walk-ins) and their JSON API; the pages helper
// fills this in.
func (s *Server) pageRoutes() []Route { return nil }
