package postcrm

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// The rules of a campaign and of its gifts. The store calls Allows inside
// the transaction that records the gift, so that two counters cannot both
// take the last of the budget or a phone's last gift.

// Campaign error codes, by the field they concern.
const (
	CodeCampaignName      = "campaign.name"        // name: missing
	CodeCampaignPeriod    = "campaign.period"      // from/to: missing or the end before the start
	CodeCampaignPlaces    = "campaign.places"      // offices: neither offices nor cities
	CodeCampaignChannels  = "campaign.channels"    // channels: none, or one postcrm does not know
	CodeCampaignRule      = "campaign.rule"        // rule: unknown
	CodeCampaignEveryN    = "campaign.every_n"     // every_n: < 1 for RuleEveryN
	CodeCampaignPerPhone  = "campaign.per_phone"   // per_phone: < 1
	CodeCampaignGift      = "campaign.gift"        // gift: missing
	CodeCampaignGiftCost  = "campaign.gift_cost"   // gift_cost: < 0
	CodeCampaignBudget    = "campaign.budget"      // budget: less than one gift
	CodeCampaignOutOfCity = "campaign.out_of_city" // a city manager's campaign outside their city
)

// Gift refusal codes: the rule that refused it. Their messages carry the
// figures, so the web shows the Chinese message itself.
const (
	CodeGiftPhone        = "gift.phone"          // phone: not a mobile number
	CodeGiftNoWaybill    = "gift.no_waybill"     // waybill: not found
	CodeGiftContract     = "gift.contract"       // waybill: a contract customer's, not a walk-in's
	CodeGiftOtherPhone   = "gift.other_phone"    // phone: not the waybill's sender
	CodeGiftPeriod       = "gift.period"         // waybill: accepted outside the period
	CodeGiftOffice       = "gift.office"         // waybill: at an office not in the campaign
	CodeGiftChannel      = "gift.channel"        // waybill: through a channel not in the campaign
	CodeGiftProduct      = "gift.product"        // waybill: a product not in the campaign
	CodeGiftWaybillUsed  = "gift.waybill_used"   // waybill: already had the gift
	CodeGiftNotNew       = "gift.not_new"        // phone: not a member who joined in the period
	CodeGiftOncePerPhone = "gift.once_per_phone" // phone: already had its one gift
	CodeGiftPerPhone     = "gift.per_phone"      // phone: had its K gifts
	CodeGiftItems        = "gift.items"          // phone: not N more items yet
	CodeGiftBudget       = "gift.budget"         // the budget is spent
)

// ReasonCampaignRule rejects an imported gift that the campaign's rule
// refuses; the finding's message names the rule.
const ReasonCampaignRule Reason = "campaign_rule"

var channelNames = map[Channel]string{
	ChannelCounter: "营业厅", ChannelPickup: "上门揽收", ChannelEChannel: "邮惠中心", ChannelMiniProgram: "小程序",
}

// Name is the channel as the counter staff call it.
func (c Channel) Name() string {
	if n, ok := channelNames[c]; ok {
		return n
	}
	return string(c)
}

// Validate checks the campaign before it is stored; every field at
// fault is reported, joined.
func (c Campaign) Validate() error {
	var errs []error
	if strings.TrimSpace(c.Name) == "" {
		errs = append(errs, invalid(CodeCampaignName, "name", "请填写活动名称"))
	}
	if !c.From.Valid() || !c.To.Valid() {
		errs = append(errs, invalid(CodeCampaignPeriod, "from", "请填写活动起止日期"))
	} else if c.To < c.From {
		errs = append(errs, invalid(CodeCampaignPeriod, "to", "活动结束日期早于开始日期"))
	}
	if len(c.Offices) == 0 && len(c.Cities) == 0 {
		errs = append(errs, invalid(CodeCampaignPlaces, "offices", "请选择参加活动的营业部或地市"))
	}
	if len(c.Channels) == 0 {
		errs = append(errs, invalid(CodeCampaignChannels, "channels", "请至少选择一个收寄渠道"))
	}
	for _, ch := range c.Channels {
		if _, ok := channelNames[ch]; !ok {
			errs = append(errs, invalid(CodeCampaignChannels, "channels", fmt.Sprintf("没有“%s”这个收寄渠道", ch)))
		}
	}
	switch c.Rule {
	case RuleNewMember:
		if c.PerPhone != 1 {
			errs = append(errs, invalid(CodeCampaignPerPhone, "per_phone", "新会员首寄礼每个手机号只送一份"))
		}
	case RuleEveryN:
		if c.EveryN < 1 {
			errs = append(errs, invalid(CodeCampaignEveryN, "every_n", "满多少件送一份：至少 1 件"))
		}
		if c.PerPhone < 1 {
			errs = append(errs, invalid(CodeCampaignPerPhone, "per_phone", "每个手机号限领份数至少为 1"))
		}
	default:
		errs = append(errs, invalid(CodeCampaignRule, "rule", "请选择送礼规则"))
	}
	if strings.TrimSpace(c.Gift) == "" {
		errs = append(errs, invalid(CodeCampaignGift, "gift", "请填写礼品名称"))
	}
	if c.GiftCostFen < 0 {
		errs = append(errs, invalid(CodeCampaignGiftCost, "gift_cost", "礼品单价不能为负数"))
	}
	if c.BudgetFen < c.GiftCostFen || c.BudgetFen <= 0 {
		errs = append(errs, invalid(CodeCampaignBudget, "budget", "预算至少要够发一份礼品"))
	}
	return errors.Join(errs...)
}

// ValidateScope refuses a city manager a campaign with a place outside
// their city (offices maps the campaign's offices to their records), and
// office staff any campaign: campaigns are set by the city or the
// province.
func (c Campaign) ValidateScope(sc Scope, offices map[string]Office) error {
	switch sc.Role {
	case RoleProvinceAdmin:
		return nil
	case RoleCityManager:
		for _, city := range c.Cities {
			if city != sc.City {
				return notAllowed(CodeCampaignOutOfCity, fmt.Sprintf("只能在本市（%s）办活动，不能含 %s", sc.City, city))
			}
		}
		for _, code := range c.Offices {
			if o, ok := offices[code]; !ok || o.City != sc.City {
				return notAllowed(CodeCampaignOutOfCity, fmt.Sprintf("营业部 %s 不在本市（%s）", code, sc.City))
			}
		}
		return nil
	}
	return notAllowed(CodeCampaignOutOfCity, "营销活动由地市或省市场部设置")
}

// Allows judges gift g under the campaign's rule on the facts the store
// read. The refusal names the rule, in Chinese, with the figures that
// decided it.
func (c Campaign) Allows(g Gift, f GiftFacts) error {
	if !IsMobile(g.Phone) {
		return invalid(CodeGiftPhone, "phone", "手机号不对：要 11 位、1 开头的手机号")
	}
	w := f.Waybill
	switch {
	case !f.WaybillFound:
		return invalid(CodeGiftNoWaybill, "waybill", fmt.Sprintf("查不到运单 %s：请核对运单号，或等收寄数据导入后再登记", g.WaybillNo))
	case !w.Walkin():
		return invalid(CodeGiftContract, "waybill", fmt.Sprintf("运单 %s 是协议客户的邮件，寄件返礼只面向散户", w.No))
	case w.SenderPhone != g.Phone:
		return invalid(CodeGiftOtherPhone, "phone", fmt.Sprintf("运单 %s 的寄件人电话不是 %s，礼品只送寄件人本人", w.No, g.Phone))
	case w.Day() < c.From || w.Day() > c.To:
		return invalid(CodeGiftPeriod, "waybill", fmt.Sprintf("运单收寄日期 %s 不在活动期间（%s 至 %s）", w.Day(), c.From, c.To))
	case !c.Covers(f.Office):
		return invalid(CodeGiftOffice, "waybill", fmt.Sprintf("运单在 %s%s 收寄，该营业部不参加本次活动", f.Office.Code, f.Office.Name))
	case !slices.Contains(c.Channels, w.Channel):
		return invalid(CodeGiftChannel, "waybill", fmt.Sprintf("运单经%s收寄，本次活动只限%s", w.Channel.Name(), channelList(c.Channels)))
	case len(c.Products) > 0 && !slices.Contains(c.Products, w.Product):
		return invalid(CodeGiftProduct, "waybill", fmt.Sprintf("运单产品为%s，本次活动只限%s", w.Product, strings.Join(c.Products, "、")))
	case f.WaybillGiven:
		return invalid(CodeGiftWaybillUsed, "waybill", fmt.Sprintf("运单 %s 已经领过本次活动的礼品", w.No))
	}
	switch c.Rule {
	case RuleNewMember:
		if !f.IsMember || f.Member.RegisteredOn < c.From || f.Member.RegisteredOn > c.To {
			return invalid(CodeGiftNotNew, "phone", fmt.Sprintf("%s 不是活动期间（%s 至 %s）新注册的邮惠中心会员，首寄礼只送新会员", g.Phone, c.From, c.To))
		}
		if f.PhoneGifts >= 1 {
			return invalid(CodeGiftOncePerPhone, "phone", fmt.Sprintf("%s 已领过本次活动的礼品，每个手机号限领一次", g.Phone))
		}
	case RuleEveryN:
		if f.PhoneGifts >= c.PerPhone {
			return invalid(CodeGiftPerPhone, "phone", fmt.Sprintf("%s 已领 %d 份，每个手机号限领 %d 份", g.Phone, f.PhoneGifts, c.PerPhone))
		}
		if need := c.EveryN * (f.PhoneGifts + 1); f.PhoneItems < need {
			return invalid(CodeGiftItems, "phone", fmt.Sprintf("%s 活动期间在参加活动的营业部寄了 %d 件，满 %d 件才能领第 %d 份", g.Phone, f.PhoneItems, need, f.PhoneGifts+1))
		}
	}
	if f.SpentFen+c.GiftCostFen > c.BudgetFen {
		return notAllowed(CodeGiftBudget, fmt.Sprintf("活动预算已用完：已发礼品 %s 元，预算 %s 元", Yuan(f.SpentFen), Yuan(c.BudgetFen)))
	}
	return nil
}

func channelList(cs []Channel) string {
	names := make([]string, len(cs))
	for i, c := range cs {
		names[i] = c.Name()
	}
	return strings.Join(names, "、")
}

// IsMobile reports whether s is a mainland mobile number: 11 digits
// starting with 1.
func IsMobile(s string) bool {
	if len(s) != 11 || s[0] != '1' {
		return false
	}
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Yuan formats fen as yuan with two decimals.
func Yuan(fen int64) string {
	sign := ""
	if fen < 0 {
		sign, fen = "-", -fen
	}
	return fmt.Sprintf("%s%d.%02d", sign, fen/100, fen%100)
}

// Member target error codes.
const (
	CodeTargetNegative = "target.negative" // target: below 0
	CodeTargetMonth    = "target.month"    // month: not a month
	CodeTargetStaff    = "target.staff"    // staff: not at the office
	CodeTargetScope    = "target.scope"    // the office is not the setter's to plan
)

// Validate checks a target set by a user of scope sc for office o; staff
// is the staff member it is for (zero for the office's own target).
// Couriers set none; office managers their office's staff; city managers
// their city's offices and staff; the province any.
func (t MemberTarget) Validate(sc Scope, o Office, staff Staff) error {
	switch {
	case sc.Role == RoleCourier,
		sc.Role == RoleOfficeManager && (o.Code != sc.OfficeCode || t.StaffID == ""),
		sc.Role == RoleCityManager && o.City != sc.City:
		return notAllowed(CodeTargetScope, fmt.Sprintf("不能给营业部 %s 定目标", o.Code))
	case !t.Month.Valid():
		return invalid(CodeTargetMonth, "month", "月份不对")
	case t.Target < 0:
		return invalid(CodeTargetNegative, "target", "目标不能为负数")
	case t.StaffID != "" && staff.OfficeCode != o.Code:
		return invalid(CodeTargetStaff, "staff", fmt.Sprintf("工号 %s 不是 %s 的人员", t.StaffID, o.Code))
	}
	return nil
}
