package web

import (
	"cmp"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"postcrm"
	"postcrm/problem"
)

// problemScope is the user's scope for the problem store, with their own
// staff ID for every role: owners see their problems and measures.
func problemScope(req *Request) postcrm.Scope {
	sc := req.Scope
	sc.StaffID = req.User.Name
	return sc
}

// problemRow is a problem as the lists show it.
type problemRow struct {
	problem.Problem
	StateLabel string
	UnitLabel  string
	Overdue    bool
	WatchLabel string // the figure and target, "" when none
}

func (s *Server) problemRow(req *Request, p problem.Problem, today postcrm.Date) problemRow {
	r := problemRow{Problem: p, StateLabel: req.T("problem.state." + string(p.State)), UnitLabel: unitLabel(req, p), Overdue: p.Overdue(today)}
	if d, ok := problem.Def(p.Watch.Figure); ok {
		r.WatchLabel = req.T("problem.watch_line", req.T("problem.figure."+string(d.Figure)), req.T("problem.dir."+string(p.Watch.Direction)), d.Format(p.Watch.Target))
	}
	return r
}

func unitLabel(req *Request, p problem.Problem) string {
	switch p.Unit.Level {
	case problem.LevelOffice:
		return cmp.Or(p.UnitName, p.Unit.OfficeCode)
	case problem.LevelCity:
		return p.Unit.City
	}
	return req.T("problem.unit.province")
}

// problemsList is the list page: the filters and the rows.
type problemsList struct {
	Rows     []problemRow
	States   []problem.State
	Units    []unitChoice
	State    string
	Unit     string
	Owner    string
	Open     bool
	CanRaise bool
}

// unitChoice is a unit a user may pick: its key ("office:CODE") and name.
type unitChoice struct{ Key, Label string }

// unitChoices are the units a user manages, for the filters and the
// form: the province, its cities, their offices, as far as the user's
// scope goes.
func (s *Server) unitChoices(req *Request) ([]unitChoice, error) {
	if req.Scope.Role == postcrm.RoleCourier {
		return nil, nil
	}
	offices, err := s.store.ScopedOffices(req.Context(), req.Scope)
	if err != nil {
		return nil, err
	}
	var us []unitChoice
	if req.Scope.Role == postcrm.RoleProvinceAdmin {
		us = append(us, unitChoice{"province", req.T("problem.unit.province")})
		var cities []string
		for _, o := range offices {
			cities = append(cities, o.City)
		}
		slices.Sort(cities)
		for _, c := range slices.Compact(cities) {
			us = append(us, unitChoice{"city:" + c, c})
		}
	}
	if req.Scope.Role == postcrm.RoleCityManager {
		us = append(us, unitChoice{"city:" + req.Scope.City, req.Scope.City})
	}
	for _, o := range offices {
		us = append(us, unitChoice{"office:" + o.Code, o.Name + " " + o.Code})
	}
	return us, nil
}

// unitOf reads a unit key as a unit ("office:CODE" takes its city from
// the store).
func unitOf(key string) problem.Unit {
	level, code, _ := strings.Cut(key, ":")
	switch level {
	case "office":
		return problem.Unit{Level: problem.LevelOffice, OfficeCode: code}
	case "city":
		return problem.Unit{Level: problem.LevelCity, City: code}
	case "province":
		return problem.Unit{Level: problem.LevelProvince}
	}
	return problem.Unit{}
}

func (s *Server) problemsPage(w http.ResponseWriter, req *Request) error {
	q := req.URL.Query()
	l := problemsList{States: problem.States, State: q.Get("state"), Unit: q.Get("unit"), Owner: strings.TrimSpace(q.Get("owner")),
		Open: q.Get("open") == "1", CanRaise: req.Scope.Role != postcrm.RoleCourier}
	if l.State != "" && !slices.Contains(problem.States, problem.State(l.State)) {
		return userError(http.StatusBadRequest, "problem.bad_filter", l.State)
	}
	today := postcrm.DateOf(s.now())
	ps, err := s.problems.ScopedProblems(req.Context(), problemScope(req), problem.Query{State: problem.State(l.State), Open: l.Open,
		UnitKey: l.Unit, Owner: l.Owner, Today: today, Limit: 500})
	if err != nil {
		return err
	}
	for _, p := range ps {
		l.Rows = append(l.Rows, s.problemRow(req, p, today))
	}
	if l.Units, err = s.unitChoices(req); err != nil {
		return err
	}
	return s.render(w, req, "problems", "problem.list_title", l)
}

// myWork is an owner's work list: the problems they own and the open
// measures they own, overdue first.
type myWork struct {
	Problems []problemRow
	Measures []measureRow
}

type measureRow struct {
	problem.Measure
	Problem string // the problem's title
	Overdue bool
}

func (s *Server) myProblemsPage(w http.ResponseWriter, req *Request) error {
	today := postcrm.DateOf(s.now())
	ps, err := s.problems.ScopedProblems(req.Context(), problemScope(req), problem.Query{InvolvesMe: req.User.Name, Open: true, Today: today})
	if err != nil {
		return err
	}
	var d myWork
	for _, p := range ps {
		if p.Owner == req.User.Name {
			d.Problems = append(d.Problems, s.problemRow(req, p, today))
		}
		full, err := s.problems.ScopedProblem(req.Context(), problemScope(req), p.ID)
		if err != nil {
			return err
		}
		for _, m := range full.Measures {
			if m.Owner == req.User.Name && m.State == problem.MeasureOpen {
				d.Measures = append(d.Measures, measureRow{Measure: m, Problem: p.Title, Overdue: m.Overdue(today)})
			}
		}
	}
	slices.SortStableFunc(d.Measures, func(a, b measureRow) int {
		return cmp.Or(-cmp.Compare(b2i(a.Overdue), b2i(b.Overdue)), cmp.Compare(a.DueOn, b.DueOn))
	})
	return s.render(w, req, "problems_mine", "problem.mine_title", d)
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// problemForm is the form that raises a problem: what was entered (or
// prefilled from a PDCA conclusion) and, after a refusal, the messages.
type problemForm struct {
	Values  problemValues
	Units   []unitChoice
	Staff   []postcrm.Staff
	Sources []problem.Source
	Figures []problem.FigureDef
	Today   string
	fieldRefusal
}

type problemValues struct {
	Title, Description, Source, SourceRef, Unit, Owner, Due, Figure, Direction, Target string
}

// maxStaffChoices bounds the owner list of the form: past it (a
// province's every courier) only the managers are offered; any staff ID
// may still be typed.
const maxStaffChoices = 400

func (s *Server) newProblemForm(req *Request, v problemValues) (problemForm, error) {
	f := problemForm{Values: v, Sources: problem.Sources, Figures: problem.Figures, Today: postcrm.DateOf(s.now()).String()}
	var err error
	if f.Units, err = s.unitChoices(req); err != nil {
		return f, err
	}
	own := problem.Unit{Level: problem.LevelProvince}
	switch req.Scope.Role {
	case postcrm.RoleCityManager:
		own = problem.Unit{Level: problem.LevelCity, City: req.Scope.City}
	case postcrm.RoleOfficeManager:
		own = problem.Unit{Level: problem.LevelOffice, City: req.Scope.City, OfficeCode: req.Scope.OfficeCode}
	}
	if f.Staff, err = s.problems.UnitStaff(req.Context(), problemScope(req), own); err != nil {
		return f, err
	}
	if len(f.Staff) > maxStaffChoices {
		f.Staff = slices.DeleteFunc(f.Staff, func(st postcrm.Staff) bool { return st.Role == postcrm.RoleCourier })
	}
	return f, nil
}

// problemFormPage is the form; ?act_note=ID&month=YYYY-MM prefills it
// from that PDCA conclusion of the follow-up effect page.
func (s *Server) problemFormPage(w http.ResponseWriter, req *Request) error {
	v := problemValues{Due: postcrm.DateOf(s.now()).AddDays(30).String(), Direction: string(problem.AtLeast)}
	switch req.Scope.Role {
	case postcrm.RoleProvinceAdmin:
		v.Unit = "province"
	case postcrm.RoleCityManager:
		v.Unit = "city:" + req.Scope.City
	default:
		v.Unit = "office:" + req.Scope.OfficeCode
	}
	if id := req.URL.Query().Get("act_note"); id != "" && req.Scope.Role == postcrm.RoleProvinceAdmin {
		month, err := s.monthParam(req)
		if err != nil {
			return err
		}
		notes, err := s.store.ActNotes(req.Context(), month)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(notes, func(n postcrm.ActNote) bool { return strconv.FormatInt(n.ID, 10) == id })
		if i < 0 {
			return postcrm.ErrNotFound
		}
		n := notes[i]
		v.Title = firstLine(cmp.Or(n.Note, n.Thresholds), 40)
		v.Description = req.T("problem.from_note", month.String(), n.Author, n.Note)
		if n.Thresholds != "" {
			v.Description += "\n" + req.T("problem.thresholds", n.Thresholds)
		}
		v.Source, v.SourceRef = string(problem.FromPDCA), fmt.Sprintf("act_note:%d:%s", n.ID, month.String())
		v.Figure, v.Direction = string(problem.FigRecoveryRate), string(problem.AtLeast)
	}
	f, err := s.newProblemForm(req, v)
	if err != nil {
		return err
	}
	return s.render(w, req, "problem_form", "problem.new_title", f)
}

// firstLine is the text's first line cut to n characters.
func firstLine(text string, n int) string {
	line, _, _ := strings.Cut(strings.TrimSpace(text), "\n")
	if r := []rune(line); len(r) > n {
		return string(r[:n])
	}
	return line
}

// parseTarget reads a target as the form takes it, in the figure's own
// display unit: a share in percent.
func parseTarget(v problemValues) (problem.Watch, error) {
	if v.Figure == "" {
		return problem.Watch{}, nil
	}
	w := problem.Watch{Figure: problem.Figure(v.Figure), Direction: problem.Direction(v.Direction), Target: -1}
	if t, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v.Target), "%"), 64); err == nil && !math.IsNaN(t) {
		w.Target = t
		if d, ok := problem.Def(w.Figure); ok && d.Percent {
			w.Target = t / 100
		}
	}
	return w, nil
}

// raiseProblem stores the form: to the new problem's page with a
// confirmation, or the form again with each field's message.
func (s *Server) raiseProblem(w http.ResponseWriter, req *Request) error {
	v := problemValues{Title: req.PostFormValue("title"), Description: req.PostFormValue("description"), Source: req.PostFormValue("source"),
		SourceRef: req.PostFormValue("source_ref"), Unit: req.PostFormValue("unit"), Owner: strings.TrimSpace(req.PostFormValue("owner")),
		Due: req.PostFormValue("due"), Figure: req.PostFormValue("figure"), Direction: req.PostFormValue("direction"), Target: req.PostFormValue("target")}
	if i := strings.IndexByte(v.Owner, ' '); i > 0 { // "S1001 张伟" from the list
		v.Owner = v.Owner[:i]
	}
	watch, _ := parseTarget(v)
	p := problem.Problem{Title: v.Title, Description: v.Description, Source: problem.Source(v.Source), SourceRef: v.SourceRef,
		Unit: unitOf(v.Unit), Owner: v.Owner, DueOn: parseDate(v.Due), Watch: watch}
	p, err := s.problems.RaiseProblem(req.Context(), problemScope(req), p, actor(req))
	return afterForm(w, req, domainError(err), fmt.Sprintf("/problems/%d?done=raised", p.ID), func(refusal fieldRefusal) error {
		f, err := s.newProblemForm(req, v)
		if err != nil {
			return err
		}
		f.fieldRefusal = refusal
		return s.renderPage(w, req, refusal.status, "problem_form", "problem.new_title", f)
	})
}

// problemView is a problem's page.
type problemView struct {
	problemRow
	SourceLabel string
	SourceLink  string
	Measures    []measureRow
	History     []eventRow
	Actions     []actionForm // the transitions this user may take now
	CanMeasure  bool
	Staff       []postcrm.Staff
	Watch       *watchView
	Done        string
	Refusal     fieldRefusal // a refused action's or measure's messages
	Refused     string       // which form they belong to: an action or "measure"
	Today       string
}

type eventRow struct {
	At, By, What, Note string
}

// actionForm is a transition the user may take, with what it asks for.
type actionForm struct {
	Action   problem.Action
	Label    string
	Note     string // the note's label, "" when it takes none
	Override bool   // closing a watched problem: the override's reason
	Primary  bool
}

// watchView is the watched figure: its target, the latest month's value
// and the monthly trend since the problem was raised.
type watchView struct {
	Label, Target, Latest, LatestMonth string
	Met, HasLatest                     bool
	Chart                              template.HTML
	Points                             []pointRow
}

type pointRow struct{ Month, Value string }

func problemID(req *Request, name string) (int64, error) {
	id, err := strconv.ParseInt(req.PathValue(name), 10, 64)
	if err != nil {
		return 0, postcrm.ErrNotFound
	}
	return id, nil
}

func (s *Server) loadProblem(req *Request) (problemView, problem.Problem, error) {
	id, err := problemID(req, "id")
	if err != nil {
		return problemView{}, problem.Problem{}, err
	}
	p, err := s.problems.ScopedProblem(req.Context(), problemScope(req), id)
	if err != nil {
		return problemView{}, p, err
	}
	today := postcrm.DateOf(s.now())
	v := problemView{problemRow: s.problemRow(req, p, today), SourceLabel: req.T("problem.source." + string(p.Source)), Today: today.String()}
	if p.Source == problem.FromPDCA {
		if parts := strings.Split(p.SourceRef, ":"); len(parts) == 3 && req.Scope.Role == postcrm.RoleProvinceAdmin {
			v.SourceLink = "/followup/effect?month=" + parts[2]
		}
	}
	for _, m := range p.Measures {
		v.Measures = append(v.Measures, measureRow{Measure: m, Overdue: m.Overdue(today)})
	}
	for _, e := range p.History {
		what := req.T("problem.action." + string(e.Action))
		if e.From != e.To && e.From != "" {
			what += req.T("problem.moved", req.T("problem.state."+string(e.From)), req.T("problem.state."+string(e.To)))
		}
		v.History = append(v.History, eventRow{At: formatTime(e.At), By: cmp.Or(e.ByName, e.By), What: what, Note: e.Note})
	}
	sc := problemScope(req)
	for _, t := range problem.Transitions {
		if t.From != p.State || p.May(t.Who, sc, req.User.Name) != nil {
			continue
		}
		a := actionForm{Action: t.Action, Label: req.T("problem.do." + string(t.Action)), Primary: t.Action != problem.ActReturn}
		switch t.Action {
		case problem.ActSubmit:
			a.Note = req.T("problem.evidence")
		case problem.ActClose:
			a.Note, a.Override = req.T("problem.verify_evidence"), p.Watch.On()
		case problem.ActReturn:
			a.Note = req.T("problem.return_reason")
		}
		v.Actions = append(v.Actions, a)
	}
	v.CanMeasure = p.State != problem.Verifying && p.State != problem.Closed && p.May(problem.ByOwner, sc, req.User.Name) == nil
	if v.CanMeasure {
		if v.Staff, err = s.problems.UnitStaff(req.Context(), sc, p.Unit); err != nil {
			v.Staff, err = nil, nil // an owner who is not a manager types a staff ID
		}
		if len(v.Staff) > maxStaffChoices {
			v.Staff = slices.DeleteFunc(v.Staff, func(st postcrm.Staff) bool { return st.Role == postcrm.RoleCourier })
		}
	}
	if p.Watch.On() {
		if v.Watch, err = s.watchView(req, p); err != nil {
			return v, p, err
		}
	}
	return v, p, nil
}

func (s *Server) problemPage(w http.ResponseWriter, req *Request) error {
	v, _, err := s.loadProblem(req)
	if err != nil {
		return err
	}
	if key, ok := problemDone[req.URL.Query().Get("done")]; ok {
		v.Done = req.T(key)
	}
	return s.render(w, req, "problem", "problem.title", v)
}

// problemDone are the confirmations after an action (PRG).
var problemDone = map[string]string{
	"raised": "problem.done.raised", "claim": "problem.done.claim", "start": "problem.done.start", "submit": "problem.done.submit",
	"close": "problem.done.close", "return": "problem.done.return", "measure": "problem.done.measure", "measure_state": "problem.done.measure_state",
}

// stepProblem takes a transition: back to the problem's page with a
// confirmation, or the page with the message beside the action's field.
func (s *Server) stepProblem(w http.ResponseWriter, req *Request) error {
	id, err := problemID(req, "id")
	if err != nil {
		return err
	}
	step := problem.Step{Action: problem.Action(req.PostFormValue("action")), Note: req.PostFormValue("note"), Override: req.PostFormValue("override")}
	if step.Action == problem.ActClose {
		p, err := s.problems.ScopedProblem(req.Context(), problemScope(req), id)
		if err != nil {
			return err
		}
		if p.Watch.On() {
			if step.Latest, err = s.latestValue(req, p); err != nil {
				return err
			}
		}
	}
	_, err = s.problems.StepProblem(req.Context(), problemScope(req), id, step, actor(req))
	return s.afterProblemAction(w, req, id, err, string(step.Action), string(step.Action))
}

// afterProblemAction redirects to the problem's page with done, or
// shows it with the refusal beside the form named form.
func (s *Server) afterProblemAction(w http.ResponseWriter, req *Request, id int64, err error, done, form string) error {
	return afterForm(w, req, domainError(err), fmt.Sprintf("/problems/%d?done=%s", id, done), func(refusal fieldRefusal) error {
		v, _, err := s.loadProblem(req)
		if err != nil {
			return err
		}
		v.Refusal, v.Refused = refusal, form
		return s.renderPage(w, req, refusal.status, "problem", "problem.title", v)
	})
}

func (s *Server) addMeasure(w http.ResponseWriter, req *Request) error {
	id, err := problemID(req, "id")
	if err != nil {
		return err
	}
	owner := strings.TrimSpace(req.PostFormValue("measure_owner"))
	if i := strings.IndexByte(owner, ' '); i > 0 {
		owner = owner[:i]
	}
	m := problem.Measure{Text: req.PostFormValue("text"), Owner: owner, DueOn: parseDate(req.PostFormValue("measure_due"))}
	_, err = s.problems.AddMeasure(req.Context(), problemScope(req), id, m, actor(req))
	return s.afterProblemAction(w, req, id, err, "measure", "measure")
}

func (s *Server) setMeasure(w http.ResponseWriter, req *Request) error {
	id, err := problemID(req, "id")
	if err != nil {
		return err
	}
	mid, err := problemID(req, "mid")
	if err != nil {
		return err
	}
	err = s.problems.SetMeasure(req.Context(), problemScope(req), id, mid, problem.MeasureState(req.PostFormValue("state")), actor(req))
	return s.afterProblemAction(w, req, id, err, "measure_state", "measure")
}
