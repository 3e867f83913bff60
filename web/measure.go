package web

import (
	"context"

	"postcrm"
	"postcrm/followup"
)

// measurer measures a month's follow-up, as read in some scope, against
// the later month's analysis of the whole province (see followup.Cache).
// It holds the province-wide reads that analysis needs inside functions,
// so that no handler can call them.
type measurer struct {
	cases      func(ctx context.Context, m postcrm.FollowupMonth, lag int) ([]followup.Case, error)
	warmLatest func(ctx context.Context, latest postcrm.Month) ([]followup.MonthLag, error)
}

func measurerOf(src followup.VersionedSource, cache *followup.Cache) measurer {
	return measurer{
		cases: func(ctx context.Context, m postcrm.FollowupMonth, lag int) ([]followup.Case, error) {
			return cache.Cases(ctx, src, m, lag)
		},
		warmLatest: func(ctx context.Context, latest postcrm.Month) ([]followup.MonthLag, error) {
			return cache.WarmLatest(ctx, src, latest)
		},
	}
}
