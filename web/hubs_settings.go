package web

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"postcrm"
	"postcrm/hub"
)

// settingsForm is the hub settings form's values, as typed.
type settingsForm struct {
	ThresholdHours, AmberAt, RedAt, EarlyStart, LateStart string
	CrewRate, VolunteerRate, RateWindowHours, Target      string
}

func formOfSettings(s hub.Settings) settingsForm {
	clock := func(m int) string { return fmt.Sprintf("%02d:%02d", m/60, m%60) }
	f := settingsForm{ThresholdHours: strconv.FormatFloat(s.Threshold.Hours(), 'f', -1, 64), AmberAt: strconv.Itoa(s.AmberAt), RedAt: strconv.Itoa(s.RedAt),
		EarlyStart: clock(s.EarlyStart), LateStart: clock(s.LateStart), CrewRate: strconv.Itoa(s.PiecesPerCrewHour),
		VolunteerRate: strconv.Itoa(s.PiecesPerVolunteerHour), RateWindowHours: strconv.FormatFloat(s.RateWindow.Hours(), 'f', -1, 64)}
	if !s.Target.IsZero() {
		f.Target = s.Target.In(postcrm.ChinaTime).Format("2006-01-02T15:04")
	}
	return f
}

// settings reads the form; a value that does not parse is refused on its
// field, the rest by hub.Settings.Validate.
func (f settingsForm) settings(code string) (hub.Settings, error) {
	s := hub.Settings{Hub: code}
	var bad *postcrm.Error
	refuse := func(field string) {
		if bad == nil {
			bad = &postcrm.Error{Kind: postcrm.ErrInvalid, Code: "hubs.bad_number", Field: field, Message: "应为数字"}
		}
	}
	hours := func(v, field string) time.Duration {
		x, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil {
			refuse(field)
		}
		return time.Duration(x * float64(time.Hour))
	}
	num := func(v, field string) int {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil {
			refuse(field)
		}
		return n
	}
	clock := func(v, field string) int {
		t, err := time.Parse("15:04", strings.TrimSpace(v))
		if err != nil {
			refuse(field)
		}
		return t.Hour()*60 + t.Minute()
	}
	s.Threshold = hours(f.ThresholdHours, "threshold_hours")
	s.AmberAt, s.RedAt = num(f.AmberAt, "amber_at"), num(f.RedAt, "red_at")
	s.EarlyStart, s.LateStart = clock(f.EarlyStart, "early_start"), clock(f.LateStart, "late_start")
	s.PiecesPerCrewHour, s.PiecesPerVolunteerHour = num(f.CrewRate, "pieces_per_crew_hour"), num(f.VolunteerRate, "pieces_per_volunteer_hour")
	s.RateWindow = hours(f.RateWindowHours, "rate_window_hours")
	if t := strings.Replace(strings.TrimSpace(f.Target), "T", " ", 1); t != "" {
		target, err := time.ParseInLocation(hub.TimeLayout, t, postcrm.ChinaTime)
		if err != nil && bad == nil {
			bad = &postcrm.Error{Kind: postcrm.ErrInvalid, Code: "hubs.bad_time", Field: "target", Message: "时间应为 YYYY-MM-DD HH:MM"}
		}
		s.Target = target
	}
	if bad != nil {
		return s, domainError(bad)
	}
	return s, domainError(s.Validate())
}

// formRow is one field of a hub form: its name, label, input type,
// value and the message after a refusal.
type formRow struct {
	Name, Label, Type, Mode, Value, Error string
}

// rows lays a form's fields out for the template, in order.
func rows(req *Request, refusal fieldRefusal, fields ...[4]string) []formRow {
	out := make([]formRow, len(fields))
	for i, f := range fields {
		out[i] = formRow{Name: f[0], Label: req.T(f[1]), Type: f[2], Value: f[3], Error: refusal.Fields[f[0]]}
		switch f[2] {
		case "number":
			out[i].Type, out[i].Mode = "text", "numeric"
		case "decimal":
			out[i].Type, out[i].Mode = "text", "decimal"
		}
	}
	return out
}

func (p settingsPage) Rows(req *Request) []formRow {
	f := p.Form
	return rows(req, p.fieldRefusal,
		[4]string{"threshold_hours", "hubs.threshold_hours", "decimal", f.ThresholdHours},
		[4]string{"amber_at", "hubs.amber_at", "number", f.AmberAt},
		[4]string{"red_at", "hubs.red_at", "number", f.RedAt},
		[4]string{"early_start", "hubs.early_start", "time", f.EarlyStart},
		[4]string{"late_start", "hubs.late_start", "time", f.LateStart},
		[4]string{"pieces_per_crew_hour", "hubs.crew_rate", "number", f.CrewRate},
		[4]string{"pieces_per_volunteer_hour", "hubs.volunteer_rate", "number", f.VolunteerRate},
		[4]string{"rate_window_hours", "hubs.rate_window", "decimal", f.RateWindowHours},
		[4]string{"target", "hubs.target", "datetime-local", f.Target})
}

// settingsPage is the hub manager's settings and wall-screen links.
type settingsPage struct {
	Hub     hub.Hub
	Form    settingsForm
	Links   []hub.Link
	NewLink string // the link just made, shown once
	Done    string
	fieldRefusal
}

func (s *Server) loadHubSettings(req *Request) (settingsPage, error) {
	ctx, code := req.Context(), req.PathValue("code")
	h, err := s.hubs.ScopedHub(ctx, req.Scope, code)
	if err != nil {
		return settingsPage{}, err
	}
	set, err := s.hubs.ScopedHubSettings(ctx, req.Scope, code)
	if err != nil {
		return settingsPage{}, err
	}
	links, err := s.hubs.ScopedHubLinks(ctx, req.Scope, code)
	if err != nil {
		return settingsPage{}, err
	}
	q := req.URL.Query()
	p := settingsPage{Hub: h, Form: formOfSettings(set), Links: links, Done: q.Get("done")}
	if t := q.Get("link"); t != "" {
		p.NewLink = "/wall/" + url.PathEscape(t)
	}
	return p, nil
}

func (s *Server) hubSettingsPage(w http.ResponseWriter, req *Request) error {
	p, err := s.loadHubSettings(req)
	if err != nil {
		return err
	}
	return s.renderPage(w, req, http.StatusOK, "hub_settings", "hubs.settings_title", p)
}

func (s *Server) hubSettingsSave(w http.ResponseWriter, req *Request) error {
	code := req.PathValue("code")
	f := settingsForm{ThresholdHours: req.PostFormValue("threshold_hours"), AmberAt: req.PostFormValue("amber_at"), RedAt: req.PostFormValue("red_at"),
		EarlyStart: req.PostFormValue("early_start"), LateStart: req.PostFormValue("late_start"), CrewRate: req.PostFormValue("pieces_per_crew_hour"),
		VolunteerRate: req.PostFormValue("pieces_per_volunteer_hour"), RateWindowHours: req.PostFormValue("rate_window_hours"), Target: req.PostFormValue("target")}
	set, err := f.settings(code)
	if err == nil {
		err = domainError(s.hubs.SaveScopedHubSettings(req.Context(), req.Scope, set, actor(req)))
	}
	return afterForm(w, req, err, "/hubs/"+url.PathEscape(code)+"/settings?done=saved", func(refusal fieldRefusal) error {
		p, err := s.loadHubSettings(req)
		if err != nil {
			return err
		}
		p.Form, p.fieldRefusal = f, refusal
		return s.renderPage(w, req, refusal.status, "hub_settings", "hubs.settings_title", p)
	})
}

// hubLinkCreate makes a wall-screen link: a random token, of which the
// store keeps only the SHA-256; the page shows the link once.
func (s *Server) hubLinkCreate(w http.ResponseWriter, req *Request) error {
	code := req.PathValue("code")
	token := rand.Text()
	if err := s.hubs.CreateScopedHubLink(req.Context(), req.Scope, code, tokenHash(token), actor(req)); err != nil {
		return err
	}
	http.Redirect(w, req.Request, "/hubs/"+url.PathEscape(code)+"/settings?done=link&link="+url.QueryEscape(token), http.StatusSeeOther)
	return nil
}

func (s *Server) hubLinkRevoke(w http.ResponseWriter, req *Request) error {
	code := req.PathValue("code")
	if err := s.hubs.RevokeScopedHubLink(req.Context(), req.Scope, code, req.PathValue("id"), actor(req)); err != nil {
		return err
	}
	http.Redirect(w, req.Request, "/hubs/"+url.PathEscape(code)+"/settings?done=revoked", http.StatusSeeOther)
	return nil
}

func tokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
