package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"postcrm"
)

// The acceptance-policy adjustments register (收寄政策调整): the year's
// list with each one's state and the hours from the city's notice to
// the group's approval, one adjustment with its steps, the form the
// province and the city managers draft with, and the province's steps.

// adjustmentJSON is one adjustment as the pages and the API show it.
type adjustmentJSON struct {
	ID        string                   `json:"id"`
	Scope     string                   `json:"scope"`
	ScopeName string                   `json:"scope_name"`
	Kind      postcrm.AdjustmentKind   `json:"kind"`
	KindName  string                   `json:"kind_name"`
	Provinces []string                 `json:"provinces,omitempty"`
	Products  []string                 `json:"products,omitempty"`
	From      string                   `json:"from"`
	To        string                   `json:"to,omitempty"` // empty while in force
	Reason    string                   `json:"reason,omitempty"`
	Status    postcrm.AdjustmentStatus `json:"status"`
	State     string                   `json:"state"` // 待生效, 执行中, 已解除 …
	NoticeAt  string                   `json:"notice_at,omitempty"`
	Hours     *float64                 `json:"hours_to_approval,omitempty"`
	Steps     []stepJSON               `json:"steps,omitempty"`
	// Page only.
	What, Period, StateClass, HoursText string `json:"-"`
}

type stepJSON struct {
	Step      postcrm.AdjustmentStatus `json:"step"`
	Name      string                   `json:"name"`
	Actor     string                   `json:"actor"`
	ActorName string                   `json:"actor_name,omitempty"`
	At        string                   `json:"at"`
	Note      string                   `json:"note,omitempty"`
}

const minuteLayout = "2006-01-02 15:04"

func toAdjustmentJSON(r postcrm.AdjustmentRecord, names map[string]string, today postcrm.Date) adjustmentJSON {
	a := r.Adjustment
	j := adjustmentJSON{ID: a.ID, Scope: a.Scope, ScopeName: a.Scope, Kind: a.Kind, KindName: a.Kind.Name(),
		Provinces: a.Provinces, Products: a.Products, From: a.From.String(), Reason: a.Reason, Status: a.Status,
		State: a.State(today), What: a.What(), Period: a.Period(), HoursText: "—"}
	if n, ok := names[a.Scope]; ok {
		j.ScopeName = n
	}
	if a.To != 0 {
		j.To = a.To.String()
	}
	if !a.NoticeAt.IsZero() {
		j.NoticeAt = a.NoticeAt.In(postcrm.ChinaTime).Format(minuteLayout)
	}
	if h, ok := postcrm.HoursToApproval(a, r.Steps); ok {
		j.Hours, j.HoursText = &h, strconv.FormatFloat(h, 'f', 1, 64)
	}
	switch j.State {
	case "执行中":
		j.StateClass = "in-force"
	case "待生效", "已报集团", "草拟":
		j.StateClass = "pending"
	}
	for _, s := range r.Steps {
		j.Steps = append(j.Steps, stepJSON{Step: s.Step, Name: s.Step.Name(), Actor: s.Actor, ActorName: s.ActorName, At: s.At.In(postcrm.ChinaTime).Format(minuteLayout), Note: s.Note})
	}
	return j
}

// policyList is the year's register.
type policyList struct {
	Year        int              `json:"year"`
	Items       []adjustmentJSON `json:"items"`
	Approved    int              `json:"approved"` // approved (or lifted since) this year
	MedianHours *float64         `json:"median_hours_to_approval,omitempty"`
	// Page only.
	Years      []int  `json:"-"`
	CanDraft   bool   `json:"-"`
	MedianText string `json:"-"`
}

// officeNames names the offices sc sees, for an office-scoped
// adjustment's scope.
func (s *Server) officeNames(req *Request) (map[string]string, error) {
	offices, err := s.store.ScopedOffices(req.Context(), req.Scope)
	if err != nil {
		return nil, err
	}
	names := make(map[string]string, len(offices))
	for _, o := range offices {
		names[o.Code] = o.Name
	}
	return names, nil
}

func (s *Server) loadPolicyList(req *Request) (policyList, error) {
	today := postcrm.DateOf(s.now())
	l := policyList{Year: today.Year(), CanDraft: mayDraft(req.User.Role)}
	if v := req.URL.Query().Get("year"); v != "" {
		y, err := strconv.Atoi(v)
		if err != nil || y < 2000 || y > 2100 {
			return l, &httpError{status: http.StatusBadRequest, key: "policy.bad_year"}
		}
		l.Year = y
	}
	for y := today.Year(); y >= today.Year()-3; y-- {
		l.Years = append(l.Years, y)
	}
	rs, err := s.policies.ScopedAdjustments(req.Context(), req.Scope, l.Year)
	if err != nil {
		return l, err
	}
	names, err := s.officeNames(req)
	if err != nil {
		return l, err
	}
	var hours []float64
	for _, r := range rs {
		j := toAdjustmentJSON(r, names, today)
		l.Items = append(l.Items, j)
		if r.Acts() {
			l.Approved++
		}
		if j.Hours != nil {
			hours = append(hours, *j.Hours)
		}
	}
	if len(hours) > 0 {
		slices.Sort(hours)
		m := hours[len(hours)/2]
		if len(hours)%2 == 0 {
			m = (hours[len(hours)/2-1] + m) / 2
		}
		l.MedianHours, l.MedianText = &m, strconv.FormatFloat(m, 'f', 1, 64)
	}
	return l, nil
}

func mayDraft(r postcrm.Role) bool {
	return r == postcrm.RoleProvinceAdmin || r == postcrm.RoleCityManager
}

// policyPageData is one adjustment's page.
type policyPageData struct {
	adjustmentJSON
	Done    string
	CanStep bool
	CanEdit bool         // a draft the user may edit
	Step    fieldRefusal // a refused step's message
	Today   string
}

func (s *Server) loadPolicy(req *Request) (adjustmentJSON, error) {
	r, err := s.policies.ScopedAdjustment(req.Context(), req.Scope, req.PathValue("id"))
	if err != nil {
		return adjustmentJSON{}, err
	}
	names, err := s.officeNames(req)
	if err != nil {
		return adjustmentJSON{}, err
	}
	return toAdjustmentJSON(r, names, postcrm.DateOf(s.now())), nil
}

// policyDone are the confirmations after a step, by ?done=.
var policyDone = map[string]string{"drafted": "policy.done.drafted", "submitted": "policy.done.submitted",
	"edited": "policy.done.edited", "approved": "policy.done.approved", "refused": "policy.done.refused", "lifted": "policy.done.lifted"}

func (s *Server) policyPage(w http.ResponseWriter, req *Request) error {
	return s.renderPolicy(w, req, http.StatusOK, fieldRefusal{})
}

func (s *Server) renderPolicy(w http.ResponseWriter, req *Request, status int, refusal fieldRefusal) error {
	a, err := s.loadPolicy(req)
	if err != nil {
		return err
	}
	d := policyPageData{adjustmentJSON: a, CanStep: req.User.Role == postcrm.RoleProvinceAdmin, Step: refusal,
		Today: postcrm.DateOf(s.now()).String()}
	if a.Status == postcrm.AdjustDrafted && mayDraft(req.User.Role) {
		cityOf, err := s.policyCityOf(req)
		if err != nil {
			return err
		}
		d.CanEdit = postcrm.MayDraft(req.Scope, a.Scope, cityOf)
	}
	if key, ok := policyDone[req.URL.Query().Get("done")]; ok {
		d.Done = req.T(key)
	}
	return s.renderPage(w, req, status, "policy", "policy.detail_title", d)
}

// policyStep takes a province's step: submit to the group, record its
// approval or refusal, lift. On success it redirects to the adjustment's
// page with a confirmation; a refusal shows the page with the message.
func (s *Server) policyStep(w http.ResponseWriter, req *Request) error {
	err := s.takeStep(req)
	return afterForm(w, req, err, "/policy/"+url.PathEscape(req.PathValue("id"))+"?done="+url.QueryEscape(req.PostFormValue("step")), func(refusal fieldRefusal) error {
		return s.renderPolicy(w, req, refusal.status, refusal)
	})
}

func (s *Server) takeStep(req *Request) error {
	ctx := req.Context()
	r, err := s.policies.ScopedAdjustment(ctx, req.Scope, req.PathValue("id"))
	if err != nil {
		return err
	}
	step := postcrm.AdjustmentStatus(req.PostFormValue("step"))
	var liftOn postcrm.Date
	if v := req.PostFormValue("lift_on"); v != "" {
		if liftOn, err = policyDay(v); err != nil {
			return domainError(&postcrm.Error{Kind: postcrm.ErrInvalid, Code: postcrm.CodeAdjustLiftMissing, Field: "lift_on", Message: "日期格式不对"})
		}
	}
	next, err := r.Adjustment.Step(step, req.Scope, liftOn)
	if err != nil {
		return domainError(err)
	}
	st := postcrm.AdjustmentStep{Step: step, Actor: req.User.Name, ActorName: req.User.DisplayName, At: s.now(), Note: strings.TrimSpace(req.PostFormValue("note"))}
	err = s.policies.RecordAdjustment(ctx, next, st, r.Status)
	if errors.Is(err, postcrm.ErrConflict) {
		return &httpError{status: http.StatusConflict, key: "policy.changed"}
	}
	return err
}

func policyDay(v string) (postcrm.Date, error) {
	t, err := time.ParseInLocation("2006-01-02", v, postcrm.ChinaTime)
	if err != nil {
		return 0, err
	}
	return postcrm.DateOf(t), nil
}

// policyForm is the drafting form: what was entered and, after a
// refusal, the messages; the scopes and kinds to choose from.
type policyForm struct {
	Values policyValues
	Edit   bool   // editing a stored draft: its 编号 stays
	Action string // where the form posts

	Scopes   []scopeChoice
	Kinds    []kindChoice
	Products []string
	fieldRefusal
}

type policyValues struct {
	ID, Scope, Kind, Provinces, Products, From, To, Reason, NoticeAt, Note string
}

type scopeChoice struct{ Value, Label, Group string }

type kindChoice struct {
	Value postcrm.AdjustmentKind
	Name  string
}

func (s *Server) newPolicyForm(req *Request, v policyValues) (policyForm, error) {
	ctx := req.Context()
	f := policyForm{Values: v, Action: "/policy"}
	k, err := s.policies.AdjustmentNamesIn(ctx, req.Scope)
	if err != nil {
		return f, err
	}
	offices, err := s.store.ScopedOffices(ctx, req.Scope)
	if err != nil {
		return f, err
	}
	if req.Scope.Role == postcrm.RoleProvinceAdmin {
		f.Scopes = append(f.Scopes, scopeChoice{postcrm.ScopeProvince, postcrm.ScopeProvince, req.T("policy.scope_province")})
	}
	cities := make([]string, 0, len(k.Cities))
	for c := range k.Cities {
		cities = append(cities, c)
	}
	slices.SortFunc(cities, postcrm.CompareCities)
	for _, c := range cities {
		f.Scopes = append(f.Scopes, scopeChoice{c, c, req.T("policy.scope_city")})
	}
	slices.SortFunc(offices, func(a, b postcrm.Office) int {
		if c := postcrm.CompareCities(a.City, b.City); c != 0 {
			return c
		}
		return strings.Compare(a.Code, b.Code)
	})
	for _, o := range offices {
		if k.Offices[o.Code] {
			f.Scopes = append(f.Scopes, scopeChoice{o.Code, o.City + " " + o.Name + " " + o.Code, req.T("policy.scope_office")})
		}
	}
	for _, x := range postcrm.AdjustmentKinds {
		f.Kinds = append(f.Kinds, kindChoice{x.Kind, x.Name})
	}
	for p := range k.Products {
		f.Products = append(f.Products, p)
	}
	slices.Sort(f.Products)
	return f, nil
}

func (s *Server) policyFormPage(w http.ResponseWriter, req *Request) error {
	f, err := s.newPolicyForm(req, policyValues{Kind: string(postcrm.AdjustDestination), From: postcrm.DateOf(s.now()).String()})
	if err != nil {
		return err
	}
	return s.render(w, req, "policy_form", "policy.new_title", f)
}

// policyCreate records a draft: on success it redirects to the draft's
// page; a refusal shows the form again with each field's message.
func (s *Server) policyCreate(w http.ResponseWriter, req *Request) error {
	return s.saveDraft(w, req, nil)
}

// policyValuesOf is what the drafting form posted.
func policyValuesOf(req *Request) policyValues {
	return policyValues{ID: strings.TrimSpace(req.PostFormValue("id")), Scope: req.PostFormValue("scope"), Kind: req.PostFormValue("kind"),
		Provinces: req.PostFormValue("provinces"), Products: req.PostFormValue("products"), From: req.PostFormValue("from"),
		To: req.PostFormValue("to"), Reason: strings.TrimSpace(req.PostFormValue("reason")), NoticeAt: req.PostFormValue("notice_at"),
		Note: strings.TrimSpace(req.PostFormValue("note"))}
}

// saveDraft records a new draft (stored nil) or stored's edit and
// redirects to its page with a confirmation; a refusal shows the form
// again with each field's message.
func (s *Server) saveDraft(w http.ResponseWriter, req *Request, stored *postcrm.Adjustment) error {
	v := policyValuesOf(req)
	title, done := "policy.new_title", "drafted"
	if stored != nil {
		v.ID, title, done = stored.ID, "policy.edit_title", "edited"
	}
	err := s.draft(req, v, stored)
	return afterForm(w, req, err, "/policy/"+url.PathEscape(v.ID)+"?done="+done, func(refusal fieldRefusal) error {
		f, err := s.newPolicyForm(req, v)
		if err != nil {
			return err
		}
		if stored != nil {
			f.Edit, f.Action = true, "/policy/"+url.PathEscape(stored.ID)+"/edit"
		}
		f.fieldRefusal = refusal
		return s.renderPage(w, req, refusal.status, "policy_form", title, f)
	})
}

// editableDraft is the draft of the path's 编号 that the user may edit:
// one outside their scope is not found, one no longer a draft or
// another city's is refused.
func (s *Server) editableDraft(req *Request) (*postcrm.Adjustment, error) {
	r, err := s.policies.ScopedAdjustment(req.Context(), req.Scope, req.PathValue("id"))
	if err != nil {
		return nil, err
	}
	cityOf, err := s.policyCityOf(req)
	if err != nil {
		return nil, err
	}
	if r.Status != postcrm.AdjustDrafted || !postcrm.MayDraft(req.Scope, r.Scope, cityOf) {
		return nil, &httpError{status: http.StatusForbidden, key: "policy.not_editable"}
	}
	return &r.Adjustment, nil
}

// policyEditPage is the drafting form filled with a stored draft.
func (s *Server) policyEditPage(w http.ResponseWriter, req *Request) error {
	a, err := s.editableDraft(req)
	if err != nil {
		return err
	}
	v := policyValues{ID: a.ID, Scope: a.Scope, Kind: string(a.Kind), Provinces: strings.Join(a.Provinces, "、"),
		Products: strings.Join(a.Products, "、"), From: a.From.String(), Reason: a.Reason}
	if a.To != 0 {
		v.To = a.To.String()
	}
	if !a.NoticeAt.IsZero() {
		v.NoticeAt = a.NoticeAt.In(postcrm.ChinaTime).Format("2006-01-02T15:04")
	}
	f, err := s.newPolicyForm(req, v)
	if err != nil {
		return err
	}
	f.Edit, f.Action = true, "/policy/"+url.PathEscape(a.ID)+"/edit"
	return s.render(w, req, "policy_form", "policy.edit_title", f)
}

// policyEdit records the edit of a draft, as policyCreate a new one.
func (s *Server) policyEdit(w http.ResponseWriter, req *Request) error {
	a, err := s.editableDraft(req)
	if err != nil {
		return err
	}
	return s.saveDraft(w, req, a)
}

// draft records a new draft (stored nil) or the edit of stored, a
// draft: its 编号 stays; the notice time stays unless a new one is given.
func (s *Server) draft(req *Request, v policyValues, stored *postcrm.Adjustment) error {
	ctx := req.Context()
	a := postcrm.Adjustment{ID: v.ID, Scope: v.Scope, Kind: postcrm.AdjustmentKind(v.Kind), Reason: v.Reason, Status: postcrm.AdjustDrafted}
	switch a.Kind {
	case postcrm.AdjustDestination:
		a.Provinces = postcrm.SplitList(v.Provinces)
	case postcrm.AdjustProduct:
		a.Products = postcrm.SplitList(v.Products)
	}
	var bad []error
	dateField := func(field, value string) postcrm.Date {
		if value == "" {
			return 0
		}
		d, err := policyDay(value)
		if err != nil {
			bad = append(bad, &postcrm.Error{Kind: postcrm.ErrInvalid, Code: "policy.bad_date", Field: field, Message: "日期格式不对"})
		}
		return d
	}
	a.From, a.To = dateField("from", v.From), dateField("to", v.To)
	var noticeAt time.Time
	if v.NoticeAt != "" {
		t, err := time.ParseInLocation("2006-01-02T15:04", v.NoticeAt, postcrm.ChinaTime)
		if err != nil {
			bad = append(bad, &postcrm.Error{Kind: postcrm.ErrInvalid, Code: "policy.bad_time", Field: "notice_at", Message: "时间格式不对"})
		}
		a.NoticeAt, noticeAt = t, t
	}
	k, err := s.policies.AdjustmentNamesIn(ctx, req.Scope)
	if err != nil {
		return err
	}
	cityOf, err := s.policyCityOf(req)
	if err != nil {
		return err
	}
	var prior postcrm.AdjustmentStatus
	if stored != nil {
		a.ID, a.NoticeAt, prior = stored.ID, stored.NoticeAt, stored.Status
		if v.NoticeAt != "" {
			a.NoticeAt = noticeAt
		}
	}
	if err := errors.Join(append(bad, a.CheckDraft(req.Scope, k, cityOf, stored))...); err != nil {
		return domainError(err)
	}
	st := postcrm.AdjustmentStep{Step: postcrm.AdjustDrafted, Actor: req.User.Name, ActorName: req.User.DisplayName, At: s.now(), Note: v.Note}
	if stored != nil && st.Note == "" {
		st.Note = "修改草稿"
	}
	err = s.policies.RecordAdjustment(ctx, a, st, prior)
	if errors.Is(err, postcrm.ErrConflict) && stored != nil {
		return &httpError{status: http.StatusConflict, key: "policy.changed"}
	}
	if errors.Is(err, postcrm.ErrConflict) {
		return domainError(&postcrm.Error{Kind: postcrm.ErrInvalid, Code: "policy.id_taken", Field: "id", Message: fmt.Sprintf("编号 %s 已经用过了", a.ID)})
	}
	return err
}

// policyCityOf is the city of each office sc sees, for the drafting
// rules (a city manager drafts for their city and its offices).
func (s *Server) policyCityOf(req *Request) (func(string) string, error) {
	offices, err := s.store.ScopedOffices(req.Context(), req.Scope)
	if err != nil {
		return nil, err
	}
	return func(code string) string {
		for _, o := range offices {
			if o.Code == code {
				return o.City
			}
		}
		return ""
	}, nil
}

// inForceLines are the adjustments in force today, or announced to
// start within a week, in the user's scope: what a courier must know
// at the counter, on the start page.
func (s *Server) inForceLines(req *Request) ([]adjustmentJSON, error) {
	today := postcrm.DateOf(s.now())
	rs, err := s.policies.ScopedAdjustments(req.Context(), req.Scope, today.Year())
	if err != nil {
		return nil, err
	}
	names, err := s.officeNames(req)
	if err != nil {
		return nil, err
	}
	var out []adjustmentJSON
	for _, r := range rs {
		if r.InForce(today) || (r.Status == postcrm.AdjustApproved && r.From > today && r.From <= today.AddDays(7)) {
			out = append(out, toAdjustmentJSON(r, names, today))
		}
	}
	return out, nil
}
