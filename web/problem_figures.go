package web

import (
	"fmt"
	"math"

	"postcrm"
	"postcrm/problem"
	"postcrm/report"
	"postcrm/svgchart"
)

// trendBefore is how many months before the one a problem was raised in
// its trend starts: the figure as it stood when it was taken up.
const trendBefore = 3

// maxTrend bounds the trend to two years of months.
const maxTrend = 24

// unitReportScope is the reports' scope of a problem's unit.
func unitReportScope(u problem.Unit) report.Scope {
	switch u.Level {
	case problem.LevelOffice:
		return report.Scope{Level: report.ScopeOffice, Code: u.OfficeCode}
	case problem.LevelCity:
		return report.Scope{Level: report.ScopeCity, Code: u.City}
	}
	return report.Scope{}
}

// unitValues are the unit's watched figures of month m, read through
// report.Scoped.Watched (the bulletin's own build) and kept as a
// summary at the data versions, as the reports are. The handler has
// read the problem within the user's scope; these are its unit's
// aggregates only.
func (s *Server) unitValues(req *Request, u problem.Unit, m postcrm.Month) (problem.Values, error) {
	ctx := req.Context()
	key := postcrm.SummaryKey{Scope: u.Key(), Name: "problem-figures", Month: m}
	version := func() (string, error) { return s.kept.dataVersion(ctx) }
	return kept(ctx, s.kept, key, version, func() (problem.Values, error) {
		return s.reports.In(unitReportScope(u)).Watched(ctx, report.Request{Month: m, Measurements: s.measurements})
	})
}

// latestCompleteMonth is the last complete month of data, the month a closing
// is judged on.
func (s *Server) latestCompleteMonth(req *Request) (postcrm.Month, error) {
	last, err := s.reports.LastDataDay(req.Context())
	if err != nil || last == 0 {
		return 0, err
	}
	return report.CompleteMonth(last), nil
}

// latestValue is the watched figure of the last complete month.
func (s *Server) latestValue(req *Request, p problem.Problem) (problem.Point, error) {
	m, err := s.latestCompleteMonth(req)
	if err != nil || m == 0 {
		return problem.Point{}, err
	}
	vs, err := s.unitValues(req, p.Unit, m)
	if err != nil {
		return problem.Point{}, err
	}
	v, ok := vs[p.Watch.Figure]
	return problem.Point{Month: m, Value: v, OK: ok}, nil
}

// watchView is the watched figure's monthly trend from trendBefore
// months before the problem was raised to the last complete month, with
// the target beside it.
func (s *Server) watchView(req *Request, p problem.Problem) (*watchView, error) {
	d, _ := problem.Def(p.Watch.Figure)
	label := req.T("problem.figure." + string(d.Figure))
	w := &watchView{Label: label, Target: req.T("problem.dir."+string(p.Watch.Direction)) + " " + d.Format(p.Watch.Target)}
	last, err := s.latestCompleteMonth(req)
	if err != nil || last == 0 {
		return w, err
	}
	from := postcrm.DateOf(p.RaisedAt).YearMonth().Add(-trendBefore)
	if last.Add(-(maxTrend - 1)) > from {
		from = last.Add(-(maxTrend - 1))
	}
	var labels []string
	var values, target []float64
	scale := 1.0
	if d.Percent {
		scale = 100
	}
	for m := from; m <= last; m = m.Add(1) {
		vs, err := s.unitValues(req, p.Unit, m)
		if err != nil {
			return w, err
		}
		v, ok := vs[p.Watch.Figure]
		labels = append(labels, m.String())
		target = append(target, p.Watch.Target*scale)
		pr := pointRow{Month: m.String(), Value: "—"}
		if ok {
			values = append(values, v*scale)
			pr.Value = d.Format(v)
		} else {
			values = append(values, math.NaN())
		}
		w.Points = append(w.Points, pr)
		if m == last {
			w.LatestMonth, w.HasLatest = m.String(), ok
			if ok {
				w.Latest, w.Met = d.Format(v), p.Watch.Met(v)
			}
		}
	}
	format := chartFormat(req)
	if d.Percent {
		format = func(v float64) string { return fmt.Sprintf("%.0f%%", v) }
	}
	c := svgchart.Chart{Title: label, Labels: labels, Kind: svgchart.Line, Format: format,
		Series: []svgchart.Series{{Name: label, Values: values}, {Name: req.T("problem.target"), Values: target}}}
	w.Chart = c.SVG()
	return w, nil
}
