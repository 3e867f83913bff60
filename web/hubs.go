package web

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"postcrm"
	"postcrm/hub"
	"postcrm/textfmt"
)

// hubsPage lists the hubs in the user's scope.
type hubsPage struct {
	Hubs []hub.Hub
}

func (s *Server) loadHubs(req *Request) (hubsPage, error) {
	hs, err := s.hubs.ScopedHubs(req.Context(), req.Scope)
	return hubsPage{Hubs: hs}, err
}

// hubAt reads ?at= (the datetime-local form's "YYYY-MM-DDTHH:MM" or
// "YYYY-MM-DD HH:MM"); the current minute without it.
func (s *Server) hubAt(req *Request) (time.Time, error) {
	v := strings.Replace(strings.TrimSpace(req.URL.Query().Get("at")), "T", " ", 1)
	if v == "" {
		return s.now().In(postcrm.ChinaTime).Truncate(time.Minute), nil
	}
	t, err := time.ParseInLocation(hub.TimeLayout, v, postcrm.ChinaTime)
	if err != nil {
		return t, userError(http.StatusBadRequest, "hubs.bad_at")
	}
	return t, nil
}

// hubBoard loads the board of the hub in the path, in the user's scope.
func (s *Server) hubBoard(req *Request) (hub.Board, error) {
	at, err := s.hubAt(req)
	if err != nil {
		return hub.Board{}, err
	}
	return hub.Load(req.Context(), hub.In(s.hubs, req.Scope), req.PathValue("code"), at)
}

func (s *Server) loadHubBoardJSON(req *Request) (hub.BoardJSON, error) {
	b, err := s.hubBoard(req)
	return b.JSON(), err
}

// hubTile is one tile of the board: its figure, a line under it, its
// colour band and the rows it drills down to.
type hubTile struct {
	ID, Label, Value, Sub, Band, Href string
}

// boardView is what the board page and the wall screen show.
type boardView struct {
	Hub       hub.Hub
	AtText    string
	AtInput   string // for the datetime-local field
	Board     hub.Board
	Tiles     []hubTile
	ClearText string
	ExtraText string
	Method    string
	Manager   bool
	Snapshot  int64
}

func (s *Server) boardView(req *Request, b hub.Board, rowsBase string) boardView {
	T := req.T
	at := url.QueryEscape(b.At.Format(hub.TimeLayout))
	href := func(tile string) string {
		if rowsBase == "" {
			return ""
		}
		return rowsBase + "?tile=" + tile + "&at=" + at
	}
	set := b.Settings
	sh := b.Shift
	tiles := []hubTile{
		{ID: "waiting", Label: T("hubs.tile.waiting"), Value: thousandsOf(b.Waiting), Sub: T("hubs.tile.unloading", b.Unloading), Href: href("waiting")},
		{ID: "over", Label: T("hubs.tile.over", set.Threshold.Hours()), Value: thousandsOf(b.WaitingOver), Band: set.Band(b.WaitingOver),
			Sub: T("hubs.tile.bands", set.AmberAt, set.RedAt), Href: href("over")},
		{ID: "oldest", Label: T("hubs.tile.oldest"), Value: fmt.Sprintf("%.1f", b.OldestWait.Hours()), Sub: T("hubs.tile.hours"), Href: href("waiting")},
		{ID: "load", Label: T("hubs.tile.load"), Value: thousandsOf(b.WaitingPieces), Sub: T("hubs.tile.bags", thousandsOf(b.WaitingBags)), Href: href("waiting")},
		{ID: "last-hour", Label: T("hubs.tile.last_hour"), Value: thousandsOf(b.LastHour.Pieces),
			Sub: T("hubs.tile.vehicles_bags", b.LastHour.Vehicles, thousandsOf(b.LastHour.Bags)), Href: href("last_hour")},
		{ID: "this-shift", Label: T("hubs.tile.this_shift", sh.Name.Label()), Value: thousandsOf(b.ThisShift.Pieces),
			Sub: T("hubs.tile.vehicles_bags", b.ThisShift.Vehicles, thousandsOf(b.ThisShift.Bags)), Href: href("this_shift")},
		{ID: "attendance", Label: T("hubs.tile.attendance"), Value: fmt.Sprintf("%.0f%%", 100*sh.AttendanceRate()),
			Sub: T("hubs.tile.present_of", sh.Present, sh.Signed, sh.NoShow), Href: href("roster")},
		{ID: "open-slots", Label: T("hubs.tile.open_slots"), Value: thousandsOf(sh.OpenSlots), Sub: T("hubs.tile.needed_signed", sh.Needed, sh.Signed),
			Band: map[bool]string{true: "amber"}[sh.OpenSlots > 0], Href: href("roster")},
	}
	if c := b.Counts; c != nil {
		tiles = append(tiles,
			hubTile{ID: "overdue", Label: T("hubs.tile.overdue"), Value: thousandsOf(c.OverdueLE12h + c.Overdue12to24h + c.OverdueGT24h),
				Sub: T("hubs.tile.buckets", thousandsOf(c.OverdueLE12h), thousandsOf(c.Overdue12to24h), thousandsOf(c.OverdueGT24h)), Href: href("counts")},
			hubTile{ID: "outsourced", Label: T("hubs.tile.outsourced"), Value: ratioText(c.Outsourced, c.OutsourcedBaseline),
				Sub: T("hubs.tile.of_baseline", c.Outsourced, c.OutsourcedBaseline), Href: href("counts")})
	}
	v := boardView{Hub: b.Hub, AtText: hub.FormatTime(b.At), AtInput: b.At.In(postcrm.ChinaTime).Format("2006-01-02T15:04"),
		Board: b, Tiles: tiles, Snapshot: b.At.Unix()}
	p := b.Projection
	switch {
	case p.Never:
		v.ClearText = T("hubs.never")
	case b.WaitingOver == 0 && !p.ClearAt.After(b.At):
		v.ClearText = T("hubs.clear_now")
	default:
		v.ClearText = hub.FormatTime(p.ClearAt)
	}
	switch {
	case p.Target.IsZero():
		v.ExtraText = T("hubs.no_target")
	case !p.Reachable:
		v.ExtraText = T("hubs.target_unreachable", hub.FormatTime(p.Target))
	case p.ExtraPerShift == 0:
		v.ExtraText = T("hubs.target_met", hub.FormatTime(p.Target))
	default:
		var shifts []string
		for _, r := range p.ExtraShifts {
			shifts = append(shifts, fmt.Sprintf("%s %s", r.Day.Time().Format("1月2日"), r.Shift.Label()))
		}
		v.ExtraText = T("hubs.extra", hub.FormatTime(p.Target), p.ExtraPerShift, strings.Join(shifts, "、"))
	}
	v.Method = T("hubs.method", set.RateWindow.Hours(), thousandsOf(int(b.Rate+0.5)), thousandsOf(int(p.BaseRate+0.5)), set.PiecesPerVolunteerHour)
	return v
}

func thousandsOf(n int) string { return textfmt.Thousands(int64(n)) }

// ratioText is a ÷ b as a percentage, "—" without a base.
func ratioText(a, b int) string {
	if b == 0 {
		return "—"
	}
	return fmt.Sprintf("%.0f%%", 100*float64(a)/float64(b))
}

func (s *Server) hubBoardPage(w http.ResponseWriter, req *Request) error {
	b, err := s.hubBoard(req)
	if err != nil {
		return err
	}
	v := s.boardView(req, b, "/hubs/"+url.PathEscape(b.Hub.Code)+"/rows")
	v.Manager = req.User.Role == postcrm.RoleCityManager || req.User.Role == postcrm.RoleProvinceAdmin
	return s.renderPage(w, req, http.StatusOK, "hub_board", "hubs.board_title", v)
}

// hubRows is the drill-down of a tile: the vehicles it counts, the
// shift's roster or the count snapshots.
type hubRows struct {
	boardView
	Tile     string
	Title    string
	Vehicles []hub.Vehicle
	Roster   []hub.RosterEntry
	Counts   []hub.CountSnapshot
	Done     string
	CanMark  func(hub.RosterEntry) bool
	Add      rosterAdd // the form that adds a volunteer to the shift
	Added    string    // the volunteer just added
	// NoShows are the no-shows per person over the NoShowDays to the day.
	NoShows    []hub.NoShowCount
	NoShowDays int
}

func (s *Server) hubRowsPage(w http.ResponseWriter, req *Request) error {
	d, err := s.loadHubRows(req, req.URL.Query().Get("tile"))
	if err != nil {
		return err
	}
	return s.renderPage(w, req, http.StatusOK, "hub_rows", "hubs.rows_title", d)
}

// loadHubRows reads the rows of one tile of the board as of ?at=.
func (s *Server) loadHubRows(req *Request, tile string) (hubRows, error) {
	b, err := s.hubBoard(req)
	if err != nil {
		return hubRows{}, err
	}
	ctx, code := req.Context(), b.Hub.Code
	d := hubRows{boardView: s.boardView(req, b, ""), Tile: tile, Title: req.T("hubs.rows." + tile), Done: req.URL.Query().Get("done"), Added: req.URL.Query().Get("added")}
	at, set := b.At, b.Settings
	switch tile {
	case "waiting", "over", "unloading", "last_hour", "this_shift":
		vs, err := s.hubs.ScopedHubVehicles(ctx, req.Scope, code, b.Shift.Start.Add(-time.Hour), at)
		if err != nil {
			return d, err
		}
		for i := range vs {
			v := &vs[i]
			var in bool
			switch tile {
			case "waiting":
				in = hub.Waiting(v, at)
			case "over":
				in = hub.OverThreshold(v, at, set.Threshold)
			case "unloading":
				in = hub.Unloading(v, at)
			case "last_hour":
				in = hub.FinishedIn(v, at.Add(-time.Hour), at)
			case "this_shift":
				in = hub.FinishedIn(v, b.Shift.Start.Add(-time.Nanosecond), at)
			}
			if in {
				d.Vehicles = append(d.Vehicles, *v)
			}
		}
	case "roster":
		rs, err := s.hubs.ScopedHubRoster(ctx, req.Scope, code, b.Shift.Day, b.Shift.Day)
		if err != nil {
			return d, err
		}
		for _, r := range rs {
			if r.Shift == b.Shift.Name {
				d.Roster = append(d.Roster, r)
			}
		}
		d.Add = rosterAdd{Day: b.Shift.Day.String(), Shift: string(b.Shift.Name), ShiftLabel: b.Shift.Name.Label(), Branch: req.Scope.OfficeCode,
			OwnBranch: req.Scope.Role == postcrm.RoleOfficeManager}
		d.CanMark = func(r hub.RosterEntry) bool {
			return r.Person != "" && (req.Scope.Role != postcrm.RoleOfficeManager || r.Branch == req.Scope.OfficeCode)
		}
	case "no_shows":
		// The same window as the daily workbook's 缺勤统计.
		rs, err := s.hubs.ScopedHubRoster(ctx, req.Scope, code, postcrm.DateOf(b.Shift.Day.Time().AddDate(0, 0, -hub.NoShowDays)), b.Shift.Day)
		if err != nil {
			return d, err
		}
		d.NoShows = hub.NoShows(rs)
		d.NoShowDays = hub.NoShowDays
	case "counts":
		for h := 0; h < 24; h++ {
			c, err := s.hubs.ScopedHubCountsAt(ctx, req.Scope, code, at.Add(-time.Duration(h)*time.Hour))
			if err != nil {
				break
			}
			if len(d.Counts) == 0 || !d.Counts[len(d.Counts)-1].At.Equal(c.At) {
				d.Counts = append(d.Counts, c)
			}
		}
	default:
		return d, errNotFound
	}
	return d, nil
}

// hubRosterStatus records a volunteer's attendance from the roster rows.
func (s *Server) hubRosterStatus(w http.ResponseWriter, req *Request) error {
	code := req.PathValue("code")
	if _, err := s.hubs.ScopedHub(req.Context(), req.Scope, code); err != nil {
		return err
	}
	day, _ := time.ParseInLocation(time.DateOnly, req.PostFormValue("day"), postcrm.ChinaTime)
	st, ok := hub.ParseStatus(req.PostFormValue("status"))
	if !ok || req.PostFormValue("person") == "" || req.PostFormValue("branch") == "" {
		return userError(http.StatusBadRequest, "roster.status")
	}
	e := hub.RosterEntry{Hub: code, Day: postcrm.DateOf(day), Shift: hub.Shift(req.PostFormValue("shift")),
		Branch: req.PostFormValue("branch"), Person: req.PostFormValue("person"), Status: st}
	if err := domainError(s.hubs.SetScopedRosterStatus(req.Context(), req.Scope, e, actor(req))); err != nil {
		return err
	}
	to := fmt.Sprintf("/hubs/%s/rows?tile=roster&at=%s&done=%s", url.PathEscape(code), url.QueryEscape(req.PostFormValue("at")), url.QueryEscape(e.Person))
	http.Redirect(w, req.Request, to, http.StatusSeeOther)
	return nil
}

// hubWorkbook downloads the day of ?at= (default today) as the daily
// workbook, read within the user's scope.
func (s *Server) hubWorkbook(w http.ResponseWriter, req *Request) error {
	at, err := s.hubAt(req)
	if err != nil {
		return err
	}
	code, day := req.PathValue("code"), postcrm.DateOf(at)
	var buf bytes.Buffer
	if err := hub.Workbook(req.Context(), hub.In(s.hubs, req.Scope), code, day, &buf); err != nil {
		return err
	}
	name := fmt.Sprintf("%s-%s.xlsx", code, day)
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(name))
	_, err = buf.WriteTo(w)
	return err
}
