package hub

import (
	"context"
	"fmt"
	"time"

	"postcrm"
)

// Store is what the hub board reads and writes.
type Store interface {
	SaveHub(ctx context.Context, h Hub) error
	Hubs(ctx context.Context) ([]Hub, error)
	HubSettings(ctx context.Context, hub string) (Settings, error)
	SaveHubSettings(ctx context.Context, s Settings) error
	// SaveHubVehicles upserts by hub, vehicle and arrival.
	SaveHubVehicles(ctx context.Context, vs []Vehicle) (postcrm.WriteResult, error)
	// HubVehicles lists the hub's vehicles that arrived by at and had not
	// finished unloading by since (a zero since: all), by arrival.
	HubVehicles(ctx context.Context, hub string, since, at time.Time) ([]Vehicle, error)
	SaveHubCounts(ctx context.Context, cs []CountSnapshot) (postcrm.WriteResult, error)
	// HubCountsAt is the latest snapshot at or before at; ErrNotFound if none.
	HubCountsAt(ctx context.Context, hub string, at time.Time) (CountSnapshot, error)
	SaveHubRoster(ctx context.Context, rs []RosterEntry) (postcrm.WriteResult, error)
	SaveHubQuotas(ctx context.Context, qs []Quota) (postcrm.WriteResult, error)
	// HubRoster and HubQuotas list the days from..to of the hub.
	HubRoster(ctx context.Context, hub string, from, to postcrm.Date) ([]RosterEntry, error)
	HubQuotas(ctx context.Context, hub string, from, to postcrm.Date) ([]Quota, error)
}

// Load reads what a board as of at needs and computes it.
func Load(ctx context.Context, s Store, code string, at time.Time) (Board, error) {
	h, err := findHub(ctx, s, code)
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

// findHub is the registered hub of that code, or an error naming it.
func findHub(ctx context.Context, s Store, code string) (Hub, error) {
	hubs, err := s.Hubs(ctx)
	if err != nil {
		return Hub{}, err
	}
	for _, h := range hubs {
		if h.Code == code {
			return h, nil
		}
	}
	return Hub{}, fmt.Errorf("中心“%s”没有登记，请先用 postcrm hub add 登记: %w", code, postcrm.ErrNotFound)
}
