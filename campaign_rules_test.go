package postcrm

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func testCampaign(rule CampaignRule) Campaign {
	c := Campaign{Name: "寄件返礼", From: 20261101, To: 20261130, Offices: []string{"05010180"}, Cities: []string{"保定市"},
		Channels: []Channel{ChannelEChannel, ChannelMiniProgram}, Rule: rule, PerPhone: 1,
		Gift: "定制帆布袋", GiftCostFen: 850, BudgetFen: 10000}
	if rule == RuleEveryN {
		c.EveryN, c.PerPhone = 5, 2
	}
	return c
}

// eligibleFacts are the facts of a gift every rule allows: a walk-in's
// e-channel waybill in the period at a campaign office, from a phone
// that joined in the period and had no gift yet, with budget left.
func eligibleFacts() (Gift, GiftFacts) {
	phone := "13812345678"
	w := Waybill{No: "1190000000001", AcceptedAt: time.Date(2026, 11, 12, 10, 0, 0, 0, ChinaTime),
		OfficeCode: "05010180", SenderPhone: phone, Product: "标准快递", Channel: ChannelEChannel}
	return Gift{WaybillNo: w.No, Phone: phone},
		GiftFacts{Waybill: w, WaybillFound: true, Office: Office{Code: "05010180", Name: "长安营业部", City: "石家庄市"},
			Member: Member{Phone: phone, RegisteredOn: 20261112, OfficeCode: "05010180"}, IsMember: true, PhoneItems: 5}
}

func TestCampaignAllows(t *testing.T) {
	tests := []struct {
		name  string
		rule  CampaignRule
		edit  func(c *Campaign, g *Gift, f *GiftFacts)
		code  string // "" when allowed
		words string // the Chinese refusal names the rule
	}{
		{"eligible new member", RuleNewMember, func(*Campaign, *Gift, *GiftFacts) {}, "", ""},
		{"eligible every N", RuleEveryN, func(*Campaign, *Gift, *GiftFacts) {}, "", ""},
		{"city campaign takes its offices", RuleNewMember, func(c *Campaign, _ *Gift, f *GiftFacts) {
			f.Office = Office{Code: "06010001", City: "保定市"}
		}, "", ""},
		{"bad phone", RuleNewMember, func(_ *Campaign, g *Gift, _ *GiftFacts) { g.Phone = "0311-8888" }, CodeGiftPhone, "手机号不对"},
		{"no waybill", RuleNewMember, func(_ *Campaign, _ *Gift, f *GiftFacts) { f.WaybillFound = false }, CodeGiftNoWaybill, "查不到运单"},
		{"contract waybill", RuleNewMember, func(_ *Campaign, _ *Gift, f *GiftFacts) { f.Waybill.CustomerCode = "C1" }, CodeGiftContract, "协议客户"},
		{"someone else's waybill", RuleNewMember, func(_ *Campaign, g *Gift, _ *GiftFacts) { g.Phone = "13900000000" }, CodeGiftOtherPhone, "寄件人"},
		{"before the period", RuleNewMember, func(_ *Campaign, _ *Gift, f *GiftFacts) {
			f.Waybill.AcceptedAt = time.Date(2026, 10, 31, 23, 0, 0, 0, ChinaTime)
		}, CodeGiftPeriod, "不在活动期间（2026-11-01 至 2026-11-30）"},
		{"after the period", RuleEveryN, func(_ *Campaign, _ *Gift, f *GiftFacts) {
			f.Waybill.AcceptedAt = time.Date(2026, 12, 1, 0, 30, 0, 0, ChinaTime)
		}, CodeGiftPeriod, "不在活动期间"},
		{"office not in it", RuleNewMember, func(_ *Campaign, _ *Gift, f *GiftFacts) {
			f.Office = Office{Code: "05010999", Name: "裕华营业部", City: "石家庄市"}
		}, CodeGiftOffice, "不参加本次活动"},
		{"counter channel", RuleNewMember, func(_ *Campaign, _ *Gift, f *GiftFacts) { f.Waybill.Channel = ChannelCounter }, CodeGiftChannel, "经营业厅收寄，本次活动只限邮惠中心、小程序"},
		{"product", RuleEveryN, func(c *Campaign, _ *Gift, _ *GiftFacts) { c.Products = []string{"特快专递"} }, CodeGiftProduct, "只限特快专递"},
		{"waybill used", RuleEveryN, func(_ *Campaign, _ *Gift, f *GiftFacts) { f.WaybillGiven = true }, CodeGiftWaybillUsed, "已经领过"},
		{"old member", RuleNewMember, func(_ *Campaign, _ *Gift, f *GiftFacts) { f.Member.RegisteredOn = 20260301 }, CodeGiftNotNew, "新注册"},
		{"not a member", RuleNewMember, func(_ *Campaign, _ *Gift, f *GiftFacts) { f.IsMember = false }, CodeGiftNotNew, "首寄礼只送新会员"},
		{"once per phone", RuleNewMember, func(_ *Campaign, _ *Gift, f *GiftFacts) { f.PhoneGifts = 1 }, CodeGiftOncePerPhone, "每个手机号限领一次"},
		{"K per phone", RuleEveryN, func(_ *Campaign, _ *Gift, f *GiftFacts) { f.PhoneGifts, f.PhoneItems = 2, 15 }, CodeGiftPerPhone, "每个手机号限领 2 份"},
		{"N items short", RuleEveryN, func(_ *Campaign, _ *Gift, f *GiftFacts) { f.PhoneGifts, f.PhoneItems = 1, 9 }, CodeGiftItems, "满 10 件才能领第 2 份"},
		{"second gift at 2N", RuleEveryN, func(_ *Campaign, _ *Gift, f *GiftFacts) { f.PhoneGifts, f.PhoneItems = 1, 10 }, "", ""},
		{"budget spent", RuleNewMember, func(_ *Campaign, _ *Gift, f *GiftFacts) { f.SpentFen = 9200 }, CodeGiftBudget, "活动预算已用完：已发礼品 92.00 元，预算 100.00 元"},
		{"budget's last gift", RuleEveryN, func(_ *Campaign, _ *Gift, f *GiftFacts) { f.SpentFen = 9150 }, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := testCampaign(tc.rule)
			if err := c.Validate(); err != nil {
				t.Fatal(err)
			}
			g, f := eligibleFacts()
			tc.edit(&c, &g, &f)
			err := c.Allows(g, f)
			if tc.code == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			es := Errors(err)
			if len(es) != 1 || es[0].Code != tc.code {
				t.Fatalf("got %v, want code %s", err, tc.code)
			}
			if !strings.Contains(es[0].Message, tc.words) {
				t.Errorf("message %q does not say %q", es[0].Message, tc.words)
			}
			if tc.code == CodeGiftBudget != errors.Is(err, ErrNotAllowed) {
				t.Errorf("kind: %v", es[0].Kind)
			}
		})
	}
}

func TestCampaignValidate(t *testing.T) {
	c := Campaign{Rule: RuleEveryN, GiftCostFen: -1, Channels: []Channel{"fax"}, From: 20261130, To: 20261101}
	fields := map[string]bool{}
	for _, e := range Errors(c.Validate()) {
		fields[e.Field] = true
	}
	for _, f := range []string{"name", "to", "offices", "channels", "every_n", "per_phone", "gift", "gift_cost", "budget"} {
		if !fields[f] {
			t.Errorf("no error on %s: %v", f, fields)
		}
	}
	ok := testCampaign(RuleNewMember)
	ok.PerPhone = 3
	if es := Errors(ok.Validate()); len(es) != 1 || es[0].Code != CodeCampaignPerPhone {
		t.Errorf("a new-member gift more than once per phone: %v", es)
	}
	sc := Scope{Role: RoleCityManager, City: "石家庄市"}
	offices := map[string]Office{"05010180": {Code: "05010180", City: "石家庄市"}}
	if err := ok.ValidateScope(sc, offices); !errors.Is(err, ErrNotAllowed) {
		t.Errorf("a city manager's campaign in 保定市: %v", err)
	}
	ok.Cities = nil
	if err := ok.ValidateScope(sc, offices); err != nil {
		t.Error(err)
	}
	if err := ok.ValidateScope(Scope{Role: RoleOfficeManager, OfficeCode: "05010180"}, offices); err == nil {
		t.Error("an office manager set a campaign")
	}
}
