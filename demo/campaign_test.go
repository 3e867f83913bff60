package demo_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"postcrm"
	"postcrm/campaign"
	"postcrm/demo"
	"postcrm/ingest"
	"postcrm/sqlite"
)

// The small demo's campaign plants about three new members an office and
// week in half the offices; the difference in differences against the
// other offices must hold the planted members and walk-in revenue per
// office and week in its 95% intervals, and every planted gift must pass
// the campaign's rules.
func TestCampaignEffectFindsThePlantedEffect(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and imports a demo province")
	}
	ctx := context.Background()
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	opts := demo.Options{Dir: data, Scale: demo.Small, Seed: 1, End: 20261101, Months: 18}
	start := time.Now()
	m, err := demo.Generate(opts)
	if err != nil {
		t.Fatal(err)
	}
	res, err := demo.SimulateCampaign(opts, demo.DefaultCampaignSim)
	if err != nil {
		t.Fatal(err)
	}
	s, err := sqlite.Open(ctx, filepath.Join(dir, "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, f := range append(m.Files, res.Files...) {
		if f.Kind == "" {
			continue
		}
		if _, err := ingest.Import(ctx, s, f.Kind, filepath.Join(data, f.Name), ingest.Options{}); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("generated and imported in %v; %d planted members in %d offices, %s yuan of their postage in the campaign",
		time.Since(start).Round(time.Second), res.Members, len(res.Campaign.Offices), postcrm.Yuan(res.RevenueFen))
	province := postcrm.Scope{Role: postcrm.RoleProvinceAdmin}
	c, err := s.SaveCampaign(ctx, province, res.Campaign, postcrm.Actor{User: "demo"})
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range res.Gifts {
		g.CampaignID = c.ID
		if _, err := s.RecordGift(ctx, province, g, postcrm.Actor{User: "demo"}); err != nil {
			t.Fatalf("planted gift refused: %v", err)
		}
	}
	sum, err := s.Campaign(ctx, province, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Gifts != res.Members || sum.CostFen != int64(res.Members)*c.GiftCostFen {
		t.Errorf("gifts %d costing %d fen, want one for each of %d planted members", sum.Gifts, sum.CostFen, res.Members)
	}
	e, err := campaign.Measure(ctx, s, c, sum.Gifts, sum.CostFen)
	if err != nil || !e.OK {
		t.Fatal(err, e.Reason)
	}
	t.Logf("%d campaign offices against %d (in the cities: %v), %.0f weeks", e.Treated, e.Controls, e.ControlsInCity, e.Weeks)
	t.Logf("members per office and week: planted %.2f, measured %.2f [%.2f, %.2f] (df %.1f)",
		res.MembersPerOfficeWeek, e.Members.Diff, e.Members.Low, e.Members.High, e.Members.DF)
	t.Logf("walk-in revenue per office and week: planted %.1f yuan, measured %.1f [%.1f, %.1f] (df %.1f)",
		res.RevenuePerOfficeWeek, e.Revenue.Diff, e.Revenue.Low, e.Revenue.High, e.Revenue.DF)
	t.Logf("gift cost per incremental member %.2f yuan [%.2f, %.2f]; revenue per yuan of gifts %.2f [%.2f, %.2f]; 30-day return %.2f (%d/%d) against %.2f (%d/%d)",
		e.CostPerMember, e.CostPerMemberLow, e.CostPerMemberHigh, e.RevenuePerCost, e.RevenuePerCostLow, e.RevenuePerCostHigh,
		e.Return.Share30, e.Return.Back30, e.Return.N30, e.Base.Share30, e.Base.Back30, e.Base.N30)
	if e.Members.Low > res.MembersPerOfficeWeek || e.Members.High < res.MembersPerOfficeWeek || e.Members.Low <= 0 {
		t.Errorf("members: the interval [%.2f, %.2f] must hold the planted %.2f and exclude no effect", e.Members.Low, e.Members.High, res.MembersPerOfficeWeek)
	}
	if e.Revenue.Low > res.RevenuePerOfficeWeek || e.Revenue.High < res.RevenuePerOfficeWeek {
		t.Errorf("revenue: the interval [%.1f, %.1f] must hold the planted %.1f", e.Revenue.Low, e.Revenue.High, res.RevenuePerOfficeWeek)
	}
}
