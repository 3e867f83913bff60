package web

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"

	"postcrm"
	"postcrm/followup"
	"postcrm/textfmt"
)

// effectPage is one month's follow-up as a PDCA cycle: plan (warnings
// issued and dispatched), do (contacts made, on time), check (recovery
// and uplift one and two months on) and, for the province, act (the
// notes and threshold changes recorded) with the settings. A city
// manager sees the figures of their city's offices: the control group
// there only as counts and recovery rates, never as customers.
type effectPage struct {
	Month      string      `json:"month"`
	Done       string      `json:"-"` // the confirmation after a saved form
	*EffectAct             // nil outside the province
	Plan       planFigures `json:"plan"`
	Do         doFigures   `json:"do"`
	Check      []effectLag `json:"check"`
	// Formatted for the page.
	WrongRate string `json:"-"`
	Outcomes  string `json:"-"` // "已恢复 3、已流失 1"
	HeldOut   string `json:"-"` // the held-out share and why
	Measures  string `json:"-"` // the measured kinds' names
}

// labelFigures writes the page's texts of the plan and do figures.
func (p *effectPage) labelFigures(req *Request) {
	for i := range p.Plan.ByKind {
		p.Plan.ByKind[i].Label = req.T("kind." + string(p.Plan.ByKind[i].Kind))
	}
	var measures []string
	for _, k := range warningKinds {
		if followup.Measured(k) {
			measures = append(measures, req.T("kind."+string(k)))
		}
	}
	p.Measures = strings.Join(measures, req.T("list.sep"))
	p.Plan.Contract.Label, p.Plan.Walkin.Label, p.Plan.Total.Label = req.T("effect.contract_total"), req.T("effect.walkin_total"), req.T("effect.all")
	var outcomes []string
	for _, o := range postcrm.Outcomes {
		if n := p.Do.Outcomes[o]; n > 0 {
			outcomes = append(outcomes, req.T("outcome."+string(o))+" "+textfmt.Thousands(int64(n)))
		}
	}
	p.Outcomes = strings.Join(outcomes, req.T("list.sep"))
	switch share := p.Plan.HeldOutShare; {
	case share == nil:
		p.HeldOut = req.T("effect.held_out_none")
	case math.Abs(*share-p.Plan.SettingShare) >= 0.01:
		p.HeldOut = req.T("effect.held_out_share_differs", percentText(share), percent(p.Plan.SettingShare))
	default:
		p.HeldOut = req.T("effect.held_out_share", percentText(share))
	}
}

// EffectAct is the province's part of the effect page: the follow-up
// settings, the early alerts' levels and the month's act notes.
type EffectAct struct {
	Settings       postcrm.FollowupSettings `json:"settings"`
	Alerts         postcrm.AlertSettings    `json:"alert_settings"`
	Act            []actNoteJSON            `json:"act"`
	HoldoutPercent string                   `json:"-"`
	AlertForm      alertForm                `json:"-"`
}

// alertForm is the early alerts' settings form: the stored levels, or
// after a refusal what was entered and the messages beside the fields.
type alertForm struct {
	Silent, Slowdown, RecentDays, MinDropPercent string
	fieldRefusal
}

type planFigures struct {
	Warnings   map[postcrm.WarningKind]int `json:"warnings"`
	Dispatched int                         `json:"dispatched"`
	HeldOut    int                         `json:"held_out"`
	Unassigned int                         `json:"unassigned"` // dispatched to nobody: no manager in the office
	Withdrawn  int                         `json:"withdrawn"`
	// ByKind is the month's warnings, dispatches and follow-up per kind,
	// contract kinds then walk-ins; Contract, Walkin and Total sum them.
	ByKind                  []kindFigures `json:"by_kind"`
	Contract, Walkin, Total kindFigures   `json:"-"`
	// HeldOutShare is the share of the month's dispatched and held-out
	// warnings that was held out; SettingShare the share set now, which
	// later months are drawn with.
	HeldOutShare *float64 `json:"held_out_share"`
	SettingShare float64  `json:"setting_share"`
}

// kindFigures is one kind's line of the plan and do: warnings issued,
// dispatched (to someone or to nobody), held out, not dispatched (yet),
// and of the dispatched how many customers were reached, on time, closed
// or escalated. Measured says whether the check below measures the kind.
type kindFigures struct {
	Kind          postcrm.WarningKind `json:"kind"`
	Walkin        bool                `json:"walkin"`
	Measured      bool                `json:"measured"`
	Warnings      int                 `json:"warnings"`
	Dispatched    int                 `json:"dispatched"`
	HeldOut       int                 `json:"held_out"`
	NotDispatched int                 `json:"not_dispatched"`
	Contacted     int                 `json:"contacted"`
	OnTime        int                 `json:"on_time"`
	Closed        int                 `json:"closed"`
	Escalated     int                 `json:"escalated"`
	Label         string              `json:"-"`
}

// add sums o into k.
func (k *kindFigures) add(o kindFigures) {
	k.Warnings += o.Warnings
	k.Dispatched += o.Dispatched
	k.HeldOut += o.HeldOut
	k.NotDispatched += o.NotDispatched
	k.Contacted += o.Contacted
	k.OnTime += o.OnTime
	k.Closed += o.Closed
	k.Escalated += o.Escalated
}

type doFigures struct {
	Contacted    int                     `json:"contacted"` // customers reached
	OnTime       int                     `json:"on_time"`   // …first reached by the due date
	Closed       int                     `json:"closed"`
	Escalated    int                     `json:"escalated"`
	Outcomes     map[postcrm.Outcome]int `json:"outcomes"` // closing or last outcome per warning
	WrongWarning float64                 `json:"wrong_warning_rate"`
}

// effectLag is the check lag months on; Rows are for the page.
type effectLag struct {
	Lag       int              `json:"lag"`
	Available bool             `json:"available"` // the later month is analysed
	Report    *followup.Report `json:"report,omitempty"`
	Rows      []effectRow      `json:"-"`
}

// effectRow is one line of an effect table, formatted.
type effectRow struct {
	Scope, Key string
	Groups     [3]string // "recovered/n (rate)" per group
	Fen        [3]string
	Uplift, CI string
}

type actNoteJSON struct {
	ID         int64  `json:"id"`
	Author     string `json:"author"`
	At         string `json:"at"`
	Note       string `json:"note"`
	Thresholds string `json:"thresholds,omitempty"`
}

// effectMonth is ?month=, else the month two before the latest analysed:
// the newest whose effect can be checked two months on.
func (s *Server) effectMonth(req *Request) (month, latest postcrm.Month, err error) {
	latest, err = s.latestMonth(req.Context())
	if err != nil || req.URL.Query().Get("month") == "" {
		return latest.Add(-followup.StickyMonths), latest, err
	}
	month, err = s.monthParam(req)
	return month, latest, err
}

// serveEffect is the effect page, titled for the user's scope.
func (s *Server) serveEffect(w http.ResponseWriter, req *Request) error {
	title := "effect.title"
	if req.Scope.Role != postcrm.RoleProvinceAdmin {
		title = "effect.city_title"
	}
	return pageOf(s, "followup_effect", title, s.loadEffect)(w, req)
}

func (s *Server) loadEffect(req *Request) (effectPage, error) {
	ctx := req.Context()
	month, latest, err := s.effectMonth(req)
	if err != nil {
		return effectPage{}, err
	}
	p := effectPage{Month: month.String(), Done: doneMessage(req)}
	m, err := s.store.ScopedFollowupMonth(ctx, req.Scope, month)
	if err != nil {
		return p, err
	}
	p.Plan, p.Do = planAndDo(m.Warnings, m.Dispatches, m.Contacts)
	p.WrongRate = percent(p.Do.WrongWarning)
	set, err := s.store.FollowupSettings(ctx)
	if err != nil {
		return p, err
	}
	p.Plan.SettingShare = set.HoldoutShare
	p.labelFigures(req)
	if req.Scope.Role == postcrm.RoleProvinceAdmin {
		if p.EffectAct, err = s.loadEffectAct(req, month); err != nil {
			return p, err
		}
	}
	reasons, err := s.store.Reasons(ctx)
	if err != nil {
		return p, err
	}
	offices, err := s.store.ScopedOffices(ctx, req.Scope)
	if err != nil {
		return p, err
	}
	names := reasonNames(req, reasons)
	for _, o := range offices {
		names[o.Code] = o.Name + " " + o.Code
	}
	for lag := 1; lag <= followup.StickyMonths; lag++ {
		l := effectLag{Lag: lag, Available: month.Add(lag) <= latest}
		if l.Available {
			cases, err := s.measure.cases(ctx, m, lag)
			if err != nil {
				return p, err
			}
			r := followup.NewReport(month, lag, cases)
			l.Report, l.Rows = &r, effectRows(req, r, names)
		}
		p.Check = append(p.Check, l)
	}
	return p, nil
}

// loadEffectAct reads the province's settings and month's act notes.
func (s *Server) loadEffectAct(req *Request, month postcrm.Month) (*EffectAct, error) {
	set, err := s.store.FollowupSettings(req.Context())
	if err != nil {
		return nil, err
	}
	alerts, err := s.store.AlertSettings(req.Context())
	if err != nil {
		return nil, err
	}
	a := &EffectAct{Settings: set, HoldoutPercent: strconv.FormatFloat(100*set.HoldoutShare, 'f', 0, 64),
		Alerts: alerts, AlertForm: alertForm{Silent: strconv.FormatFloat(alerts.SilentLevel, 'f', -1, 64),
			Slowdown: strconv.FormatFloat(alerts.SlowdownLevel, 'f', -1, 64), RecentDays: strconv.Itoa(alerts.RecentDays),
			MinDropPercent: strconv.FormatFloat(100*alerts.MinDrop, 'f', -1, 64)}}
	notes, err := s.store.ActNotes(req.Context(), month)
	for _, n := range notes {
		a.Act = append(a.Act, actNoteJSON{ID: n.ID, Author: n.Author, At: n.At.Format("2006-01-02 15:04"), Note: n.Note, Thresholds: n.Thresholds})
	}
	return a, err
}

// planAndDo counts a month's warnings, dispatches and contacts, in all
// and per kind.
func planAndDo(ws []postcrm.Warning, ds []postcrm.Dispatch, contacts []postcrm.Contact) (planFigures, doFigures) {
	plan := planFigures{Warnings: map[postcrm.WarningKind]int{}}
	do := doFigures{Outcomes: map[postcrm.Outcome]int{}}
	byKind := map[postcrm.WarningKind]*kindFigures{}
	kindOf := func(k postcrm.WarningKind) *kindFigures {
		if byKind[k] == nil {
			byKind[k] = &kindFigures{Kind: k, Walkin: k == postcrm.WarnWalkinChurn, Measured: followup.Measured(k)}
		}
		return byKind[k]
	}
	issued := make(map[int64]bool, len(ws))
	for _, w := range ws {
		plan.Warnings[w.Kind]++
		kindOf(w.Kind).Warnings++
		issued[w.ID] = true
	}
	firstReached := followup.FirstReached(contacts)
	decided := map[postcrm.WarningKind]int{}
	for _, d := range ds {
		k := kindOf(d.Kind)
		switch {
		case d.Withdrawn:
			plan.Withdrawn++
			continue
		case d.HeldOut:
			plan.HeldOut++
			k.HeldOut++
			if issued[d.WarningID] {
				decided[d.Kind]++
			}
			continue
		case d.AssignedTo == "":
			plan.Unassigned++
		}
		plan.Dispatched++
		k.Dispatched++
		if issued[d.WarningID] {
			decided[d.Kind]++
		}
		if d.Outcome != "" {
			do.Outcomes[d.Outcome]++
		}
		if d.Status == postcrm.StatusClosed {
			do.Closed++
			k.Closed++
		}
		if d.Escalation > 0 {
			do.Escalated++
			k.Escalated++
		}
		if _, ok := firstReached[d.WarningID]; ok {
			do.Contacted++
			k.Contacted++
		}
		if followup.OnTime(d, firstReached) {
			do.OnTime++
			k.OnTime++
		}
	}
	for _, kind := range warningKinds {
		k := byKind[kind]
		if k == nil {
			continue
		}
		k.NotDispatched = k.Warnings - decided[kind]
		plan.ByKind = append(plan.ByKind, *k)
		if k.Walkin {
			plan.Walkin.add(*k)
		} else {
			plan.Contract.add(*k)
		}
		plan.Total.add(*k)
	}
	plan.HeldOutShare = share(plan.HeldOut, plan.HeldOut+plan.Dispatched)
	if do.Contacted > 0 {
		do.WrongWarning = float64(do.Outcomes[postcrm.OutcomeWrongWarning]) / float64(do.Contacted)
	}
	return plan, do
}

// effectRows formats a report: all, then by kind, city, office and
// reason; names gives the offices' and the reasons' names by code.
func effectRows(req *Request, r followup.Report, names map[string]string) []effectRow {
	var rows []effectRow
	add := func(scope string, es ...followup.Effect) {
		for _, e := range es {
			key := e.Key
			switch {
			case key == "":
				key = req.T("effect.all")
			case scope == "effect.by_kind":
				key = req.T("kind." + key)
			case (scope == "effect.by_reason" || scope == "effect.by_office") && names[key] != "":
				key = names[key]
			}
			row := effectRow{Scope: req.T(scope), Key: key, Uplift: "—", CI: "—"}
			for g, st := range e.Groups {
				row.Groups[g] = "—" // nobody in the group: no rate
				if st.N > 0 {
					row.Groups[g] = req.T("effect.recovered_of", st.Recovered, st.N, fmt.Sprintf("%.0f%%", 100*st.Rate))
				}
				row.Fen[g] = yuan(st.RecoveredFen)
			}
			if u := e.Uplift; u.OK {
				row.Uplift = fmt.Sprintf("%+.1f", 100*u.Diff)
				row.CI = fmt.Sprintf("[%+.1f, %+.1f]", 100*u.Low, 100*u.High)
			}
			rows = append(rows, row)
		}
	}
	add("effect.all", r.All)
	add("effect.by_kind", r.ByKind...)
	add("effect.by_city", r.ByCity...)
	add("effect.by_office", r.ByOffice...)
	add("effect.by_reason", r.ByReason...)
	return rows
}

// actNote records the province's act for the month.
func (s *Server) actNote(w http.ResponseWriter, req *Request) error {
	month, _, err := s.effectMonth(req)
	if err != nil {
		return err
	}
	note, thresholds := strings.TrimSpace(req.PostFormValue("note")), strings.TrimSpace(req.PostFormValue("thresholds"))
	if note == "" && thresholds == "" {
		return userError(http.StatusBadRequest, "effect.note_empty")
	}
	if _, err := s.store.AddActNote(req.Context(), postcrm.ActNote{Month: month, Note: note, Thresholds: thresholds}, actor(req)); err != nil {
		return err
	}
	http.Redirect(w, req.Request, "/followup/effect?month="+month.String(), http.StatusSeeOther)
	return nil
}

// saveAlertSettings stores the province's levels for the early alerts,
// which the morning job and `postcrm alerts` read. The rules are the
// domain's (AlertSettings.Validate): a number that does not parse is
// sent on as NaN for it to refuse with its coded reason.
func (s *Server) saveAlertSettings(w http.ResponseWriter, req *Request) error {
	num := func(name string) float64 {
		v, err := strconv.ParseFloat(strings.TrimSpace(req.PostFormValue(name)), 64)
		if err != nil {
			return math.NaN()
		}
		return v
	}
	days := num("recent_days")
	set := postcrm.AlertSettings{SilentLevel: num("silent_level"), SlowdownLevel: num("slowdown_level"),
		RecentDays: -1, MinDrop: num("min_drop_percent") / 100}
	if days == math.Trunc(days) {
		set.RecentDays = int(days)
	}
	err := set.Validate()
	if err == nil {
		err = s.store.SaveAlertSettings(req.Context(), set, actor(req))
	}
	return afterForm(w, req, domainError(err), "/followup/effect?done=alert_settings#alert-settings-form", func(refusal fieldRefusal) error {
		p, err := s.loadEffect(req)
		if err != nil {
			return err
		}
		if p.EffectAct != nil {
			// the domain names the fraction min_drop; the form asks a percent
			if m, ok := refusal.Fields["min_drop"]; ok {
				refusal.Fields["min_drop_percent"] = m
			}
			p.EffectAct.AlertForm = alertForm{Silent: req.PostFormValue("silent_level"), Slowdown: req.PostFormValue("slowdown_level"),
				RecentDays: req.PostFormValue("recent_days"), MinDropPercent: req.PostFormValue("min_drop_percent"), fieldRefusal: refusal}
		}
		return s.renderPage(w, req, refusal.status, "followup_effect", "effect.title", p)
	})
}

// saveFollowupSettings stores the province's holdout share, due days and
// escalation days.
func (s *Server) saveFollowupSettings(w http.ResponseWriter, req *Request) error {
	share, err1 := strconv.ParseFloat(req.PostFormValue("holdout_percent"), 64)
	due, err2 := strconv.Atoi(req.PostFormValue("due_days"))
	office, err3 := strconv.Atoi(req.PostFormValue("escalate_office_days"))
	city, err4 := strconv.Atoi(req.PostFormValue("escalate_city_days"))
	set := postcrm.FollowupSettings{HoldoutShare: share / 100, DueDays: due, EscalateOfficeDays: office, EscalateCityDays: city}
	if err := firstError(err1, err2, err3, err4, followup.ValidSettings(set)); err != nil {
		return userError(http.StatusBadRequest, "effect.bad_settings", err.Error())
	}
	if err := s.store.SaveFollowupSettings(req.Context(), set, actor(req)); err != nil {
		return err
	}
	http.Redirect(w, req.Request, "/followup/effect", http.StatusSeeOther)
	return nil
}
