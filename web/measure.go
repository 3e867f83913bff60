package web

import (
	"context"

	"postcrm"
	"postcrm/calendar"
	"postcrm/followup"
)

// measurer measures a month's follow-up, as read in some scope, against
// the later month's analysis of the whole province (see followup.Cache).
// It holds the province-wide reads that analysis needs inside functions,
// so that no handler can call them.
type measurer struct {
	cases      func(ctx context.Context, cal *calendar.Calendar, m postcrm.FollowupMonth, lag int) ([]followup.Case, error)
	warmLatest func(ctx context.Context, cal *calendar.Calendar, latest int) ([][2]int, error)
}

func measurerOf(src followup.VersionedSource) measurer {
	return measurer{
		cases: func(ctx context.Context, cal *calendar.Calendar, m postcrm.FollowupMonth, lag int) ([]followup.Case, error) {
			return followup.Measurements.Cases(ctx, src, cal, m, lag)
		},
		warmLatest: func(ctx context.Context, cal *calendar.Calendar, latest int) ([][2]int, error) {
			return followup.Measurements.WarmLatest(ctx, src, cal, latest)
		},
	}
}
