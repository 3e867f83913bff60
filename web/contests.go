package web

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"postcrm"
	"postcrm/contest"
)

// The contest's pages: the list and set-up (managers), the host console
// (managers), and the screens anyone with the code opens: the big
// screen and the phone buzzers. Real time is server-sent events plus
// POST: the screens only listen, and a press is one small POST whose
// answer says whether it counted; SSE needs no library, reconnects by
// itself and passes any proxy that passes HTTP (see docs/contest.md).

// teamCookie keeps a phone's seat across refreshes.
func teamCookie(code string) string { return "postcrm_contest_" + code }

// contestBanks caches each contest's question bank for the screens.
type contestBanks struct {
	mu    sync.Mutex
	banks map[int64]map[string]contest.Question
}

func (b *contestBanks) get(req *Request, s *Server, id int64) (map[string]contest.Question, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if bank, ok := b.banks[id]; ok {
		return bank, nil
	}
	qs, err := s.contestStore.ContestQuestions(req.Context(), id)
	if err != nil {
		return nil, err
	}
	bank := make(map[string]contest.Question, len(qs))
	for _, q := range qs {
		bank[q.ID] = q
	}
	if b.banks == nil {
		b.banks = map[int64]map[string]contest.Question{}
	}
	b.banks[id] = bank
	return bank, nil
}

// screenViews keeps each contest's latest screen view marshalled, by
// the log's length: a stage's 18 streams share one snapshot and one
// marshal per event instead of making one each, which kept a press's
// way to the last screen long on a busy machine.
type screenViews struct {
	mu    sync.Mutex
	views map[int64]*screenView // by contest ID
}

type screenView struct {
	mu   sync.Mutex
	seq  int64
	json []byte // contestJSON without now_ms
}

// body is the contest's screen view as JSON without now_ms, made again
// only when the log has grown since.
func (vs *screenViews) body(req *Request, s *Server, m *contest.Match) ([]byte, error) {
	vs.mu.Lock()
	if vs.views == nil {
		vs.views = map[int64]*screenView{}
	}
	v, ok := vs.views[m.ID]
	if !ok {
		v = &screenView{seq: -1}
		vs.views[m.ID] = v
	}
	vs.mu.Unlock()
	// The first stream told of an event makes the view; the others wait
	// for it here and take it.
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.seq == m.Seq() {
		return v.json, nil
	}
	cv, _, err := s.contestView(req, false)
	if err != nil {
		return nil, err
	}
	cv.NowMS = 0
	body, err := json.Marshal(cv)
	if err != nil {
		return nil, err
	}
	v.seq, v.json = cv.State.Seq, body
	return body, nil
}

// forget drops a contest's view (its bank changed).
func (vs *screenViews) forget(id int64) {
	vs.mu.Lock()
	delete(vs.views, id)
	vs.mu.Unlock()
}

func (b *contestBanks) forget(id int64) {
	b.mu.Lock()
	delete(b.banks, id)
	b.mu.Unlock()
}

// contestJSON is what the screens draw: the replayed state, the server's
// clock (the screens count down against it, not their own), the text of
// the question shown, and the answer for the host only.
type contestJSON struct {
	Code        string         `json:"code"`
	Name        string         `json:"name"`
	NowMS       int64          `json:"now_ms,omitempty"`
	State       *contest.State `json:"state"`
	NextChooser int            `json:"next_chooser"`
	Rounds      []string       `json:"rounds"`
	Text        string         `json:"text"`
	Options     string         `json:"options"`
	Category    string         `json:"category"`
	Answer      string         `json:"answer,omitempty"`
	// JoinURL is the address the phones join at (the QR code's text),
	// set by the two pages that show it: it holds the host the request
	// reached, and the screens' streams share one view whoever asked
	// first.
	JoinURL string `json:"-"`
	// Tiers are the current round's risk tiers, from the rule sheet.
	Tiers []int `json:"tiers,omitempty"`
	// AllowAbstain: whether the current round lets a team decline.
	AllowAbstain bool `json:"allow_abstain,omitempty"`
	// Bank lists the questions not yet used, for the host.
	Bank []contest.Question `json:"bank,omitempty"`
}

func (s *Server) contestView(req *Request, host bool) (contestJSON, *contest.Match, error) {
	code := req.PathValue("code")
	m, c, err := s.contests.Match(req.Context(), code)
	if err != nil {
		return contestJSON{}, nil, err
	}
	st := m.Snapshot()
	v := contestJSON{Code: c.Code, Name: c.Name, NowMS: s.opts.Now().UnixMilli(), State: st, NextChooser: st.NextChooser()}
	for _, rd := range m.Rules.Rounds {
		v.Rounds = append(v.Rounds, rd.Name)
	}
	if st.Round > 0 {
		rd := m.Rules.Rounds[st.Round-1]
		v.Tiers, v.AllowAbstain = rd.Tiers, rd.AllowAbstain
	}
	bank, err := s.banks.get(req, s, c.ID)
	if err != nil {
		return v, m, err
	}
	if q, ok := bank[st.Question]; ok && st.Phase != contest.PhaseIdle {
		v.Text, v.Options, v.Category = q.Text, q.Options, q.Category
		if host {
			v.Answer = q.Answer
		}
	}
	if host {
		for _, q := range bank {
			if st.Used[q.ID] == 0 {
				v.Bank = append(v.Bank, q)
			}
		}
	}
	return v, m, nil
}

type contestListPage struct {
	Contests []contest.Contest
	Rules    string
	Name     string
	Teams    string
	Error    string
	Fields   map[string]string
}

func (s *Server) contestsPage(w http.ResponseWriter, req *Request) error {
	return s.renderContests(w, req, http.StatusOK, contestListPage{Rules: contest.SampleRules,
		Teams: "第一队\n第二队\n第三队\n第四队\n第五队\n第六队"})
}

func (s *Server) renderContests(w http.ResponseWriter, req *Request, status int, p contestListPage) error {
	list, err := s.contestStore.Contests(req.Context())
	if err != nil {
		return err
	}
	p.Contests = list
	return s.renderPage(w, req, status, "contests", "contest.title", p)
}

// createContest sets up a contest from the form: name, teams one a
// line, the rule sheet as JSON. A refused sheet comes back with every
// fault named by its field.
func (s *Server) createContest(w http.ResponseWriter, req *Request) error {
	p := contestListPage{Name: strings.TrimSpace(req.PostFormValue("name")), Teams: req.PostFormValue("teams"), Rules: req.PostFormValue("rules")}
	var teams []string
	sc := bufio.NewScanner(strings.NewReader(p.Teams))
	for sc.Scan() {
		if t := strings.TrimSpace(sc.Text()); t != "" {
			teams = append(teams, t)
		}
	}
	if p.Name == "" {
		p.Name = req.T("contest.default_name")
	}
	c, err := s.contests.Create(req.Context(), p.Name, p.Rules, teams, actor(req))
	if errs := postcrm.Errors(err); len(errs) > 0 {
		var msgs []string
		for _, e := range errs {
			msgs = append(msgs, e.Message)
		}
		p.Error = strings.Join(msgs, "；")
		return s.renderContests(w, req, http.StatusBadRequest, p)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, req.Request, "/contest/"+c.Code+"/host", http.StatusSeeOther)
	return nil
}

func (s *Server) contestHostPage(w http.ResponseWriter, req *Request) error {
	v, _, err := s.contestView(req, true)
	if err != nil {
		return err
	}
	v.JoinURL = s.contestJoinURL(req, v.Code)
	return s.render(w, req, "contest_host", "contest.host_title", v)
}

// contestJudgePage is the judges' view: the question with its answer,
// the presses, and the judgment buttons only.
func (s *Server) contestJudgePage(w http.ResponseWriter, req *Request) error {
	v, _, err := s.contestView(req, true)
	if err != nil {
		return err
	}
	return s.render(w, req, "contest_judge", "contest.judge_title", v)
}

// contestHostState is the host console's view, with the answer.
func (s *Server) contestHostState(req *Request) (contestJSON, error) {
	v, _, err := s.contestView(req, true)
	return v, err
}

// contestHostEvent is one action of the host or the judges: the type
// and its fields as in the log; the server numbers and stamps it.
func (s *Server) contestHostEvent(w http.ResponseWriter, req *Request) error {
	var ev contest.Event
	if err := readJSON(w, req, &ev); err != nil {
		return err
	}
	if ev.Type == contest.EvPress || ev.Type == contest.EvFoul || ev.Type == contest.EvSetup {
		return userError(http.StatusBadRequest, "contest.not_host_event")
	}
	m, _, err := s.contests.Match(req.Context(), req.PathValue("code"))
	if err != nil {
		return err
	}
	ev.By = req.User.Name
	ev.Seq, ev.AtMS = 0, 0
	if _, err := m.Do(req.Context(), ev); err != nil {
		return contestRefusal(w, req, err)
	}
	v, err := s.contestHostState(req)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, v)
	return nil
}

// contestRefusal answers a refused event with 409 and the rule's code
// and message, for the console and the phone to show.
func contestRefusal(w http.ResponseWriter, req *Request, err error) error {
	errs := postcrm.Errors(err)
	if len(errs) == 0 {
		return err
	}
	writeJSON(w, http.StatusConflict, map[string]string{"code": errs[0].Code, "message": req.domainMessage(errs[0])})
	return nil
}

// contestStream sends the screen's state at once and after every event,
// as server-sent events; a reopened screen is current at its first
// message.
func (s *Server) contestStream(w http.ResponseWriter, req *Request) error {
	if !strings.Contains(req.Header.Get("Accept"), "text/event-stream") {
		// Not an EventSource: the current state once, as JSON.
		v, err := s.contestState(req)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, v)
		return nil
	}
	m, _, err := s.contests.Match(req.Context(), req.PathValue("code"))
	if err != nil {
		return err
	}
	// Subscribed before the first view is made, so no event falls
	// between them; that view is made before the header, so that a
	// failure is still answered as one.
	notes, stop := m.Subscribe()
	defer stop()
	body, err := s.screenViews.body(req, s, m)
	if err != nil {
		return err
	}
	rc := http.NewResponseController(w)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	_ = rc.SetWriteDeadline(time.Time{})
	keepAlive := time.NewTicker(20 * time.Second)
	defer keepAlive.Stop()
	send := func(body []byte) error {
		// The server's clock is the time of sending, not of the shared view.
		if _, err := fmt.Fprintf(w, "data: {\"now_ms\":%d,%s\n\n", s.opts.Now().UnixMilli(), body[1:]); err != nil {
			return err
		}
		return rc.Flush()
	}
	if err := send(body); err != nil {
		return nil
	}
	for {
		select {
		case <-req.Context().Done():
			return nil
		case <-s.streams.Done():
			// A graceful shutdown has begun (or the server is closed, which
			// ends the streams too): an open stream would hold it until its
			// timeout; the screens reconnect to the next server.
			return nil
		case <-keepAlive.C:
			if _, err := fmt.Fprint(w, ": keep-alive\n\n"); err != nil || rc.Flush() != nil {
				return nil
			}
		case <-notes:
			if body, err = s.screenViews.body(req, s, m); err != nil || send(body) != nil {
				return nil
			}
		}
	}
}

func (s *Server) contestState(req *Request) (contestJSON, error) {
	v, _, err := s.contestView(req, false)
	return v, err
}

func (s *Server) contestScreenPage(w http.ResponseWriter, req *Request) error {
	v, _, err := s.contestView(req, false)
	if err != nil {
		return err
	}
	v.JoinURL = s.contestJoinURL(req, v.Code)
	return s.render(w, req, "contest_screen", "contest.screen_title", v)
}

// buzzerPage is a team's phone: the team choice until the phone has
// joined, then the button.
type buzzerPage struct {
	contestJSON
	Seat     int
	TeamName string
	Seats    []seatOption
}

type seatOption struct {
	Seat int
	Name string
}

func (s *Server) contestBuzzerPage(w http.ResponseWriter, req *Request) error {
	v, _, err := s.contestView(req, false)
	if err != nil {
		return err
	}
	p := buzzerPage{contestJSON: v}
	if ck, err := req.Cookie(teamCookie(v.Code)); err == nil {
		p.Seat = s.contests.TeamOf(v.Code, ck.Value)
	}
	if p.Seat > len(v.State.Teams) {
		p.Seat = 0
	}
	if p.Seat > 0 {
		p.TeamName = v.State.Teams[p.Seat-1]
	}
	for i, t := range v.State.Teams {
		p.Seats = append(p.Seats, seatOption{i + 1, t})
	}
	return s.render(w, req, "contest_buzzer", "contest.buzzer_title", p)
}

// contestJoin gives the phone its seat's cookie. The seat is the one the
// phone chose: teams sit on a stage, and the host sees who joined.
func (s *Server) contestJoin(w http.ResponseWriter, req *Request) error {
	v, _, err := s.contestView(req, false)
	if err != nil {
		return err
	}
	seat, err := strconv.Atoi(req.PostFormValue("team"))
	if err != nil || seat < 1 || seat > len(v.State.Teams) {
		return userError(http.StatusBadRequest, "contest.no_team")
	}
	http.SetCookie(w, &http.Cookie{Name: teamCookie(v.Code), Value: s.contests.TeamToken(v.Code, seat), Path: "/",
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: s.secure(req.Request), MaxAge: 24 * 3600})
	writeJSON(w, http.StatusOK, map[string]int{"team": seat})
	return nil
}

// contestPress is a phone's press. The server's receipt time, not the
// phone's, decides; the phone's stated time is kept in the log. A press
// before 开始 is logged as a foul; a second press is refused (409).
func (s *Server) contestPress(w http.ResponseWriter, req *Request) error {
	code := req.PathValue("code")
	m, _, err := s.contests.Match(req.Context(), code)
	if err != nil {
		return err
	}
	seat := 0
	if ck, err := req.Cookie(teamCookie(code)); err == nil {
		seat = s.contests.TeamOf(code, ck.Value)
	}
	if seat == 0 {
		return userError(http.StatusUnauthorized, "contest.not_joined")
	}
	clientMS, _ := strconv.ParseInt(req.PostFormValue("client_ms"), 10, 64)
	ev, err := m.Do(req.Context(), contest.Event{Type: contest.EvPress, Team: seat, ClientMS: clientMS})
	if err != nil {
		return contestRefusal(w, req, err)
	}
	writeJSON(w, http.StatusOK, map[string]any{"seq": ev.Seq, "type": ev.Type, "at_ms": ev.AtMS})
	return nil
}

// contestImportBank imports the question bank from an uploaded XLSX or
// CSV; bad rows are listed by row number and nothing is saved then.
func (s *Server) contestImportBank(w http.ResponseWriter, req *Request) error {
	code := req.PathValue("code")
	_, c, err := s.contests.Match(req.Context(), code)
	if err != nil {
		return err
	}
	file, hdr, err := req.FormFile("bank")
	if err != nil {
		return userError(http.StatusBadRequest, "contest.no_file")
	}
	defer file.Close()
	tmp, err := os.CreateTemp("", "bank-*"+filepath.Ext(hdr.Filename))
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.ReadFrom(file); err != nil {
		return err
	}
	tmp.Close()
	qs, bad, err := contest.ReadBank(tmp.Name())
	if err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]any{"message": err.Error()})
		return nil
	}
	if len(bad) > 0 {
		writeJSON(w, http.StatusBadRequest, map[string]any{"bad_rows": bad})
		return nil
	}
	if err := s.contestStore.SaveContestQuestions(req.Context(), c.ID, qs, actor(req)); err != nil {
		return err
	}
	s.banks.forget(c.ID)
	s.screenViews.forget(c.ID)
	writeJSON(w, http.StatusOK, map[string]int{"questions": len(qs)})
	return nil
}
