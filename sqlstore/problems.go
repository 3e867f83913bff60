package sqlstore

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"postcrm"
	"postcrm/problem"
)

var _ problem.Store = (*Store)(nil)
var _ problem.RemindStore = (*Store)(nil)

// problemSelect reads a problem with its owner's and unit's names and
// the count of its open measures.
const problemSelect = "SELECT p.id, p.title, p.description, p.source, p.source_ref, p.unit_level, p.city, p.office_code," +
	" p.owner, COALESCE(s.name, ''), COALESCE(o.name, ''), p.due_on, p.state, p.figure, p.direction, p.target," +
	" p.raised_by, p.raised_at, p.evidence, p.override, p.closed_at," +
	" (SELECT COUNT(*) FROM problem_measures pm WHERE pm.problem_id = p.id AND pm.state = 'open')" +
	" FROM problems p LEFT JOIN staff s ON s.id = p.owner LEFT JOIN offices o ON o.code = p.office_code"

func scanProblem(sc scanner, p *problem.Problem) error {
	var source, level, state, figure, dir string
	var raised, closed int64
	err := sc.Scan(&p.ID, &p.Title, &p.Description, &source, &p.SourceRef, &level, &p.Unit.City, &p.Unit.OfficeCode,
		&p.Owner, &p.OwnerName, &p.UnitName, &p.DueOn, &state, &figure, &dir, &p.Watch.Target,
		&p.RaisedBy, &raised, &p.Evidence, &p.Override, &closed, &p.OpenMeasure)
	p.Source, p.Unit.Level, p.State = problem.Source(source), problem.Level(level), problem.State(state)
	p.Watch.Figure, p.Watch.Direction = problem.Figure(figure), problem.Direction(dir)
	p.RaisedAt, p.ClosedAt = fromUnixNano(raised), fromUnixNano(closed)
	if p.Unit.Level == problem.LevelCity {
		p.UnitName = p.Unit.City
	}
	return err
}

// problemScope is the condition that the caller of sc may see problem p:
// the managers over its unit (problem.Covers, in SQL) and whoever owns
// it or one of its measures (sc.StaffID, the caller's own ID).
func problemScope(sc postcrm.Scope) (string, []any, error) {
	var conds []string
	var args []any
	switch sc.Role {
	case postcrm.RoleProvinceAdmin:
		return "1 = 1", nil, nil
	case postcrm.RoleCityManager:
		if sc.City == "" {
			return "", nil, fmt.Errorf("city manager without a city: %w", postcrm.ErrNotFound)
		}
		conds, args = append(conds, "(p.city = ? AND p.unit_level <> 'province')"), append(args, sc.City)
	case postcrm.RoleOfficeManager:
		if sc.OfficeCode == "" {
			return "", nil, fmt.Errorf("office manager without an office: %w", postcrm.ErrNotFound)
		}
		conds, args = append(conds, "(p.unit_level = 'office' AND p.office_code = ?)"), append(args, sc.OfficeCode)
	case postcrm.RoleCourier:
	default:
		return "", nil, fmt.Errorf("unknown role %q: %w", sc.Role, postcrm.ErrNotFound)
	}
	if sc.StaffID != "" {
		conds = append(conds, "p.owner = ?", "p.id IN (SELECT mm.problem_id FROM problem_measures mm WHERE mm.owner = ?)")
		args = append(args, sc.StaffID, sc.StaffID)
	}
	if len(conds) == 0 {
		return "1 = 0", nil, nil
	}
	return "(" + strings.Join(conds, " OR ") + ")", args, nil
}

// ScopedProblems lists the problems in scope that q selects, overdue
// ones first.
func (s *Store) ScopedProblems(ctx context.Context, sc postcrm.Scope, q problem.Query) ([]problem.Problem, error) {
	cond, args, err := problemScope(sc)
	if err != nil {
		return nil, err
	}
	f := filter{conds: []string{cond}, args: args}
	if q.State != "" {
		f.add("p.state = ?", string(q.State))
	}
	if q.Open {
		f.add("p.state <> ?", string(problem.Closed))
	}
	if q.Owner != "" {
		f.add("p.owner = ?", q.Owner)
	}
	if q.InvolvesMe != "" {
		f.add("(p.owner = ? OR p.id IN (SELECT im.problem_id FROM problem_measures im WHERE im.owner = ? AND im.state = 'open'))", q.InvolvesMe, q.InvolvesMe)
	}
	if q.UnitKey != "" {
		level, code, _ := strings.Cut(q.UnitKey, ":")
		switch level {
		case "office":
			f.add("p.unit_level = 'office' AND p.office_code = ?", code)
		case "city":
			f.add("p.unit_level = 'city' AND p.city = ?", code)
		default:
			f.add("p.unit_level = 'province'")
		}
	}
	ps, err := queryAll(ctx, s, problemSelect+f.where()+" ORDER BY p.due_on, p.id DESC", f.args, scanProblem)
	if err != nil {
		return nil, fmt.Errorf("read problems: %w", err)
	}
	today := q.Today
	slices.SortStableFunc(ps, func(a, b problem.Problem) int {
		return cmp.Compare(overdueRank(a, today), overdueRank(b, today))
	})
	if q.Limit > 0 && len(ps) > q.Limit {
		ps = ps[:q.Limit]
	}
	return ps, nil
}

// overdueRank puts overdue problems first, then open ones, closed last.
func overdueRank(p problem.Problem, today postcrm.Date) int {
	switch {
	case p.Overdue(today):
		return 0
	case p.State != problem.Closed:
		return 1
	}
	return 2
}

// ScopedProblem reads one problem with its measures and history,
// outside a transaction: a read takes no write lock.
func (s *Store) ScopedProblem(ctx context.Context, sc postcrm.Scope, id int64) (problem.Problem, error) {
	var p problem.Problem
	cond, args, err := problemScope(sc)
	if err != nil {
		return p, err
	}
	q := problemSelect + " WHERE p.id = ? AND " + cond
	if err := notFound(scanProblem(s.db.QueryRowContext(ctx, s.rebind(q), append([]any{id}, args...)...), &p)); err != nil {
		return p, fmt.Errorf("read problem %d: %w", id, err)
	}
	if p.Measures, err = queryAll(ctx, s, measureSelect+" WHERE m.problem_id = ? ORDER BY m.id", []any{id}, scanMeasure); err != nil {
		return p, fmt.Errorf("read the measures of problem %d: %w", id, err)
	}
	const hq = "SELECT e.at, e.by_user, COALESCE(s.name, ''), e.action, e.from_state, e.to_state, e.note" +
		" FROM problem_events e LEFT JOIN staff s ON s.id = e.by_user WHERE e.problem_id = ? ORDER BY e.id"
	p.History, err = queryAll(ctx, s, hq, []any{id}, func(sc scanner, e *problem.Event) error {
		var at int64
		var action, from, to string
		err := sc.Scan(&at, &e.By, &e.ByName, &action, &from, &to, &e.Note)
		e.At, e.Action, e.From, e.To = fromUnixNano(at), problem.Action(action), problem.State(from), problem.State(to)
		return err
	})
	if err != nil {
		return p, fmt.Errorf("read the history of problem %d: %w", id, err)
	}
	return p, nil
}

// scopedProblem reads problem id with its measures within sc in the
// transaction; ErrNotFound outside it.
func (w *writer) scopedProblem(sc postcrm.Scope, id int64) (problem.Problem, error) {
	var p problem.Problem
	cond, args, err := problemScope(sc)
	if err != nil {
		return p, err
	}
	q := problemSelect + " WHERE p.id = ? AND " + cond
	if err := notFound(scanProblem(w.tx.QueryRowContext(w.ctx, w.s.rebind(q), append([]any{id}, args...)...), &p)); err != nil {
		return p, err
	}
	p.Measures, err = queryAllTx(w, measureSelect+" WHERE m.problem_id = ? ORDER BY m.id", []any{id}, scanMeasure)
	return p, err
}

const measureSelect = "SELECT m.id, m.problem_id, m.text, m.owner, COALESCE(s.name, ''), m.due_on, m.state, m.done_on" +
	" FROM problem_measures m LEFT JOIN staff s ON s.id = m.owner"

func scanMeasure(sc scanner, m *problem.Measure) error {
	var state string
	err := sc.Scan(&m.ID, &m.ProblemID, &m.Text, &m.Owner, &m.OwnerName, &m.DueOn, &state, &m.DoneOn)
	m.State = problem.MeasureState(state)
	return err
}

// event writes a line of a problem's history and its audit entry.
func (w *writer) event(id int64, a postcrm.Actor, action problem.Action, from, to problem.State, note string) error {
	const q = "INSERT INTO problem_events (problem_id, at, by_user, action, from_state, to_state, note) VALUES (?, ?, ?, ?, ?, ?, ?)"
	if err := w.s.exec(w.ctx, w.tx, w.s.rebind(q), id, unixNano(time.Now()), a.User, string(action), string(from), string(to), note); err != nil {
		return err
	}
	detail := string(action)
	if from != to {
		detail += fmt.Sprintf(": %s -> %s", from, to)
	}
	if note != "" {
		detail += "; " + note
	}
	if err := w.bump(versionFollowup); err != nil {
		return err
	}
	return w.audit(a, fmt.Sprintf("problem:%d", id), detail)
}

// RaiseProblem stores a new problem in state 提出, if the rules allow it.
func (s *Store) RaiseProblem(ctx context.Context, sc postcrm.Scope, p problem.Problem, a postcrm.Actor) (problem.Problem, error) {
	now := time.Now()
	p.Title, p.Description = strings.TrimSpace(p.Title), strings.TrimSpace(p.Description)
	p.State, p.RaisedBy, p.RaisedAt = problem.Raised, a.User, now
	if p.Unit.Level == problem.LevelOffice && p.Unit.City == "" {
		p.Unit.City = s.officeCity(ctx, p.Unit.OfficeCode)
	}
	err := s.inTx(ctx, func(w *writer) error {
		owner, err := w.staffMember(p.Owner)
		if err != nil {
			return err
		}
		if err := p.Validate(sc, owner, postcrm.DateOf(now)); err != nil {
			return err
		}
		const q = "INSERT INTO problems (title, description, source, source_ref, unit_level, city, office_code, owner, due_on, state," +
			" figure, direction, target, raised_by, raised_at, evidence, override, closed_at)" +
			" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', '', 0) RETURNING id"
		err = w.tx.QueryRowContext(ctx, s.rebind(q), p.Title, p.Description, string(p.Source), p.SourceRef, string(p.Unit.Level),
			p.Unit.City, p.Unit.OfficeCode, p.Owner, p.DueOn, string(p.State), string(p.Watch.Figure), string(p.Watch.Direction),
			p.Watch.Target, p.RaisedBy, unixNano(now)).Scan(&p.ID)
		if err != nil {
			return err
		}
		return w.event(p.ID, a, problem.ActRaise, "", problem.Raised, p.Title)
	})
	if err != nil {
		return problem.Problem{}, fmt.Errorf("raise problem: %w", err)
	}
	return p, nil
}

// officeCity is the office's city, "" for an unknown office (which the
// rules then refuse).
func (s *Store) officeCity(ctx context.Context, code string) string {
	var city string
	if err := s.db.QueryRowContext(ctx, s.rebind("SELECT city FROM offices WHERE code = ?"), code).Scan(&city); err != nil {
		return ""
	}
	return city
}

// StepProblem takes a transition of the state machine.
func (s *Store) StepProblem(ctx context.Context, sc postcrm.Scope, id int64, st problem.Step, a postcrm.Actor) (problem.Problem, error) {
	var after problem.Problem
	err := s.inTx(ctx, func(w *writer) error {
		before, err := w.scopedProblem(sc, id)
		if err != nil {
			return err
		}
		if after, err = before.Apply(st, sc, a.User); err != nil {
			return err
		}
		closed := int64(0)
		if after.State == problem.Closed {
			closed = unixNano(time.Now())
		}
		const q = "UPDATE problems SET state = ?, evidence = ?, override = ?, closed_at = ? WHERE id = ?"
		if err := s.exec(ctx, w.tx, s.rebind(q), string(after.State), after.Evidence, after.Override, closed, id); err != nil {
			return err
		}
		note := strings.TrimSpace(st.Note)
		if after.Override != "" && st.Action == problem.ActClose {
			note += "；未达目标，销号理由：" + after.Override
		}
		return w.event(id, a, st.Action, before.State, after.State, note)
	})
	if err != nil {
		return problem.Problem{}, fmt.Errorf("problem %d %s: %w", id, st.Action, err)
	}
	return after, nil
}

// AddMeasure adds a measure to a problem.
func (s *Store) AddMeasure(ctx context.Context, sc postcrm.Scope, id int64, m problem.Measure, a postcrm.Actor) (problem.Measure, error) {
	m.Text, m.ProblemID, m.State = strings.TrimSpace(m.Text), id, problem.MeasureOpen
	err := s.inTx(ctx, func(w *writer) error {
		p, err := w.scopedProblem(sc, id)
		if err != nil {
			return err
		}
		owner, err := w.staffMember(m.Owner)
		if err != nil {
			return err
		}
		if err := p.ValidateMeasure(m, sc, a.User, owner, postcrm.DateOf(time.Now())); err != nil {
			return err
		}
		m.OwnerName = owner.Name
		const q = "INSERT INTO problem_measures (problem_id, text, owner, due_on, state, done_on) VALUES (?, ?, ?, ?, ?, 0) RETURNING id"
		if err := w.tx.QueryRowContext(ctx, s.rebind(q), id, m.Text, m.Owner, m.DueOn, string(m.State)).Scan(&m.ID); err != nil {
			return err
		}
		return w.event(id, a, problem.ActMeasure, p.State, p.State, fmt.Sprintf("新增措施：%s（%s，%s 前）", m.Text, owner.Name, m.DueOn))
	})
	if err != nil {
		return problem.Measure{}, fmt.Errorf("add measure to problem %d: %w", id, err)
	}
	return m, nil
}

// SetMeasure marks a measure done or dropped.
func (s *Store) SetMeasure(ctx context.Context, sc postcrm.Scope, id, measureID int64, to problem.MeasureState, a postcrm.Actor) error {
	err := s.inTx(ctx, func(w *writer) error {
		p, err := w.scopedProblem(sc, id)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(p.Measures, func(m problem.Measure) bool { return m.ID == measureID })
		if i < 0 {
			return postcrm.ErrNotFound
		}
		m := p.Measures[i]
		if err := p.SetMeasure(m, to, sc, a.User); err != nil {
			return err
		}
		const q = "UPDATE problem_measures SET state = ?, done_on = ? WHERE id = ?"
		if err := s.exec(ctx, w.tx, s.rebind(q), string(to), postcrm.DateOf(time.Now()), measureID); err != nil {
			return err
		}
		word := map[problem.MeasureState]string{problem.MeasureDone: "完成", problem.MeasureDropped: "取消"}[to]
		return w.event(id, a, problem.ActMeasure, p.State, p.State, fmt.Sprintf("措施%s：%s", word, m.Text))
	})
	if err != nil {
		return fmt.Errorf("set measure %d of problem %d: %w", measureID, id, err)
	}
	return nil
}

// UnitStaff lists the staff who may own the unit's problem or measures,
// for a manager over the unit.
func (s *Store) UnitStaff(ctx context.Context, sc postcrm.Scope, u problem.Unit) ([]postcrm.Staff, error) {
	if !problem.Covers(sc, u) {
		return nil, postcrm.ErrNotFound
	}
	q := "SELECT " + strings.Join(staffTable.cols, ", ") + " FROM staff"
	var args []any
	switch u.Level {
	case problem.LevelOffice:
		q, args = q+" WHERE office_code = ?", []any{u.OfficeCode}
	case problem.LevelCity:
		q, args = q+" WHERE city = ?", []any{u.City}
	}
	st, err := queryAll(ctx, s, q+" ORDER BY role DESC, id", args, staffTable.scan)
	if err != nil {
		return nil, fmt.Errorf("read the staff of %s: %w", u.Key(), err)
	}
	return st, nil
}

// OpenProblems reads every problem not closed, with its measures.
func (s *Store) OpenProblems(ctx context.Context) ([]problem.Problem, error) {
	ps, err := queryAll(ctx, s, problemSelect+" WHERE p.state <> ? ORDER BY p.id", []any{string(problem.Closed)}, scanProblem)
	if err != nil {
		return nil, fmt.Errorf("read open problems: %w", err)
	}
	at := make(map[int64]int, len(ps))
	for i, p := range ps {
		at[p.ID] = i
	}
	q := measureSelect + " WHERE m.problem_id IN (SELECT id FROM problems WHERE state <> ?) ORDER BY m.id"
	err = stream(ctx, s, q, []any{string(problem.Closed)}, scanMeasure, func(m problem.Measure) error {
		if i, ok := at[m.ProblemID]; ok {
			ps[i].Measures = append(ps[i].Measures, m)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read the measures of open problems: %w", err)
	}
	return ps, nil
}

// ProblemsRaisedBy lists every problem raised up to day (inclusive),
// province-wide, for the bulletin's paragraph: their units, due dates,
// when raised and closed.
func (s *Store) ProblemsRaisedBy(ctx context.Context, day postcrm.Date) ([]problem.Problem, error) {
	end := unixNano(day.AddDays(1).Time())
	ps, err := queryAll(ctx, s, problemSelect+" WHERE p.raised_at < ? ORDER BY p.id", []any{end}, scanProblem)
	if err != nil {
		return nil, fmt.Errorf("read problems raised by %s: %w", day, err)
	}
	return ps, nil
}

// AddProblemNotices writes reminders to the outbox with their
// recipients' facts, skipping event IDs it holds.
func (s *Store) AddProblemNotices(ctx context.Context, ns []postcrm.Notice) (int, error) {
	added := 0
	err := s.inTx(ctx, func(w *writer) error {
		now := time.Now()
		for _, n := range ns {
			st, err := w.staffMember(n.Recipient)
			if err != nil {
				return err
			}
			if st.Role == "" {
				continue // the owner left the org data: nobody to tell
			}
			n.RecipientName, n.OfficeCode, n.City = st.Name, st.OfficeCode, st.City
			if st.OfficeCode != "" {
				err := w.tx.QueryRowContext(ctx, s.rebind("SELECT name FROM offices WHERE code = ?"), st.OfficeCode).Scan(&n.OfficeName)
				if err != nil && !errors.Is(notFound(err), postcrm.ErrNotFound) {
					return err
				}
			}
			q := "INSERT INTO notices (" + strings.Join(noticeCols, ", ") + ") VALUES (" + placeholders(len(noticeCols)) + ") ON CONFLICT (event_id) DO NOTHING"
			res, err := w.tx.ExecContext(ctx, s.rebind(q), noticeArgs(n, now)...)
			if err != nil {
				return err
			}
			k, err := res.RowsAffected()
			if err != nil {
				return err
			}
			added += int(k)
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("add %d problem reminders: %w", len(ns), err)
	}
	return added, nil
}

// noticeArgs are a reminder's values in noticeCols' order, due at once.
func noticeArgs(n postcrm.Notice, now time.Time) []any {
	at := unixNano(now)
	return []any{n.EventID, string(n.Kind), n.WarningID, n.Recipient, n.RecipientName, n.OfficeCode, n.OfficeName, n.City,
		n.CustomerCode, n.SenderPhone, n.CustomerName, string(n.WarningKind), n.Reason, int64(n.Month), int64(n.DueOn), int64(n.Escalation),
		at, 0, at, int64(0), ""}
}
