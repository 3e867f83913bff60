package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"postcrm"
	"postcrm/hub"
)

// vehicleJSON is a vehicle as the dock form posts it and the API takes
// it; times are "YYYY-MM-DD HH:MM" (or the form's "YYYY-MM-DDTHH:MM").
type vehicleJSON struct {
	Vehicle          string `json:"vehicle"`
	Route            string `json:"route"`
	ArrivedAt        string `json:"arrived_at"`
	UnloadStartedAt  string `json:"unload_started_at"`
	UnloadFinishedAt string `json:"unload_finished_at"`
	Bags             int    `json:"bags"`
	Pieces           int    `json:"pieces"`
}

// vehicle reads the posted vehicle of hub code; a time that does not
// parse is refused on its field.
func (j vehicleJSON) vehicle(code string) (hub.Vehicle, error) {
	v := hub.Vehicle{Hub: code, Vehicle: strings.TrimSpace(j.Vehicle), Route: strings.TrimSpace(j.Route), Bags: j.Bags, Pieces: j.Pieces}
	var bad []error
	for _, f := range []struct {
		text  string
		field string
		into  *time.Time
	}{{j.ArrivedAt, "arrived_at", &v.ArrivedAt}, {j.UnloadStartedAt, "unload_started_at", &v.UnloadStarted}, {j.UnloadFinishedAt, "unload_finished_at", &v.UnloadFinished}} {
		t := strings.Replace(strings.TrimSpace(f.text), "T", " ", 1)
		if t == "" {
			continue
		}
		parsed, err := time.ParseInLocation(hub.TimeLayout, t, postcrm.ChinaTime)
		if err != nil {
			bad = append(bad, &postcrm.Error{Kind: postcrm.ErrInvalid, Code: "hubs.bad_time", Field: f.field, Message: "时间应为 YYYY-MM-DD HH:MM"})
			continue
		}
		*f.into = parsed
	}
	if len(bad) > 0 {
		return v, domainError(bad[0])
	}
	return v, nil
}

// dockPage is the dock form with the vehicles at the docks now.
type dockPage struct {
	Hub       hub.Hub
	Values    vehicleJSON
	Now       string
	Waiting   []hub.Vehicle
	Unloading []hub.Vehicle
	Done      string
	fieldRefusal
}

func (d dockPage) Rows(req *Request) []formRow {
	v := d.Values
	num := func(n int) string {
		if n == 0 {
			return ""
		}
		return strconv.Itoa(n)
	}
	return rows(req, d.fieldRefusal,
		[4]string{"vehicle", "hubs.vehicle", "text", v.Vehicle},
		[4]string{"route", "hubs.route", "text", v.Route},
		[4]string{"arrived_at", "hubs.arrived", "datetime-local", strings.Replace(v.ArrivedAt, " ", "T", 1)},
		[4]string{"unload_started_at", "hubs.started", "datetime-local", strings.Replace(v.UnloadStartedAt, " ", "T", 1)},
		[4]string{"unload_finished_at", "hubs.finished", "datetime-local", strings.Replace(v.UnloadFinishedAt, " ", "T", 1)},
		[4]string{"bags", "hubs.bags", "number", num(v.Bags)},
		[4]string{"pieces", "hubs.pieces", "number", num(v.Pieces)})
}

func (s *Server) loadDock(req *Request) (dockPage, error) {
	ctx, code := req.Context(), req.PathValue("code")
	h, err := s.hubs.ScopedHub(ctx, req.Scope, code)
	if err != nil {
		return dockPage{}, err
	}
	now := s.now().In(postcrm.ChinaTime).Truncate(time.Minute)
	d := dockPage{Hub: h, Now: now.Format("2006-01-02T15:04"), Done: req.URL.Query().Get("done")}
	d.Values.ArrivedAt = d.Now
	vs, err := s.hubs.ScopedHubVehicles(ctx, req.Scope, code, now, now)
	if err != nil {
		return d, err
	}
	for i := range vs {
		switch v := &vs[i]; {
		case hub.Unloading(v, now):
			d.Unloading = append(d.Unloading, *v)
		case hub.Waiting(v, now):
			d.Waiting = append(d.Waiting, *v)
		}
	}
	// The phone shows the longest waiting first, a screenful.
	d.Waiting = d.Waiting[:min(len(d.Waiting), 30)]
	return d, nil
}

func (s *Server) hubDockPage(w http.ResponseWriter, req *Request) error {
	d, err := s.loadDock(req)
	if err != nil {
		return err
	}
	return s.renderPage(w, req, http.StatusOK, "hub_dock", "hubs.dock_title", d)
}

// hubDockSave saves the dock form, or marks a listed vehicle's unloading
// started or finished now (action start / finish, keyed by vehicle and
// arrival), then shows the form again with a confirmation.
func (s *Server) hubDockSave(w http.ResponseWriter, req *Request) error {
	code := req.PathValue("code")
	j := vehicleJSON{Vehicle: req.PostFormValue("vehicle"), Route: req.PostFormValue("route"), ArrivedAt: req.PostFormValue("arrived_at"),
		UnloadStartedAt: req.PostFormValue("unload_started_at"), UnloadFinishedAt: req.PostFormValue("unload_finished_at")}
	var bad error
	for _, f := range []struct {
		name string
		into *int
	}{{"bags", &j.Bags}, {"pieces", &j.Pieces}} {
		if t := strings.TrimSpace(req.PostFormValue(f.name)); t != "" {
			n, err := strconv.Atoi(t)
			if err != nil && bad == nil {
				bad = domainError(&postcrm.Error{Kind: postcrm.ErrInvalid, Code: "hubs.bad_number", Field: f.name, Message: "应为整数"})
			}
			*f.into = n
		}
	}
	var v hub.Vehicle
	var err error
	if action := req.PostFormValue("action"); action == "start" || action == "finish" {
		v, err = s.markVehicle(req, code, j, action)
	} else if bad != nil {
		err = bad
	} else if v, err = j.vehicle(code); err == nil {
		err = domainError(s.hubs.SaveScopedHubVehicle(req.Context(), req.Scope, v, actor(req)))
	}
	return afterForm(w, req, err, fmt.Sprintf("/hubs/%s/dock?done=%s", url.PathEscape(code), url.QueryEscape(v.Vehicle)), func(refusal fieldRefusal) error {
		d, err := s.loadDock(req)
		if err != nil {
			return err
		}
		d.Values, d.fieldRefusal = j, refusal
		return s.renderPage(w, req, refusal.status, "hub_dock", "hubs.dock_title", d)
	})
}

// markVehicle stamps now as a listed vehicle's unload start or finish.
func (s *Server) markVehicle(req *Request, code string, j vehicleJSON, action string) (hub.Vehicle, error) {
	key, err := j.vehicle(code)
	if err != nil {
		return key, err
	}
	now := s.now().In(postcrm.ChinaTime).Truncate(time.Minute)
	vs, err := s.hubs.ScopedHubVehicles(req.Context(), req.Scope, code, now, now)
	if err != nil {
		return key, err
	}
	for _, v := range vs {
		if v.Vehicle != key.Vehicle || !v.ArrivedAt.Equal(key.ArrivedAt) {
			continue
		}
		if action == "start" {
			v.UnloadStarted = now
		} else {
			v.UnloadFinished = now
		}
		return v, domainError(s.hubs.SaveScopedHubVehicle(req.Context(), req.Scope, v, actor(req)))
	}
	return key, errNotFound
}

// apiHubVehicle takes one vehicle as JSON; a later one of the same
// vehicle and arrival updates it.
func (s *Server) apiHubVehicle(w http.ResponseWriter, req *Request) error {
	var j vehicleJSON
	if err := readJSON(w, req, &j); err != nil {
		return err
	}
	v, err := j.vehicle(req.PathValue("code"))
	if err != nil {
		return err
	}
	if err := domainError(s.hubs.SaveScopedHubVehicle(req.Context(), req.Scope, v, actor(req))); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, j)
	return nil
}
