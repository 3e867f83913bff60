package hub

import (
	"context"
	"time"

	"postcrm"
)

// Store is what the command line and the imports use: the reads of
// Reader and the province-wide writes.
type Store interface {
	Reader
	SaveHub(ctx context.Context, h Hub) error
	Hubs(ctx context.Context) ([]Hub, error)
	SaveHubSettings(ctx context.Context, s Settings) error
	// SaveHubVehicles upserts by hub, vehicle and arrival.
	SaveHubVehicles(ctx context.Context, vs []Vehicle) (postcrm.WriteResult, error)
	SaveHubCounts(ctx context.Context, cs []CountSnapshot) (postcrm.WriteResult, error)
	SaveHubRoster(ctx context.Context, rs []RosterEntry) (postcrm.WriteResult, error)
	SaveHubQuotas(ctx context.Context, qs []Quota) (postcrm.WriteResult, error)
}

// Load reads what a board as of at needs and computes it.
func Load(ctx context.Context, s Reader, code string, at time.Time) (Board, error) {
	h, err := s.Hub(ctx, code)
	if err != nil {
		return Board{}, err
	}
	set, err := s.HubSettings(ctx, code)
	if err != nil {
		return Board{}, err
	}
	// Nothing finished before the rate window (and the shift's start)
	// counts; the queue is everything else that had arrived by then.
	_, _, start, _ := set.ShiftAt(at)
	since := at.Add(-max(set.RateWindow, time.Hour))
	if start.Before(since) {
		since = start
	}
	in := Input{Hub: h, At: at, Settings: set}
	if in.Vehicles, err = s.HubVehicles(ctx, code, since, at); err != nil {
		return Board{}, err
	}
	switch c, err := s.HubCountsAt(ctx, code, at); {
	case err == nil:
		in.Counts = &c
	case !isNotFound(err):
		return Board{}, err
	}
	from := postcrm.DateOf(at.AddDate(0, 0, -1))
	to := postcrm.DateOf(at.Add(horizon))
	if in.Quotas, err = s.HubQuotas(ctx, code, from, to); err != nil {
		return Board{}, err
	}
	if in.Roster, err = s.HubRoster(ctx, code, from, to); err != nil {
		return Board{}, err
	}
	return Compute(in), nil
}
