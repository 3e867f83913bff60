package hub

import (
	"context"
	"fmt"
	"time"

	"postcrm"
)

// Reader is what a board reads of one hub.
type Reader interface {
	// Hub is the registered hub of that code, ErrNotFound if none.
	Hub(ctx context.Context, code string) (Hub, error)
	HubSettings(ctx context.Context, hub string) (Settings, error)
	// HubVehicles lists the hub's vehicles that arrived by at and had not
	// finished unloading by since (a zero since: all), by arrival.
	HubVehicles(ctx context.Context, hub string, since, at time.Time) ([]Vehicle, error)
	// HubCountsAt is the latest snapshot at or before at; ErrNotFound if none.
	HubCountsAt(ctx context.Context, hub string, at time.Time) (CountSnapshot, error)
	// HubRoster and HubQuotas list the days from..to of the hub.
	HubRoster(ctx context.Context, hub string, from, to postcrm.Date) ([]RosterEntry, error)
	HubQuotas(ctx context.Context, hub string, from, to postcrm.Date) ([]Quota, error)
}

// Link is a read-only link to a hub's wall screen, known by the SHA-256
// of its token; ID is the hash's first 12 hex digits, which the pages
// name it by.
type Link struct {
	ID        string
	TokenHash string
	Hub       string
	CreatedAt time.Time
	CreatedBy string
	RevokedAt time.Time // zero while the link works
}

// ScopedStore is the hub board as the web application's users work it:
// every read within the user's Scope, every write by an actor within it.
// A hub is in a scope when the scope is the province's or its city is
// the hub's; couriers have none. The hub's managers, who change its
// settings, enter vehicles at the dock and hand out wall-screen links,
// are the province administrators and the city managers of its city. A
// branch coordinator is an office manager, whose branch in the roster is
// their office code: they see the names of their own branch's volunteers
// only (the others' count, unnamed) and record their attendance.
type ScopedStore interface {
	ScopedHubs(ctx context.Context, sc postcrm.Scope) ([]Hub, error)
	ScopedHub(ctx context.Context, sc postcrm.Scope, code string) (Hub, error)
	ScopedHubSettings(ctx context.Context, sc postcrm.Scope, code string) (Settings, error)
	ScopedHubVehicles(ctx context.Context, sc postcrm.Scope, code string, since, at time.Time) ([]Vehicle, error)
	ScopedHubCountsAt(ctx context.Context, sc postcrm.Scope, code string, at time.Time) (CountSnapshot, error)
	ScopedHubQuotas(ctx context.Context, sc postcrm.Scope, code string, from, to postcrm.Date) ([]Quota, error)
	ScopedHubRoster(ctx context.Context, sc postcrm.Scope, code string, from, to postcrm.Date) ([]RosterEntry, error)
	ScopedHubLinks(ctx context.Context, sc postcrm.Scope, code string) ([]Link, error)

	SaveScopedHubSettings(ctx context.Context, sc postcrm.Scope, s Settings, a postcrm.Actor) error
	SaveScopedHubVehicle(ctx context.Context, sc postcrm.Scope, v Vehicle, a postcrm.Actor) error
	SetScopedRosterStatus(ctx context.Context, sc postcrm.Scope, e RosterEntry, a postcrm.Actor) error
	// SaveScopedHubCounts keeps one count snapshot entered by a manager
	// of the hub (a later one of the same moment replaces it).
	SaveScopedHubCounts(ctx context.Context, sc postcrm.Scope, c CountSnapshot, a postcrm.Actor) error
	// AddScopedRosterVolunteer puts a named volunteer on a shift: the
	// hub's managers for any branch, an office manager for their own.
	AddScopedRosterVolunteer(ctx context.Context, sc postcrm.Scope, e RosterEntry, a postcrm.Actor) error
	CreateScopedHubLink(ctx context.Context, sc postcrm.Scope, code, tokenHash string, a postcrm.Actor) error
	RevokeScopedHubLink(ctx context.Context, sc postcrm.Scope, code, id string, a postcrm.Actor) error
}

// WallStore is what the wall screen reads: the link by its token's hash,
// then the hub's board. The web application holds it inside a function
// that answers for one link, never in a handler's store.
type WallStore interface {
	Reader
	HubLink(ctx context.Context, tokenHash string) (Link, error)
}

// In binds a scoped store to a scope, as the Reader a board is loaded from.
func In(s ScopedStore, sc postcrm.Scope) Reader { return scoped{s, sc} }

type scoped struct {
	s  ScopedStore
	sc postcrm.Scope
}

func (r scoped) Hub(ctx context.Context, code string) (Hub, error) {
	return r.s.ScopedHub(ctx, r.sc, code)
}
func (r scoped) HubSettings(ctx context.Context, code string) (Settings, error) {
	return r.s.ScopedHubSettings(ctx, r.sc, code)
}
func (r scoped) HubVehicles(ctx context.Context, code string, since, at time.Time) ([]Vehicle, error) {
	return r.s.ScopedHubVehicles(ctx, r.sc, code, since, at)
}
func (r scoped) HubCountsAt(ctx context.Context, code string, at time.Time) (CountSnapshot, error) {
	return r.s.ScopedHubCountsAt(ctx, r.sc, code, at)
}
func (r scoped) HubRoster(ctx context.Context, code string, from, to postcrm.Date) ([]RosterEntry, error) {
	return r.s.ScopedHubRoster(ctx, r.sc, code, from, to)
}
func (r scoped) HubQuotas(ctx context.Context, code string, from, to postcrm.Date) ([]Quota, error) {
	return r.s.ScopedHubQuotas(ctx, r.sc, code, from, to)
}

// MayEditBranch says whether sc may change a volunteer of branch on a
// hub it can see: the hub's managers (city and province) any branch, an
// office manager, as its branch coordinator, only their own office.
// Another branch, and any other role, is ErrNotFound: unseen, not
// forbidden, as scoped reads answer.
func MayEditBranch(sc postcrm.Scope, branch string) error {
	switch sc.Role {
	case postcrm.RoleProvinceAdmin, postcrm.RoleCityManager:
		return nil
	case postcrm.RoleOfficeManager:
		if branch == sc.OfficeCode {
			return nil
		}
		return fmt.Errorf("volunteer of branch %q: %w", branch, postcrm.ErrNotFound)
	}
	return fmt.Errorf("roster: %w", postcrm.ErrNotFound)
}
