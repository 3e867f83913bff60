package main

import (
	"context"
	"fmt"
	"time"

	"postcrm"
	"postcrm/sqlstore"
)

// demoPolicySteps puts the register's workflow on show: after the data's
// last day, a city's control notice comes in at night, the province
// drafts a province-wide refusal, submits it and records the group's
// approval the next morning (announced for a week later, so the analysed
// month is untouched); a city manager's draft waits for the province; a
// third request was refused. Re-running the demo finds them stored and adds nothing.
func demoPolicySteps(ctx context.Context, s *sqlstore.Store, last postcrm.Date) error {
	staff, err := s.Staff(ctx)
	if err != nil {
		return err
	}
	var city, province string
	names := map[string]string{}
	for _, p := range staff {
		names[p.ID] = p.Name
		switch {
		case city == "" && p.Role == postcrm.RoleCityManager && p.City == "石家庄市":
			city = p.ID
		case province == "" && p.Role == postcrm.RoleProvinceAdmin:
			province = p.ID
		}
	}
	if city == "" || province == "" {
		return nil
	}
	adjs, err := s.Adjustments(ctx)
	if err != nil {
		return err
	}
	for _, a := range adjs {
		if a.ID == "TZ-DEMO-1" {
			return nil
		}
	}
	night := time.Date(last.Year(), last.Month(), last.Day(), 22, 40, 0, 0, postcrm.ChinaTime).AddDate(0, 0, 1)
	at := func(d time.Duration) time.Time { return night.Add(d) }
	type step struct {
		status postcrm.AdjustmentStatus
		actor  string
		at     time.Time
		note   string
	}
	for _, x := range []struct {
		a     postcrm.Adjustment
		steps []step
	}{
		{postcrm.Adjustment{ID: "TZ-DEMO-1", Scope: postcrm.ScopeProvince, Kind: postcrm.AdjustDestination, Provinces: []string{"广东", "福建"},
			From: last.AddDays(8), To: last.AddDays(21), Reason: "寄达地疫情防控", NoticeAt: night},
			[]step{{postcrm.AdjustDrafted, province, at(25 * time.Minute), "石家庄市转来寄达地管控通知"}, {postcrm.AdjustSubmitted, province, at(60 * time.Minute), ""},
				{postcrm.AdjustApproved, province, at(10*time.Hour + 30*time.Minute), "集团市场部批复同意"}}},
		{postcrm.Adjustment{ID: "TZ-DEMO-2", Scope: "石家庄市", Kind: postcrm.AdjustProduct, Products: []string{"特快专递"},
			From: last.AddDays(10), Reason: "航空运力管控", NoticeAt: at(2 * time.Hour)},
			[]step{{postcrm.AdjustDrafted, city, at(2*time.Hour + 20*time.Minute), ""}}},
		{postcrm.Adjustment{ID: "TZ-DEMO-3", Scope: postcrm.ScopeProvince, Kind: postcrm.AdjustDestination, Provinces: []string{"新疆"},
			From: last.AddDays(3), To: last.AddDays(6), Reason: "寄达地管控", NoticeAt: at(-24 * time.Hour)},
			[]step{{postcrm.AdjustDrafted, province, at(-23 * time.Hour), ""}, {postcrm.AdjustSubmitted, province, at(-22 * time.Hour), ""},
				{postcrm.AdjustRefused, province, at(-2 * time.Hour), "集团未同意：寄达地已恢复收投"}}},
	} {
		var prior postcrm.AdjustmentStatus
		for _, st := range x.steps {
			a := x.a
			a.Status = st.status
			if err := s.RecordAdjustment(ctx, a, postcrm.AdjustmentStep{Step: st.status, Actor: st.actor, ActorName: names[st.actor], At: st.at, Note: st.note}, prior); err != nil {
				return fmt.Errorf("演示收寄政策调整 %s: %w", a.ID, err)
			}
			prior = st.status
		}
	}
	return nil
}
