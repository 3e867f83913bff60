package web

import "postcrm"

// apiReport answers the report as JSON: the document `postcrm report
// NAME --format json` prints.
func (s *Server) apiReport(name string) HandlerFunc {
	return apiOf(func(req *Request) (postcrm.Report, error) {
		_, r, err := s.loadReport(req, name)
		return r, err
	})
}
