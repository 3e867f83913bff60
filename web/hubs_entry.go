package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"postcrm"
	"postcrm/hub"
)

// countFields are the count snapshot's figures as the form names them
// (the same names as the counts import's columns).
var countFields = []struct{ name, label string }{
	{"overdue_le12h", "hubs.le12"}, {"overdue_12_24h", "hubs.h12_24"}, {"overdue_gt24h", "hubs.gt24"},
	{"sorted_pieces", "hubs.sorted"}, {"outsourced", "hubs.outsourced"}, {"outsourced_baseline", "hubs.baseline"},
}

// countsPage is the phone form on which a hub's manager enters what no
// scanner counts: overdue mail by age, pieces sorted, outsourced staff.
type countsPage struct {
	Hub    hub.Hub
	Values map[string]string
	Latest *hub.CountSnapshot
	Done   string
	fieldRefusal
}

func (c countsPage) Rows(req *Request) []formRow {
	fields := [][4]string{{"at", "hubs.count_at", "datetime-local", c.Values["at"]}}
	for _, f := range countFields {
		fields = append(fields, [4]string{f.name, f.label, "number", c.Values[f.name]})
	}
	return rows(req, c.fieldRefusal, fields...)
}

func (s *Server) loadCounts(req *Request) (countsPage, error) {
	ctx, code := req.Context(), req.PathValue("code")
	h, err := s.hubs.ScopedHub(ctx, req.Scope, code)
	if err != nil {
		return countsPage{}, err
	}
	now := s.now().In(postcrm.ChinaTime).Truncate(time.Minute)
	c := countsPage{Hub: h, Values: map[string]string{"at": now.Format("2006-01-02T15:04")}, Done: req.URL.Query().Get("done")}
	switch last, err := s.hubs.ScopedHubCountsAt(ctx, req.Scope, code, now); {
	case err == nil:
		c.Latest = &last
	case !errors.Is(err, postcrm.ErrNotFound):
		return c, err
	}
	return c, nil
}

func (s *Server) hubCountsPage(w http.ResponseWriter, req *Request) error {
	c, err := s.loadCounts(req)
	if err != nil {
		return err
	}
	return s.renderPage(w, req, http.StatusOK, "hub_counts", "hubs.counts_title", c)
}

// hubCountsSave keeps the posted snapshot (at the given moment, now when
// left empty; never in the future, which no board would show yet) and
// shows the form again with a confirmation.
func (s *Server) hubCountsSave(w http.ResponseWriter, req *Request) error {
	code := req.PathValue("code")
	now := s.now().In(postcrm.ChinaTime).Truncate(time.Minute)
	vals := map[string]string{"at": strings.TrimSpace(req.PostFormValue("at"))}
	c := hub.CountSnapshot{Hub: code, At: now}
	var bad []error
	if t := strings.Replace(vals["at"], "T", " ", 1); t != "" {
		at, err := time.ParseInLocation(hub.TimeLayout, t, postcrm.ChinaTime)
		switch {
		case err != nil:
			bad = append(bad, &postcrm.Error{Kind: postcrm.ErrInvalid, Code: "hubs.bad_time", Field: "at", Message: "时间应为 YYYY-MM-DD HH:MM"})
		case at.After(now):
			bad = append(bad, &postcrm.Error{Kind: postcrm.ErrInvalid, Code: "counts.future", Field: "at", Message: "统计时间不能晚于现在"})
		default:
			c.At = at
		}
	}
	into := []*int{&c.OverdueLE12h, &c.Overdue12to24h, &c.OverdueGT24h, &c.SortedPieces, &c.Outsourced, &c.OutsourcedBaseline}
	for i, f := range countFields {
		vals[f.name] = strings.TrimSpace(req.PostFormValue(f.name))
		if vals[f.name] == "" {
			continue
		}
		n, err := strconv.Atoi(vals[f.name])
		if err != nil {
			bad = append(bad, &postcrm.Error{Kind: postcrm.ErrInvalid, Code: "hubs.bad_number", Field: f.name, Message: "应为整数"})
			continue
		}
		*into[i] = n
	}
	var err error
	if len(bad) > 0 {
		err = domainError(errors.Join(bad...))
	} else {
		err = domainError(s.hubs.SaveScopedHubCounts(req.Context(), req.Scope, c, actor(req)))
	}
	to := fmt.Sprintf("/hubs/%s/counts?done=%s", url.PathEscape(code), url.QueryEscape(c.At.Format(hub.TimeLayout)))
	return afterForm(w, req, err, to, func(refusal fieldRefusal) error {
		p, err := s.loadCounts(req)
		if err != nil {
			return err
		}
		p.Values, p.Done, p.fieldRefusal = vals, "", refusal
		return s.renderPage(w, req, refusal.status, "hub_counts", "hubs.counts_title", p)
	})
}

// rosterAdd is the form under a shift's roster that puts a volunteer on
// it: an office manager for their own branch (fixed), the hub's
// managers for any branch.
type rosterAdd struct {
	Day, Shift, ShiftLabel, Branch string
	OwnBranch                      bool
	Person, Phone                  string
	fieldRefusal
}

// hubRosterAdd adds a named volunteer to the shift of ?at= and goes back
// to the roster with a confirmation; a refusal shows the roster with the
// form's errors beside its fields.
func (s *Server) hubRosterAdd(w http.ResponseWriter, req *Request) error {
	code := req.PathValue("code")
	d, err := s.loadHubRows(req, "roster")
	if err != nil {
		return err
	}
	day, _ := time.ParseInLocation(time.DateOnly, d.Add.Day, postcrm.ChinaTime)
	e := hub.RosterEntry{Hub: code, Day: postcrm.DateOf(day), Shift: hub.Shift(d.Add.Shift), Branch: strings.TrimSpace(req.PostFormValue("branch")),
		Person: strings.TrimSpace(req.PostFormValue("person")), Phone: strings.TrimSpace(req.PostFormValue("phone"))}
	if d.Add.OwnBranch && e.Branch == "" {
		e.Branch = req.Scope.OfficeCode
	}
	err = domainError(s.hubs.AddScopedRosterVolunteer(req.Context(), req.Scope, e, actor(req)))
	to := fmt.Sprintf("/hubs/%s/rows?tile=roster&at=%s&added=%s", url.PathEscape(code), url.QueryEscape(d.AtText), url.QueryEscape(e.Person))
	return afterForm(w, req, err, to, func(refusal fieldRefusal) error {
		d.Add.Person, d.Add.Phone, d.Add.fieldRefusal = e.Person, e.Phone, refusal
		if !d.Add.OwnBranch {
			d.Add.Branch = e.Branch
		}
		return s.renderPage(w, req, refusal.status, "hub_rows", "hubs.rows_title", d)
	})
}
