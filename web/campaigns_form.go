package web

import (
	"errors"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"postcrm"
)

// campaignForm is the form to set up or change a campaign: what was
// entered (money as yuan text) and, after a refusal, the messages.
type campaignForm struct {
	Values   campaignJSON
	GiftCost string
	Budget   string
	Offices  []choice
	Cities   []choice
	Channels []choice
	fieldRefusal
}

// choice is a checkbox of a form.
type choice struct {
	Value, Label string
	Checked      bool
}

func (s *Server) newCampaignForm(req *Request, v campaignJSON) (campaignForm, error) {
	_, offices, err := s.officesOf(req)
	if err != nil {
		return campaignForm{}, err
	}
	f := campaignForm{Values: v, GiftCost: yuanText(v.GiftCostFen), Budget: yuanText(v.BudgetFen)}
	cities := map[string]bool{}
	for _, o := range offices {
		f.Offices = append(f.Offices, choice{o.Code, o.Name + "（" + o.City + "）", slices.Contains(v.Offices, o.Code)})
		if !cities[o.City] {
			cities[o.City] = true
			f.Cities = append(f.Cities, choice{o.City, o.City, slices.Contains(v.Cities, o.City)})
		}
	}
	for _, ch := range []postcrm.Channel{postcrm.ChannelEChannel, postcrm.ChannelMiniProgram, postcrm.ChannelCounter, postcrm.ChannelPickup} {
		f.Channels = append(f.Channels, choice{string(ch), "", slices.Contains(v.Channels, string(ch))})
	}
	return f, nil
}

func yuanText(fen int64) string {
	if fen == 0 {
		return ""
	}
	return postcrm.Yuan(fen)
}

func (s *Server) campaignFormPage(w http.ResponseWriter, req *Request) error {
	v := campaignJSON{Rule: string(postcrm.RuleNewMember), PerPhone: 1, Channels: []string{string(postcrm.ChannelEChannel), string(postcrm.ChannelMiniProgram)}}
	title := "campaign.new"
	if req.PathValue("id") != "" {
		id, err := campaignID(req)
		if err != nil {
			return err
		}
		c, err := s.campaigns.Campaign(req.Context(), req.Scope, id)
		if err != nil {
			return err
		}
		v, title = toCampaignJSON(c), "campaign.edit"
	}
	f, err := s.newCampaignForm(req, v)
	if err != nil {
		return err
	}
	return s.render(w, req, "campaign_form", title, f)
}

// parseYuan reads yuan with up to two decimals as fen.
func parseYuan(s string) (int64, bool) {
	s = strings.TrimSpace(strings.ReplaceAll(s, ",", ""))
	if s == "" {
		return 0, true
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil || x < 0 || x > 1e10 || math.Abs(x*100-math.Round(x*100)) > 1e-6 {
		return 0, false
	}
	return int64(math.Round(x * 100)), true
}

func atoiOr0(s string) int {
	n, _ := strconv.Atoi(strings.TrimSpace(s))
	return n
}

// saveCampaign saves the form: on success to the campaign's page with a
// confirmation; a refusal shows the form again, each message beside its
// field.
func (s *Server) saveCampaign(w http.ResponseWriter, req *Request) error {
	if err := req.ParseForm(); err != nil {
		return userError(http.StatusBadRequest, "error.bad_form")
	}
	pf := req.PostForm
	v := campaignJSON{Name: pf.Get("name"), From: pf.Get("from"), To: pf.Get("to"), Offices: pf["offices"], Cities: pf["cities"],
		Channels: pf["channels"], Rule: pf.Get("rule"), EveryN: atoiOr0(pf.Get("every_n")), PerPhone: atoiOr0(pf.Get("per_phone")),
		Gift: pf.Get("gift")}
	v.Products = strings.FieldsFunc(pf.Get("products"), func(r rune) bool { return r == ',' || r == '，' || r == '、' || r == ' ' })
	var parse []error
	var ok bool
	if v.GiftCostFen, ok = parseYuan(pf.Get("gift_cost")); !ok {
		parse = append(parse, &postcrm.Error{Kind: postcrm.ErrInvalid, Code: postcrm.CodeCampaignGiftCost, Field: "gift_cost", Message: "礼品单价请填元，如 8.50"})
	}
	if v.BudgetFen, ok = parseYuan(pf.Get("budget")); !ok {
		parse = append(parse, &postcrm.Error{Kind: postcrm.ErrInvalid, Code: postcrm.CodeCampaignBudget, Field: "budget", Message: "预算请填元，如 5000"})
	}
	if req.PathValue("id") != "" {
		id, err := campaignID(req)
		if err != nil {
			return err
		}
		// One the user does not see is not found, whatever the form says.
		if _, err := s.campaigns.Campaign(req.Context(), req.Scope, id); err != nil {
			return err
		}
		v.ID = id
	}
	var saved postcrm.Campaign
	var err error
	if len(parse) > 0 {
		err = errors.Join(append(parse, v.campaign().Validate())...)
	} else {
		saved, err = s.campaigns.SaveCampaign(req.Context(), req.Scope, v.campaign(), actor(req))
	}
	return afterForm(w, req, domainError(err), fmt.Sprintf("/campaigns/%d?done=saved", saved.ID), func(refusal fieldRefusal) error {
		f, ferr := s.newCampaignForm(req, v)
		if ferr != nil {
			return ferr
		}
		f.GiftCost, f.Budget, f.fieldRefusal = pf.Get("gift_cost"), pf.Get("budget"), detailedRefusal(req, domainError(err), refusal)
		title := "campaign.new"
		if v.ID != 0 {
			title = "campaign.edit"
		}
		return s.renderPage(w, req, refusal.status, "campaign_form", title, f)
	})
}

func (s *Server) apiSaveCampaign(w http.ResponseWriter, req *Request) error {
	var body campaignJSON
	if err := readJSON(w, req, &body); err != nil {
		return err
	}
	body.ID = 0
	c, err := s.campaigns.SaveCampaign(req.Context(), req.Scope, body.campaign(), actor(req))
	if err != nil {
		return domainError(err)
	}
	writeJSON(w, http.StatusCreated, toCampaignJSON(postcrm.CampaignSummary{Campaign: c}))
	return nil
}

// detailedRefusal puts, for Chinese readers, each rule's own text beside
// its field: it carries the figures that decided (the period, the count
// so far, the budget spent), where the catalogue only names the rule.
func detailedRefusal(req *Request, err error, r fieldRefusal) fieldRefusal {
	if req.Lang != "zh" {
		return r
	}
	errs := postcrm.Errors(err)
	if he, ok := err.(*httpError); ok {
		errs = he.fields
	}
	seen := map[string]bool{}
	for _, e := range errs {
		switch {
		case e.Field == "" && r.Message != "":
			r.Message = e.Message
		case e.Field != "" && !seen[e.Field] && r.Fields != nil:
			r.Fields[e.Field], seen[e.Field] = e.Message, true
		}
	}
	return r
}
