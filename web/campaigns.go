package web

import (
	"fmt"
	"io"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"postcrm"
	"postcrm/campaign"
	"postcrm/xlsxreport"
)

// campaignJSON is a campaign as the API and the pages carry it; money in
// fen.
type campaignJSON struct {
	ID          int64    `json:"id"`
	Name        string   `json:"name"`
	From        string   `json:"from"` // YYYY-MM-DD
	To          string   `json:"to"`
	Offices     []string `json:"offices"`
	Cities      []string `json:"cities"`
	Channels    []string `json:"channels"`
	Products    []string `json:"products"`
	Rule        string   `json:"rule"` // new_member or every_n
	EveryN      int      `json:"every_n"`
	PerPhone    int      `json:"per_phone"`
	Gift        string   `json:"gift"`
	GiftCostFen int64    `json:"gift_cost_fen"`
	BudgetFen   int64    `json:"budget_fen"`
	Gifts       int      `json:"gifts"`    // handed out so far, all of them
	CostFen     int64    `json:"cost_fen"` // their cost
	CreatedBy   string   `json:"created_by"`
}

func toCampaignJSON(c postcrm.CampaignSummary) campaignJSON {
	j := campaignJSON{ID: c.ID, Name: c.Name, From: c.From.String(), To: c.To.String(), Offices: c.Offices, Cities: c.Cities,
		Products: c.Products, Rule: string(c.Rule), EveryN: c.EveryN, PerPhone: c.PerPhone, Gift: c.Gift,
		GiftCostFen: c.GiftCostFen, BudgetFen: c.BudgetFen, Gifts: c.Gifts, CostFen: c.CostFen, CreatedBy: c.CreatedBy}
	for _, ch := range c.Channels {
		j.Channels = append(j.Channels, string(ch))
	}
	return j
}

// campaign is the JSON as a domain campaign; a date that does not parse
// is left zero, which the campaign's rules refuse.
func (j campaignJSON) campaign() postcrm.Campaign {
	c := postcrm.Campaign{ID: j.ID, Name: j.Name, From: parseDate(j.From), To: parseDate(j.To), Offices: j.Offices, Cities: j.Cities,
		Products: j.Products, Rule: postcrm.CampaignRule(j.Rule), EveryN: j.EveryN, PerPhone: j.PerPhone, Gift: j.Gift,
		GiftCostFen: j.GiftCostFen, BudgetFen: j.BudgetFen}
	for _, ch := range j.Channels {
		c.Channels = append(c.Channels, postcrm.Channel(ch))
	}
	if c.Rule == postcrm.RuleNewMember && c.PerPhone == 0 {
		c.PerPhone = 1
	}
	return c
}

// campaignsPage is the list of campaigns in scope.
type campaignsPage struct {
	Campaigns []campaignRow `json:"campaigns"`
	CanCreate bool          `json:"-"`
}

type campaignRow struct {
	campaignJSON
	Places   string `json:"-"`
	RuleText string `json:"-"`
	Running  bool   `json:"running"` // today is in its period
	Used     string `json:"-"`       // share of the budget spent
	Left     int64  `json:"budget_left_fen"`
}

func (s *Server) campaignRow(req *Request, c postcrm.CampaignSummary, offices map[string]postcrm.Office) campaignRow {
	today := postcrm.DateOf(s.now())
	r := campaignRow{campaignJSON: toCampaignJSON(c), Running: today >= c.From && today <= c.To, RuleText: ruleText(req, c.Campaign)}
	// Offices outside the reader's scope are counted, not named: the
	// scope's offices are the ones the page can name.
	places := append([]string(nil), c.Cities...)
	for _, code := range c.Offices {
		if o, ok := offices[code]; ok {
			places = append(places, o.Name)
		}
	}
	total := len(c.Cities) + len(c.Offices)
	switch {
	case len(places) == 0:
		r.Places = req.T("campaign.offices_n", total)
	case total > len(places) || len(places) > 4:
		r.Places = req.T("campaign.places_n", strings.Join(places[:min(3, len(places))], "、"), total)
	default:
		r.Places = strings.Join(places, "、")
	}
	r.Left = c.BudgetFen - c.CostFen
	if c.BudgetFen > 0 {
		r.Used = fmt.Sprintf("%.0f%%", 100*float64(c.CostFen)/float64(c.BudgetFen))
	}
	return r
}

func ruleText(req *Request, c postcrm.Campaign) string {
	if c.Rule == postcrm.RuleEveryN {
		return req.T("campaign.rule_every_n_text", c.EveryN, c.PerPhone)
	}
	return req.T("campaign.rule_new_member_text")
}

// officesOf maps the offices in the request's scope by code.
func (s *Server) officesOf(req *Request) (map[string]postcrm.Office, []postcrm.Office, error) {
	os, err := s.store.ScopedOffices(req.Context(), req.Scope)
	if err != nil {
		return nil, nil, err
	}
	m := make(map[string]postcrm.Office, len(os))
	for _, o := range os {
		m[o.Code] = o
	}
	return m, os, nil
}

func (s *Server) loadCampaigns(req *Request) (campaignsPage, error) {
	cs, err := s.campaigns.Campaigns(req.Context(), req.Scope)
	if err != nil {
		return campaignsPage{}, err
	}
	offices, _, err := s.officesOf(req)
	if err != nil {
		return campaignsPage{}, err
	}
	p := campaignsPage{Campaigns: []campaignRow{}, CanCreate: slices.Contains(campaignSetters, req.User.Role)}
	for _, c := range cs {
		p.Campaigns = append(p.Campaigns, s.campaignRow(req, c, offices))
	}
	return p, nil
}

func campaignID(req *Request) (int64, error) {
	id, err := strconv.ParseInt(req.PathValue("id"), 10, 64)
	if err != nil {
		return 0, postcrm.ErrNotFound
	}
	return id, nil
}

// campaignDetail is a campaign's page: its rules, its gifts in scope,
// and (managers) its measured effect.
type campaignDetail struct {
	Campaign campaignRow       `json:"campaign"`
	Gifts    []giftJSON        `json:"gifts"` // in the reader's scope, the latest 20
	GiftsIn  int               `json:"gifts_in_scope"`
	Effect   *effectJSON       `json:"effect,omitempty"`
	Channels string            `json:"-"`
	Done     string            `json:"-"`
	CanEdit  bool              `json:"-"`
	CanSee   bool              `json:"-"` // the effect and the workbook
	Rows     []effectLine      `json:"-"`
	Imported *giftImportResult `json:"-"`
}

type giftJSON struct {
	ID         int64  `json:"id"`
	WaybillNo  string `json:"waybill_no"`
	Phone      string `json:"phone"`
	OfficeCode string `json:"office_code"`
	Office     string `json:"office"`
	Day        string `json:"day"`
	CostFen    int64  `json:"cost_fen"`
	Source     string `json:"source"`
	RecordedBy string `json:"recorded_by"`
	RecordedAt string `json:"recorded_at"`
}

func toGiftJSON(g postcrm.Gift, offices map[string]postcrm.Office) giftJSON {
	return giftJSON{ID: g.ID, WaybillNo: g.WaybillNo, Phone: g.Phone, OfficeCode: g.OfficeCode, Office: offices[g.OfficeCode].Name,
		Day: g.Day.String(), CostFen: g.CostFen, Source: g.Source, RecordedBy: g.RecordedBy, RecordedAt: g.RecordedAt.Format(time.DateTime)}
}

// effectJSON is the measured effect: the estimates per office and week
// with their 95% intervals, the totals, the returns, and the method and
// the sentences the page shows.
type effectJSON struct {
	OK         bool              `json:"ok"`
	Reason     string            `json:"reason,omitempty"`
	Method     string            `json:"method"`
	Summary    []string          `json:"summary"`
	Treated    int               `json:"treated_offices"`
	Controls   int               `json:"control_offices"`
	Weeks      float64           `json:"weeks"`
	Members    estimateJSON      `json:"members_per_office_week"`
	Revenue    estimateJSON      `json:"walkin_revenue_yuan_per_office_week"`
	IncMembers [3]float64        `json:"incremental_members"` // estimate, low, high
	IncRevenue [3]float64        `json:"incremental_revenue_yuan"`
	CostPer    [3]*float64       `json:"gift_cost_per_incremental_member_yuan"` // null where undefined
	RevPerCost [3]*float64       `json:"incremental_revenue_per_gift_yuan"`
	Return     map[string]string `json:"return"`
}

type estimateJSON struct {
	Diff float64 `json:"diff"`
	Low  float64 `json:"low"`
	High float64 `json:"high"`
	DF   float64 `json:"df"`
}

// effectLine is a row of the effect's table on the page.
type effectLine struct {
	Name                                                                 string
	TreatedBefore, TreatedDuring, ControlBefore, ControlDuring, Diff, CI string
}

func known(x float64, ok bool) *float64 {
	if !ok {
		return nil
	}
	x = math.Round(x*100) / 100
	return &x
}

func toEffectJSON(e campaign.Effect) *effectJSON {
	j := &effectJSON{OK: e.OK, Reason: e.Reason, Method: campaign.Method, Summary: campaign.Summary(e), Treated: e.Treated,
		Controls: e.Controls, Weeks: e.Weeks,
		Members:    estimateJSON{e.Members.Diff, e.Members.Low, e.Members.High, e.Members.DF},
		Revenue:    estimateJSON{e.Revenue.Diff, e.Revenue.Low, e.Revenue.High, e.Revenue.DF},
		IncMembers: [3]float64{e.IncMembers, e.IncMembersLow, e.IncMembersHigh},
		IncRevenue: [3]float64{e.IncRevenue, e.IncRevenueLow, e.IncRevenueHigh},
		CostPer:    [3]*float64{known(e.CostPerMember, e.CostKnown), known(e.CostPerMemberLow, e.CostKnown), known(e.CostPerMemberHigh, e.CostHighKnown)},
		RevPerCost: [3]*float64{known(e.RevenuePerCost, e.RevenuePerCostKnown), known(e.RevenuePerCostLow, e.RevenuePerCostKnown), known(e.RevenuePerCostHigh, e.RevenuePerCostKnown)},
		Return: map[string]string{
			"campaign_30": fmt.Sprintf("%d/%d", e.Return.Back30, e.Return.N30), "campaign_90": fmt.Sprintf("%d/%d", e.Return.Back90, e.Return.N90),
			"control_30": fmt.Sprintf("%d/%d", e.Base.Back30, e.Base.N30), "control_90": fmt.Sprintf("%d/%d", e.Base.Back90, e.Base.N90),
		}}
	return j
}

func effectLines(req *Request, e campaign.Effect) []effectLine {
	if !e.OK {
		return nil
	}
	line := func(key string, x campaign.Estimate, f string) effectLine {
		v := func(a float64) string { return fmt.Sprintf(f, a) }
		return effectLine{req.T(key), v(x.TreatedBefore), v(x.TreatedDuring), v(x.ControlBefore), v(x.ControlDuring), v(x.Diff),
			v(x.Low) + " ~ " + v(x.High)}
	}
	return []effectLine{line("campaign.effect_members", e.Members, "%.2f"), line("campaign.effect_revenue", e.Revenue, "%.1f")}
}

func (s *Server) loadCampaign(req *Request) (campaignDetail, error) {
	id, err := campaignID(req)
	if err != nil {
		return campaignDetail{}, err
	}
	ctx := req.Context()
	c, err := s.campaigns.Campaign(ctx, req.Scope, id)
	if err != nil {
		return campaignDetail{}, err
	}
	offices, _, err := s.officesOf(req)
	if err != nil {
		return campaignDetail{}, err
	}
	gifts, err := s.campaigns.Gifts(ctx, req.Scope, id)
	if err != nil {
		return campaignDetail{}, err
	}
	d := campaignDetail{Campaign: s.campaignRow(req, c, offices), GiftsIn: len(gifts), Gifts: []giftJSON{},
		CanEdit: canEdit(req, c.Campaign, offices), CanSee: slices.Contains(managers, req.User.Role)}
	var names []string
	for _, ch := range c.Channels {
		names = append(names, req.T("channel."+string(ch)))
	}
	d.Channels = strings.Join(names, "、")
	for _, g := range gifts[:min(len(gifts), 20)] {
		d.Gifts = append(d.Gifts, toGiftJSON(g, offices))
	}
	if d.CanSee {
		e, err := s.campaignEffect(req, c)
		if err != nil {
			return campaignDetail{}, err
		}
		d.Effect, d.Rows = toEffectJSON(e), effectLines(req, e)
	}
	return d, nil
}

var campaignDone = map[string]string{"saved": "campaign.done_saved", "gift": "campaign.done_gift", "target": "members.done_target"}

func (s *Server) campaignPage(w http.ResponseWriter, req *Request) error {
	d, err := s.loadCampaign(req)
	if err != nil {
		return err
	}
	if key, ok := campaignDone[req.URL.Query().Get("done")]; ok {
		d.Done = req.T(key)
	}
	return s.render(w, req, "campaign", "campaign.detail_title", d)
}

// campaignExport writes the campaign's workbook: its gifts in the
// reader's scope with their total, by office, and the effect.
func (s *Server) campaignExport(w http.ResponseWriter, req *Request) error {
	id, err := campaignID(req)
	if err != nil {
		return err
	}
	ctx := req.Context()
	c, err := s.campaigns.Campaign(ctx, req.Scope, id)
	if err != nil {
		return err
	}
	gifts, err := s.campaigns.Gifts(ctx, req.Scope, id)
	if err != nil {
		return err
	}
	offices, _, err := s.officesOf(req)
	if err != nil {
		return err
	}
	e, err := s.campaignEffect(req, c)
	if err != nil {
		return err
	}
	scope := req.T("reports.scope_province")
	switch {
	case req.Scope.OfficeCode != "":
		scope = offices[req.Scope.OfficeCode].Name
	case req.Scope.City != "":
		scope = req.Scope.City
	}
	r := campaign.Workbook(c, gifts, offices, e, scope)
	return download(w, xlsxType, fmt.Sprintf("campaign-%d.xlsx", id), c.Name+"-"+scope+".xlsx", func(out io.Writer) error {
		return xlsxreport.Write(out, r)
	})
}

// canEdit tells whether the user may change campaign c: the province
// any, a city manager one whose places are all in their city.
func canEdit(req *Request, c postcrm.Campaign, offices map[string]postcrm.Office) bool {
	switch req.User.Role {
	case postcrm.RoleProvinceAdmin:
		return true
	case postcrm.RoleCityManager:
		for _, code := range c.Offices {
			if _, ok := offices[code]; !ok {
				return false
			}
		}
		for _, city := range c.Cities {
			if city != req.Scope.City {
				return false
			}
		}
		return true
	}
	return false
}

// campaignEffect is campaign c's measured effect, kept in the store until
// the data, the campaign's places and period, or its gifts change: the
// measurement reads every office's days over months, and the campaign's
// page is opened far more often than data are imported. One province-wide
// figure for everyone who sees the campaign.
func (s *Server) campaignEffect(req *Request, c postcrm.CampaignSummary) (campaign.Effect, error) {
	ctx := req.Context()
	key := postcrm.SummaryKey{Scope: "province", Name: fmt.Sprintf("campaign-effect-%d", c.ID)}
	version := func() (string, error) {
		v, err := s.kept.dataVersion(ctx)
		// effectShape changes with campaign.Effect's fields: a kept body of
		// another shape would decode into zeros without complaint.
		const effectShape = "effect-1"
		return fmt.Sprint(effectShape, v, c.From, c.To, c.Offices, c.Cities, c.Gifts, c.CostFen), err
	}
	return kept(ctx, s.kept, key, version, func() (campaign.Effect, error) { return s.measureCampaign(ctx, c) })
}
