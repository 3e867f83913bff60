package web

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"

	"postcrm"
	"postcrm/report"
	"postcrm/xlsxreport"
)

// reportRoles are who may read each report. Couriers read none: a
// courier's scope is the customers they own, and every report (the
// evening board too, which lists the office's couriers side by side)
// shows more than that; the board is on the office screen at the
// meeting, and a courier's own figures are on the start page.
var reportRoles = map[string][]postcrm.Role{
	"login":     importers,
	"quality":   importers,
	"ownership": managers,
	"bulletin":  importers,
	"evening":   managers,
	"revenue":   importers,
}

// reportRoutes are the reports' index, and per report its page, its
// workbook and its JSON, one route each so that the route table says
// which roles read which report.
func (s *Server) reportRoutes() []Route {
	rts := []Route{
		{Method: "GET", Pattern: "/reports", Handle: pageOf(s, "report_index", "reports.title", s.loadReportIndex), Roles: managers, Nav: "nav.reports"},
		{Method: "GET", Pattern: "/api/v1/reports", Handle: apiOf(s.loadReportIndex), Roles: managers, API: true},
	}
	for _, name := range report.Names() {
		roles := reportRoles[name]
		rts = append(rts,
			Route{Method: "GET", Pattern: "/reports/" + name, Handle: s.reportPage(name), Roles: roles},
			Route{Method: "GET", Pattern: "/reports/" + name + ".xlsx", Handle: s.reportWorkbook(name), Roles: roles},
			Route{Method: "GET", Pattern: "/api/v1/reports/" + name, Handle: s.apiReport(name), Roles: roles, API: true})
	}
	return rts
}

// reportScope maps the ?scope= a user asks for (province, city:NAME or
// office:CODE; empty for the user's own) onto a report's scope, never
// wider than the user's: the province any scope, a city manager their
// city or one of its offices, an office manager their office. offices
// are the offices the store's scoped read gives the user. Anything else
// is ErrNotFound, as for any record out of scope.
func reportScope(user postcrm.Scope, offices []postcrm.Office, asked string) (report.Scope, error) {
	if user.Role == postcrm.RoleCourier {
		return report.Scope{}, postcrm.ErrNotFound
	}
	if asked == "" {
		switch user.Role {
		case postcrm.RoleProvinceAdmin:
			asked = "province"
		case postcrm.RoleCityManager:
			asked = "city:" + user.City
		default:
			asked = "office:" + user.OfficeCode
		}
	}
	level, code, _ := strings.Cut(asked, ":")
	switch level {
	case "province":
		if user.Role == postcrm.RoleProvinceAdmin && code == "" {
			return report.Scope{Level: report.ScopeProvince}, nil
		}
	case "city":
		wide := user.Role == postcrm.RoleProvinceAdmin || (user.Role == postcrm.RoleCityManager && user.City == code)
		if wide && slices.ContainsFunc(offices, func(o postcrm.Office) bool { return o.City == code }) {
			return report.Scope{Level: report.ScopeCity, Code: code}, nil
		}
	case "office":
		if slices.ContainsFunc(offices, func(o postcrm.Office) bool { return o.Code == code }) {
			return report.Scope{Level: report.ScopeOffice, Code: code}, nil
		}
	default:
		return report.Scope{}, userError(http.StatusBadRequest, "reports.bad_scope", asked)
	}
	return report.Scope{}, postcrm.ErrNotFound
}

// scopeParam writes a report scope the way ?scope= takes it.
func scopeParam(sc report.Scope) string {
	if sc.Level == report.ScopeProvince {
		return "province"
	}
	return string(sc.Level) + ":" + sc.Code
}

// reportQuery is a report asked for: the request for the report package,
// the offices in the user's scope (for the scope menu) and the reports
// bound to the scope asked for.
type reportQuery struct {
	req     report.Request
	offices []postcrm.Office
	reports report.Scoped
	lastDay postcrm.Date // the evening board's: the latest day with data (0: none)
}

// reportQueryOf reads the month (default: the last complete month in the
// data), the scope and, for the evening board, the day (default: the
// latest day with data) and the office (default: the user's, or the
// first in scope). The index asks with name "".
func (s *Server) reportQueryOf(req *Request, name string) (reportQuery, error) {
	ctx := req.Context()
	q := reportQuery{req: report.Request{Measurements: s.measurements}}
	var err error
	if q.offices, err = s.store.ScopedOffices(ctx, req.Scope); err != nil {
		return q, err
	}
	asked := req.URL.Query().Get("scope")
	if name == "evening" && asked == "" && req.Scope.OfficeCode == "" && len(q.offices) > 0 {
		asked = "office:" + q.offices[0].Code
	}
	if q.req.Scope, err = reportScope(req.Scope, q.offices, asked); err != nil {
		return q, err
	}
	q.reports = s.reports.In(q.req.Scope)
	if name == "evening" {
		if q.req.Scope.Level != report.ScopeOffice {
			return q, userError(http.StatusBadRequest, "reports.evening_office")
		}
		if q.req.Day, q.lastDay, err = s.reportDay(req); err != nil {
			return q, err
		}
		q.req.Month = q.req.Day.YearMonth()
		return q, nil
	}
	if req.URL.Query().Get("month") != "" {
		q.req.Month, err = s.monthParam(req)
		return q, err
	}
	q.req.Month, err = s.defaultReportMonth(ctx)
	return q, err
}

// defaultReportMonth is the last complete month in the data, as the
// command line's default; without data, last month.
func (s *Server) defaultReportMonth(ctx context.Context) (postcrm.Month, error) {
	last, err := s.reports.LastDataDay(ctx)
	if err != nil {
		return 0, fmt.Errorf("latest day with data: %w", err)
	}
	if last == 0 {
		return thisMonth(s.now()).Add(-1), nil
	}
	return report.CompleteMonth(last), nil
}

// reportDay is ?day=YYYY-MM-DD, else the latest day with data (today
// while the day's waybills come in), else today; last is the latest day
// with data, which the board shows as its "as of".
func (s *Server) reportDay(req *Request) (day, last postcrm.Date, err error) {
	if v := req.URL.Query().Get("day"); v != "" {
		t, err := time.ParseInLocation("2006-01-02", v, postcrm.ChinaTime)
		if err != nil {
			return 0, 0, userError(http.StatusBadRequest, "reports.bad_day", v)
		}
		day = postcrm.DateOf(t)
	}
	if last, err = s.reports.LastDataDay(req.Context()); err != nil {
		return 0, 0, fmt.Errorf("latest day with data: %w", err)
	}
	switch {
	case day != 0:
		return day, last, nil
	case last != 0:
		return last, last, nil
	}
	return postcrm.DateOf(s.now()), 0, nil
}

// loadReport is the report a request asks for.
func (s *Server) loadReport(req *Request, name string) (reportQuery, postcrm.Report, error) {
	q, err := s.reportQueryOf(req, name)
	if err != nil {
		return q, postcrm.Report{}, err
	}
	r, err := s.keptReport(req, name, q)
	return q, r, err
}

// reportWorkbook sends the workbook the command line writes for the same
// report, month and scope.
func (s *Server) reportWorkbook(name string) HandlerFunc {
	return func(w http.ResponseWriter, req *Request) error {
		_, r, err := s.loadReport(req, name)
		if err != nil {
			return err
		}
		local := req.T("reports.name."+name) + "-" + r.Scope + "-" + r.Period + ".xlsx"
		return download(w, xlsxType, name+"-"+r.Period+".xlsx", local, func(out io.Writer) error {
			if err := xlsxreport.Write(out, r); err != nil {
				return fmt.Errorf("report workbook %s: %w", name, err)
			}
			return nil
		})
	}
}

// apiReport answers the report as JSON: the document `postcrm report
// NAME --format json` prints.
func (s *Server) apiReport(name string) HandlerFunc {
	return apiOf(func(req *Request) (postcrm.Report, error) {
		_, r, err := s.loadReport(req, name)
		return r, err
	})
}
