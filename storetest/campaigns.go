package storetest

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"postcrm"
	"postcrm/sqlstore"
)

var (
	scProvince = postcrm.Scope{Role: postcrm.RoleProvinceAdmin}
	scSjzCity  = postcrm.Scope{Role: postcrm.RoleCityManager, City: "石家庄市"}
	scTsCity   = postcrm.Scope{Role: postcrm.RoleCityManager, City: "唐山市"}
	scChangan  = postcrm.Scope{Role: postcrm.RoleOfficeManager, City: "石家庄市", OfficeCode: "13010001"}
	scZhangWei = postcrm.Scope{Role: postcrm.RoleCourier, City: "石家庄市", OfficeCode: "13010001", StaffID: "S1001"}
	scLiuYang  = postcrm.Scope{Role: postcrm.RoleCourier, City: "唐山市", OfficeCode: "13020001", StaffID: "S2001"}
)

// campaignFixtures stores, for November 2024, three new members and the
// walk-in waybills of a campaign's tests: e-channel items at 长安 (in the
// campaign) and 路南 (not in it), and a counter item at 长安.
func campaignFixtures(t *testing.T, s *sqlstore.Store) {
	t.Helper()
	applyFixtures(t, s)
	apply(t, s, postcrm.Batch{Kind: postcrm.KindMembers, Members: []postcrm.Member{
		{Phone: "13700000011", RegisteredOn: 20241105, OfficeCode: "13010001", StaffID: "S1001"},
		{Phone: "13700000012", RegisteredOn: 20241106, OfficeCode: "13010001", StaffID: "S1001"},
		{Phone: "13700000013", RegisteredOn: 20241107, OfficeCode: "13020001", StaffID: "S2001"},
	}})
	at := func(day int) time.Time { return time.Date(2024, 11, day, 10, 0, 0, 0, postcrm.ChinaTime) }
	wb := func(no, office, courier, phone string, day int, ch postcrm.Channel) postcrm.Waybill {
		return postcrm.Waybill{No: no, AcceptedAt: at(day), OfficeCode: office, CourierStaffID: courier, SenderPhone: phone,
			Product: "标准快递", WeightG: 500, PostageFen: 1200, Payment: postcrm.PaymentCash, Channel: ch}
	}
	apply(t, s, postcrm.Batch{Kind: postcrm.KindWaybills, Waybills: []postcrm.Waybill{
		wb("9900000000001", "13010001", "S1001", "13700000011", 5, postcrm.ChannelEChannel),
		wb("9900000000002", "13010001", "S1001", "13700000011", 8, postcrm.ChannelEChannel),
		wb("9900000000003", "13010001", "S1001", "13700000012", 6, postcrm.ChannelEChannel),
		wb("9900000000004", "13020001", "S2001", "13700000013", 7, postcrm.ChannelEChannel),
		wb("9900000000005", "13010001", "S1001", "13600000001", 9, postcrm.ChannelEChannel), // an old member
		wb("9900000000006", "13010001", "S1001", "13700000012", 9, postcrm.ChannelCounter),
		wb("9900000000007", "13010001", "S1001", "13700000012", 10, postcrm.ChannelEChannel),
	}})
}

func newMemberCampaign() postcrm.Campaign {
	return postcrm.Campaign{Name: "寄件返礼（长安）", From: 20241101, To: 20241130, Offices: []string{"13010001"},
		Channels: []postcrm.Channel{postcrm.ChannelEChannel}, Rule: postcrm.RuleNewMember, PerPhone: 1,
		Gift: "帆布袋", GiftCostFen: 800, BudgetFen: 1600}
}

func giftCode(err error) string {
	if es := postcrm.Errors(err); len(es) > 0 {
		return es[0].Code
	}
	if err != nil {
		return err.Error()
	}
	return ""
}

func testCampaigns(t *testing.T, s *sqlstore.Store) {
	ctx := context.Background()
	campaignFixtures(t, s)
	actor := postcrm.Actor{User: "C0101"}
	if _, err := s.SaveCampaign(ctx, scChangan, newMemberCampaign(), actor); !errors.Is(err, postcrm.ErrNotAllowed) {
		t.Errorf("an office manager saved a campaign: %v", err)
	}
	other := newMemberCampaign()
	other.Offices = []string{"13020001"}
	if _, err := s.SaveCampaign(ctx, scSjzCity, other, actor); giftCode(err) != postcrm.CodeCampaignOutOfCity {
		t.Errorf("石家庄's manager saved a campaign in 唐山: %v", err)
	}
	bad := newMemberCampaign()
	bad.Offices = []string{"99999999"}
	if _, err := s.SaveCampaign(ctx, scProvince, bad, actor); giftCode(err) != postcrm.CodeCampaignPlaces {
		t.Errorf("a campaign at an unknown office: %v", err)
	}
	c := must[postcrm.Campaign](t)(s.SaveCampaign(ctx, scSjzCity, newMemberCampaign(), actor))
	if c.ID == 0 {
		t.Fatal("no ID")
	}
	city := must[postcrm.Campaign](t)(s.SaveCampaign(ctx, scProvince, postcrm.Campaign{Name: "唐山满五件送", From: 20241101, To: 20241130,
		Cities: []string{"唐山市"}, Channels: []postcrm.Channel{postcrm.ChannelEChannel, postcrm.ChannelCounter}, Rule: postcrm.RuleEveryN,
		EveryN: 1, PerPhone: 1, Gift: "纸巾", GiftCostFen: 200, BudgetFen: 100000}, postcrm.Actor{User: "P0001"}))

	for _, tc := range []struct {
		sc   postcrm.Scope
		want []int64
	}{
		{scProvince, []int64{city.ID, c.ID}}, {scSjzCity, []int64{c.ID}}, {scTsCity, []int64{city.ID}},
		{scChangan, []int64{c.ID}}, {scZhangWei, []int64{c.ID}}, {scLiuYang, []int64{city.ID}},
	} {
		cs := must[[]postcrm.CampaignSummary](t)(s.Campaigns(ctx, tc.sc))
		var got []int64
		for _, x := range cs {
			got = append(got, x.ID)
		}
		if fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("%+v sees campaigns %v, want %v", tc.sc, got, tc.want)
		}
	}
	if _, err := s.Campaign(ctx, scTsCity, c.ID); !errors.Is(err, postcrm.ErrNotFound) {
		t.Errorf("唐山 reads 长安's campaign: %v", err)
	}
	read := must[postcrm.CampaignSummary](t)(s.Campaign(ctx, scZhangWei, c.ID))
	if fmt.Sprint(read.Offices, read.Channels, read.From, read.To, read.Rule, read.BudgetFen) != fmt.Sprint(c.Offices, c.Channels, c.From, c.To, c.Rule, c.BudgetFen) {
		t.Errorf("read back %+v, saved %+v", read.Campaign, c)
	}

	gift := func(sc postcrm.Scope, id int64, no, phone string) error {
		by := map[postcrm.Role]string{postcrm.RoleOfficeManager: "S1002", postcrm.RoleCityManager: "C0101", postcrm.RoleProvinceAdmin: "P0001"}[sc.Role]
		if sc.StaffID != "" {
			by = sc.StaffID
		}
		_, err := s.RecordGift(ctx, sc, postcrm.Gift{CampaignID: id, WaybillNo: no, Phone: phone}, postcrm.Actor{User: by})
		return err
	}
	steps := []struct {
		sc          postcrm.Scope
		no, phone   string
		want        string
		id          int64
		description string
	}{
		{scZhangWei, "9900000000001", "13700000011", "", c.ID, "a new member's first e-channel item"},
		{scZhangWei, "9900000000002", "13700000011", postcrm.CodeGiftOncePerPhone, c.ID, "the same phone again"},
		{scZhangWei, "9900000000001", "13700000011", postcrm.CodeGiftWaybillUsed, c.ID, "the same waybill again"},
		{scZhangWei, "9900000000005", "13600000001", postcrm.CodeGiftNotNew, c.ID, "an old member"},
		{scZhangWei, "9900000000006", "13700000012", postcrm.CodeGiftChannel, c.ID, "a counter item"},
		{scZhangWei, "9900000000004", "13700000013", postcrm.CodeGiftNoWaybill, c.ID, "another office's waybill is not the courier's"},
		{scProvince, "9900000000004", "13700000013", postcrm.CodeGiftOffice, c.ID, "路南 is not in the campaign"},
		{scZhangWei, "9900000000009", "13700000012", postcrm.CodeGiftNoWaybill, c.ID, "no such waybill"},
		{scZhangWei, "9900000000003", "13700000011", postcrm.CodeGiftOtherPhone, c.ID, "someone else's waybill"},
		{scChangan, "9900000000003", "13700000012", "", c.ID, "the budget's second gift"},
		{scChangan, "9900000000007", "13700000012", postcrm.CodeGiftOncePerPhone, c.ID, "once per phone before the budget"},
		{scLiuYang, "9900000000004", "13700000013", "", city.ID, "a city's campaign at one of its offices"},
		{scLiuYang, "9900000000001", "13700000011", "campaign", c.ID, "a campaign the courier does not see"},
	}
	for _, st := range steps {
		err := gift(st.sc, st.id, st.no, st.phone)
		got := giftCode(err)
		if st.want == "campaign" {
			if !errors.Is(err, postcrm.ErrNotFound) {
				t.Errorf("%s: %v", st.description, err)
			}
			continue
		}
		if got != st.want {
			t.Errorf("%s: got %q (%v), want %q", st.description, got, err, st.want)
		}
	}
	// The budget (two gifts) is spent now: a third new member is refused for it.
	apply(t, s, postcrm.Batch{Kind: postcrm.KindMembers, Members: []postcrm.Member{{Phone: "13700000014", RegisteredOn: 20241111, OfficeCode: "13010001"}}})
	apply(t, s, postcrm.Batch{Kind: postcrm.KindWaybills, Waybills: []postcrm.Waybill{{No: "9900000000008",
		AcceptedAt: time.Date(2024, 11, 11, 9, 0, 0, 0, postcrm.ChinaTime), OfficeCode: "13010001", CourierStaffID: "S1001",
		SenderPhone: "13700000014", Product: "标准快递", PostageFen: 900, Payment: postcrm.PaymentCash, Channel: postcrm.ChannelEChannel}}})
	if err := gift(scChangan, c.ID, "9900000000008", "13700000014"); giftCode(err) != postcrm.CodeGiftBudget || !errors.Is(err, postcrm.ErrNotAllowed) {
		t.Errorf("past the budget: %v", err)
	}
	sum := must[postcrm.CampaignSummary](t)(s.Campaign(ctx, scProvince, c.ID))
	if sum.Gifts != 2 || sum.CostFen != 1600 {
		t.Errorf("campaign's gifts: %d for %d fen, want 2 for 1600", sum.Gifts, sum.CostFen)
	}
	for _, tc := range []struct {
		sc   postcrm.Scope
		want int
	}{{scProvince, 2}, {scSjzCity, 2}, {scChangan, 2}, {scZhangWei, 1}, {scTsCity, 0}} {
		gs := must[[]postcrm.Gift](t)(s.Gifts(ctx, tc.sc, c.ID))
		if len(gs) != tc.want {
			t.Errorf("%+v sees %d gifts, want %d", tc.sc, len(gs), tc.want)
		}
	}
	gs := must[[]postcrm.Gift](t)(s.Gifts(ctx, scZhangWei, c.ID))
	if g := gs[0]; g.WaybillNo != "9900000000001" || g.Day != 20241105 || g.OfficeCode != "13010001" || g.CostFen != 800 || g.Source != postcrm.GiftAtCounter || g.RecordedBy != "S1001" {
		t.Errorf("gift read back: %+v", g)
	}
	// Every N: the per-N rule counts the phone's items in the period.
	n2 := must[postcrm.Campaign](t)(s.SaveCampaign(ctx, scProvince, postcrm.Campaign{Name: "满二件送", From: 20241101, To: 20241130,
		Offices: []string{"13010001"}, Channels: []postcrm.Channel{postcrm.ChannelEChannel}, Rule: postcrm.RuleEveryN,
		EveryN: 2, PerPhone: 2, Gift: "纸巾", GiftCostFen: 100, BudgetFen: 1000}, actor))
	if err := gift(scZhangWei, n2.ID, "9900000000001", "13700000011"); err != nil {
		t.Errorf("two items, one gift: %v", err)
	}
	if err := gift(scZhangWei, n2.ID, "9900000000002", "13700000011"); giftCode(err) != postcrm.CodeGiftItems {
		t.Errorf("two items, a second gift: %v", err)
	}
	// A change keeps the gifts and replaces the places.
	n2.Offices, n2.Cities = nil, []string{"石家庄市"}
	must[postcrm.Campaign](t)(s.SaveCampaign(ctx, scSjzCity, n2, actor))
	if got := must[postcrm.CampaignSummary](t)(s.Campaign(ctx, scSjzCity, n2.ID)); fmt.Sprint(got.Offices, got.Cities, got.Gifts) != "[] [石家庄市] 1" {
		t.Errorf("changed campaign: %v %v %d gifts", got.Offices, got.Cities, got.Gifts)
	}
	if _, err := s.SaveCampaign(ctx, scTsCity, postcrm.Campaign{ID: n2.ID, Name: "x", From: 20241101, To: 20241130, Cities: []string{"唐山市"},
		Channels: n2.Channels, Rule: postcrm.RuleNewMember, PerPhone: 1, Gift: "x", GiftCostFen: 1, BudgetFen: 1}, actor); !errors.Is(err, postcrm.ErrNotFound) {
		t.Errorf("唐山's manager changed 石家庄's campaign: %v", err)
	}
	entries, _, err := s.AuditLog(ctx, postcrm.AuditQuery{User: "S1001"})
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 2 {
		t.Errorf("%d audit entries by the courier, want 2 (the gifts)", len(entries))
	}
}
