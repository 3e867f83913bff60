package campaign

import (
	"context"

	"postcrm"
)

// Source is the province-wide data the measurement reads: the comparison
// offices are outside any one manager's scope, so the web application
// holds a Source inside a function and shows only the measurement.
type Source interface {
	Offices(ctx context.Context) ([]postcrm.Office, error)
	OfficeDays(ctx context.Context, from, to postcrm.Date) ([]postcrm.OfficeDay, error)
	MemberReturns(ctx context.Context, from, to postcrm.Date) ([]postcrm.MemberReturn, postcrm.Date, error)
}

// Store is the campaigns and the member growth as the web application
// works them: every read within the caller's Scope, every write by an
// actor within theirs.
type Store interface {
	Campaigns(ctx context.Context, sc postcrm.Scope) ([]postcrm.CampaignSummary, error)
	Campaign(ctx context.Context, sc postcrm.Scope, id int64) (postcrm.CampaignSummary, error)
	SaveCampaign(ctx context.Context, sc postcrm.Scope, c postcrm.Campaign, a postcrm.Actor) (postcrm.Campaign, error)
	RecordGift(ctx context.Context, sc postcrm.Scope, g postcrm.Gift, a postcrm.Actor) (postcrm.Gift, error)
	Gifts(ctx context.Context, sc postcrm.Scope, campaignID int64) ([]postcrm.Gift, error)
	MemberCounts(ctx context.Context, sc postcrm.Scope, month postcrm.Month) ([]postcrm.MemberCount, error)
	MemberTargets(ctx context.Context, sc postcrm.Scope, month postcrm.Month) ([]postcrm.MemberTarget, error)
	SetMemberTarget(ctx context.Context, sc postcrm.Scope, t postcrm.MemberTarget, a postcrm.Actor) error
	Conversions(ctx context.Context, sc postcrm.Scope, month postcrm.Month) ([]postcrm.Conversion, error)
}
