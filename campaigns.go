package postcrm

import (
	"slices"
	"time"
)

// A campaign (营销活动, e.g. 寄件返礼) gives walk-ins a gift for shipping
// at its offices in its period: for the first e-channel shipment of a new
// member, or for every N items, at most K per phone, until its budget is
// spent. The gifts handed out are recorded against the waybill they
// were given for, at the counter or by import.

// CampaignRule is how a campaign decides who gets a gift.
type CampaignRule string

const (
	// RuleNewMember: one gift per phone, for a shipment of a phone that
	// joined the e-channel (邮惠中心) in the campaign's period.
	RuleNewMember CampaignRule = "new_member" // 新会员首寄礼
	// RuleEveryN: a gift for every N items the phone sent at the
	// campaign's offices in its period, at most K per phone.
	RuleEveryN CampaignRule = "every_n" // 满 N 件送
)

// Campaign is one campaign. Places are offices or whole cities; a city
// takes in every office of it, also one opened later.
type Campaign struct {
	ID          int64
	Name        string
	From, To    Date // the period, both days included
	Offices     []string
	Cities      []string
	Channels    []Channel // eligible channels; at least one
	Products    []string  // eligible products; none means all
	Rule        CampaignRule
	EveryN      int    // items per gift, RuleEveryN
	PerPhone    int    // at most this many gifts per phone (1 for RuleNewMember)
	Gift        string // what is handed out, e.g. 定制帆布袋
	GiftCostFen int64  // unit cost in fen
	BudgetFen   int64  // gift cost the campaign may spend in all
	CreatedBy   string
	CreatedAt   time.Time
}

// Covers reports whether office o runs the campaign.
func (c Campaign) Covers(o Office) bool {
	return slices.Contains(c.Offices, o.Code) || slices.Contains(c.Cities, o.City)
}

// Days is the length of the period.
func (c Campaign) Days() int { return DaysBetween(c.From, c.To) + 1 }

// Gift is one gift handed out, for one waybill.
type Gift struct {
	ID         int64
	CampaignID int64
	WaybillNo  string
	Phone      string
	OfficeCode string // the waybill's office
	Day        Date   // the waybill's day
	CostFen    int64  // the campaign's unit cost when it was given
	Source     string // GiftAtCounter or GiftImported
	RecordedBy string
	RecordedAt time.Time
}

// Where a gift was recorded.
const (
	GiftAtCounter = "counter"
	GiftImported  = "import"
)

// GiftFacts are what the store read for a gift to be judged on, inside
// the transaction that records it.
type GiftFacts struct {
	Waybill      Waybill
	WaybillFound bool
	Office       Office // the waybill's office
	Member       Member
	IsMember     bool
	WaybillGiven bool  // the waybill already had the campaign's gift
	PhoneGifts   int   // gifts the phone already had in the campaign
	PhoneItems   int   // the phone's walk-in items at the campaign's offices in the period, this one included
	SpentFen     int64 // gift cost handed out in the campaign so far
}

// CampaignSummary is a campaign in a list: its gifts so far.
type CampaignSummary struct {
	Campaign
	Gifts   int
	CostFen int64
}

// MemberCount is the members one staff member recruited at one office
// in a month, with the target set for them (0 when none).
type MemberCount struct {
	City       string
	OfficeCode string
	OfficeName string
	StaffID    string // "" for members without a known recruiter
	StaffName  string
	Members    int
	Target     int
}

// MemberTarget is a month's target of new members for an office (StaffID
// empty) or for one of its staff.
type MemberTarget struct {
	Month      Month
	OfficeCode string
	StaffID    string
	Target     int
}

// Conversion is how many of an office's walk-in phones of a month that
// were not members before it joined the e-channel in it.
type Conversion struct {
	City       string
	OfficeCode string
	OfficeName string
	Phones     int // walk-in phones that shipped and were not members before the month
	Joined     int // of them, registered in the month
}

// OfficeDay is one office's day: new members and walk-in revenue, for
// the campaign measurement.
type OfficeDay struct {
	OfficeCode string
	Day        Date
	Members    int
	WalkinFen  int64
}

// MemberReturn is a member and the first day after it registered that
// it shipped again (0 if it has not).
type MemberReturn struct {
	Phone        string
	OfficeCode   string
	RegisteredOn Date
	NextShip     Date
}
