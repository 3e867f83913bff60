package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"postcrm"
	"postcrm/hub"
)

var (
	_ hub.ScopedStore = (*Store)(nil)
	_ hub.WallStore   = (*Store)(nil)
)

// Hub reads a registered hub; ErrNotFound if none.
func (s *Store) Hub(ctx context.Context, code string) (hub.Hub, error) {
	var h hub.Hub
	err := s.db.QueryRowContext(ctx, s.rebind("SELECT code, name, city FROM hubs WHERE code = ?"), code).Scan(&h.Code, &h.Name, &h.City)
	if errors.Is(err, sql.ErrNoRows) {
		return h, fmt.Errorf("中心“%s”没有登记: %w", code, postcrm.ErrNotFound)
	}
	if err != nil {
		return h, fmt.Errorf("read hub %q: %w", code, err)
	}
	return h, nil
}

// hubIn is the hub if it is in the scope: the province's scope holds
// every hub, a city's (its managers' and its offices') the hubs of that
// city; couriers none. Outside, it is ErrNotFound, as a missing one.
func (s *Store) hubIn(ctx context.Context, sc postcrm.Scope, code string) (hub.Hub, error) {
	h, err := s.Hub(ctx, code)
	if err != nil {
		return h, err
	}
	switch sc.Role {
	case postcrm.RoleProvinceAdmin:
		return h, nil
	case postcrm.RoleCityManager, postcrm.RoleOfficeManager:
		if sc.City != "" && sc.City == h.City {
			return h, nil
		}
	}
	return hub.Hub{}, fmt.Errorf("hub %q: %w", code, postcrm.ErrNotFound)
}

// hubManagedBy is the hub if the scope manages it: the province
// administrators and the city managers of its city.
func (s *Store) hubManagedBy(ctx context.Context, sc postcrm.Scope, code string) (hub.Hub, error) {
	h, err := s.hubIn(ctx, sc, code)
	if err != nil {
		return h, err
	}
	if sc.Role != postcrm.RoleProvinceAdmin && sc.Role != postcrm.RoleCityManager {
		return h, &postcrm.Error{Kind: postcrm.ErrNotAllowed, Code: "hub.not_manager", Message: "只有中心所在地市的管理员和省市场部可以修改中心"}
	}
	return h, nil
}

// ScopedHubs lists the hubs in the scope by code.
func (s *Store) ScopedHubs(ctx context.Context, sc postcrm.Scope) ([]hub.Hub, error) {
	all, err := s.Hubs(ctx)
	if err != nil {
		return nil, err
	}
	var in []hub.Hub
	for _, h := range all {
		if _, err := s.hubIn(ctx, sc, h.Code); err == nil {
			in = append(in, h)
		}
	}
	return in, nil
}

// ScopedHub is the hub if it is in the scope.
func (s *Store) ScopedHub(ctx context.Context, sc postcrm.Scope, code string) (hub.Hub, error) {
	return s.hubIn(ctx, sc, code)
}

// ScopedHubSettings are the settings of a hub in the scope.
func (s *Store) ScopedHubSettings(ctx context.Context, sc postcrm.Scope, code string) (hub.Settings, error) {
	if _, err := s.hubIn(ctx, sc, code); err != nil {
		return hub.Settings{}, err
	}
	return s.HubSettings(ctx, code)
}

// ScopedHubVehicles is HubVehicles of a hub in the scope.
func (s *Store) ScopedHubVehicles(ctx context.Context, sc postcrm.Scope, code string, since, at time.Time) ([]hub.Vehicle, error) {
	if _, err := s.hubIn(ctx, sc, code); err != nil {
		return nil, err
	}
	return s.HubVehicles(ctx, code, since, at)
}

// ScopedHubCountsAt is HubCountsAt of a hub in the scope.
func (s *Store) ScopedHubCountsAt(ctx context.Context, sc postcrm.Scope, code string, at time.Time) (hub.CountSnapshot, error) {
	if _, err := s.hubIn(ctx, sc, code); err != nil {
		return hub.CountSnapshot{}, err
	}
	return s.HubCountsAt(ctx, code, at)
}

// ScopedHubQuotas is HubQuotas of a hub in the scope.
func (s *Store) ScopedHubQuotas(ctx context.Context, sc postcrm.Scope, code string, from, to postcrm.Date) ([]hub.Quota, error) {
	if _, err := s.hubIn(ctx, sc, code); err != nil {
		return nil, err
	}
	return s.HubQuotas(ctx, code, from, to)
}

// ScopedHubRoster is HubRoster of a hub in the scope; for an office
// manager, the volunteers of other branches than their office come
// without name and phone: counted, not named.
func (s *Store) ScopedHubRoster(ctx context.Context, sc postcrm.Scope, code string, from, to postcrm.Date) ([]hub.RosterEntry, error) {
	if _, err := s.hubIn(ctx, sc, code); err != nil {
		return nil, err
	}
	rs, err := s.HubRoster(ctx, code, from, to)
	if err != nil || sc.Role != postcrm.RoleOfficeManager {
		return rs, err
	}
	for i := range rs {
		if rs[i].Branch != sc.OfficeCode {
			rs[i].Person, rs[i].Phone = "", ""
		}
	}
	return rs, nil
}

// SaveScopedHubSettings saves the settings of a hub the scope manages.
func (s *Store) SaveScopedHubSettings(ctx context.Context, sc postcrm.Scope, set hub.Settings, a postcrm.Actor) error {
	if _, err := s.hubManagedBy(ctx, sc, set.Hub); err != nil {
		return err
	}
	if err := s.SaveHubSettings(ctx, set); err != nil {
		return err
	}
	return s.Audit(ctx, postcrm.AuditEntry{At: time.Now(), User: a.User, Action: postcrm.AuditDataChange, Addr: a.Addr,
		Target: "hub " + set.Hub, Detail: fmt.Sprintf("中心设置：阈值 %g 小时，黄色 %d 辆起，红色 %d 辆起", set.Threshold.Hours(), set.AmberAt, set.RedAt)})
}

// SaveScopedHubVehicle saves one vehicle entered at the dock of a hub
// the scope manages, as a later row of the same arrival updates it.
func (s *Store) SaveScopedHubVehicle(ctx context.Context, sc postcrm.Scope, v hub.Vehicle, a postcrm.Actor) error {
	if _, err := s.hubManagedBy(ctx, sc, v.Hub); err != nil {
		return err
	}
	if err := v.Validate(); err != nil {
		return err
	}
	if _, err := s.SaveHubVehicles(ctx, []hub.Vehicle{v}); err != nil {
		return err
	}
	return s.Audit(ctx, postcrm.AuditEntry{At: time.Now(), User: a.User, Action: postcrm.AuditDataChange, Addr: a.Addr,
		Target: "hub " + v.Hub + " vehicle " + v.Vehicle, Detail: "卸车登记"})
}

// SetScopedRosterStatus records a rostered volunteer's attendance: the
// hub's managers for anyone, an office manager for their branch only.
func (s *Store) SetScopedRosterStatus(ctx context.Context, sc postcrm.Scope, e hub.RosterEntry, a postcrm.Actor) error {
	if _, err := s.hubIn(ctx, sc, e.Hub); err != nil {
		return err
	}
	if err := hub.MayEditBranch(sc, e.Branch); err != nil {
		return err
	}
	if e.Status != hub.Signed && e.Status != hub.Present && e.Status != hub.NoShow {
		return &postcrm.Error{Kind: postcrm.ErrInvalid, Code: "roster.status", Field: "status", Message: "状态应为报名、到岗或缺勤"}
	}
	var n int64
	err := s.inTx(ctx, func(w *writer) error {
		res, err := w.tx.ExecContext(ctx, s.rebind("UPDATE hub_roster SET status = ? WHERE hub = ? AND day = ? AND shift = ? AND branch = ? AND person = ?"),
			string(e.Status), e.Hub, int64(e.Day), string(e.Shift), e.Branch, e.Person)
		if err != nil {
			return err
		}
		if n, err = res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		return w.audit(a, "hub "+e.Hub+" roster "+e.Person, fmt.Sprintf("%s %s %s：%s", e.Day, e.Shift.Label(), e.Branch, e.Status.Label()))
	})
	if err != nil {
		return fmt.Errorf("set roster status: %w", err)
	}
	if n == 0 {
		return fmt.Errorf("volunteer %q: %w", e.Person, postcrm.ErrNotFound)
	}
	return nil
}

// linkID is how pages name a link: the first 12 hex digits of its hash.
func linkID(tokenHash string) string { return tokenHash[:min(12, len(tokenHash))] }

func scanLink(sc scanner, l *hub.Link) error {
	var created, revoked int64
	err := sc.Scan(&l.TokenHash, &l.Hub, &created, &l.CreatedBy, &revoked)
	l.ID, l.CreatedAt, l.RevokedAt = linkID(l.TokenHash), unixTime(created), unixTime(revoked)
	return err
}

// HubLink is the wall-screen link of a token's hash; ErrNotFound if none.
func (s *Store) HubLink(ctx context.Context, tokenHash string) (hub.Link, error) {
	ls, err := queryAll(ctx, s, "SELECT token_hash, hub, created_at, created_by, revoked_at FROM hub_links WHERE token_hash = ?", []any{tokenHash}, scanLink)
	if err != nil {
		return hub.Link{}, err
	}
	if len(ls) == 0 {
		return hub.Link{}, fmt.Errorf("wall link: %w", postcrm.ErrNotFound)
	}
	return ls[0], nil
}

// ScopedHubLinks lists the wall-screen links of a hub the scope manages.
func (s *Store) ScopedHubLinks(ctx context.Context, sc postcrm.Scope, code string) ([]hub.Link, error) {
	if _, err := s.hubManagedBy(ctx, sc, code); err != nil {
		return nil, err
	}
	return queryAll(ctx, s, "SELECT token_hash, hub, created_at, created_by, revoked_at FROM hub_links WHERE hub = ? ORDER BY created_at DESC, token_hash", []any{code}, scanLink)
}

// CreateScopedHubLink keeps a new wall-screen link's hash.
func (s *Store) CreateScopedHubLink(ctx context.Context, sc postcrm.Scope, code, tokenHash string, a postcrm.Actor) error {
	if _, err := s.hubManagedBy(ctx, sc, code); err != nil {
		return err
	}
	if len(tokenHash) < 32 || strings.Trim(tokenHash, "0123456789abcdef") != "" {
		return fmt.Errorf("wall link: the token's hash %q is not hex SHA-256", tokenHash)
	}
	return s.inTx(ctx, func(w *writer) error {
		if err := s.exec(ctx, w.tx, "INSERT INTO hub_links (token_hash, hub, created_at, created_by, revoked_at) VALUES (?, ?, ?, ?, 0)",
			tokenHash, code, time.Now().Unix(), a.User); err != nil {
			return err
		}
		return w.audit(a, "hub "+code+" link "+linkID(tokenHash), "生成大屏只读链接")
	})
}

// RevokeScopedHubLink revokes a link of a hub the scope manages, by its
// ID; revoking it again keeps the first time.
func (s *Store) RevokeScopedHubLink(ctx context.Context, sc postcrm.Scope, code, id string, a postcrm.Actor) error {
	if _, err := s.hubManagedBy(ctx, sc, code); err != nil {
		return err
	}
	var n int64
	err := s.inTx(ctx, func(w *writer) error {
		res, err := w.tx.ExecContext(ctx, s.rebind("UPDATE hub_links SET revoked_at = CASE WHEN revoked_at = 0 THEN ? ELSE revoked_at END WHERE hub = ? AND substr(token_hash, 1, 12) = ?"),
			time.Now().Unix(), code, id)
		if err != nil {
			return err
		}
		if n, err = res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		return w.audit(a, "hub "+code+" link "+id, "撤销大屏只读链接")
	})
	if err != nil {
		return fmt.Errorf("revoke wall link: %w", err)
	}
	if n == 0 {
		return fmt.Errorf("wall link %q: %w", id, postcrm.ErrNotFound)
	}
	return nil
}

// SaveScopedHubCounts keeps one count snapshot of a hub the scope
// manages, entered on the counts form.
func (s *Store) SaveScopedHubCounts(ctx context.Context, sc postcrm.Scope, c hub.CountSnapshot, a postcrm.Actor) error {
	if _, err := s.hubManagedBy(ctx, sc, c.Hub); err != nil {
		return err
	}
	if err := c.Validate(); err != nil {
		return err
	}
	if _, err := s.SaveHubCounts(ctx, []hub.CountSnapshot{c}); err != nil {
		return err
	}
	return s.Audit(ctx, postcrm.AuditEntry{At: time.Now(), User: a.User, Action: postcrm.AuditDataChange, Addr: a.Addr,
		Target: "hub " + c.Hub + " counts", Detail: fmt.Sprintf("%s 计数：超时 %d/%d/%d，分拣 %d，外包 %d/%d", c.At.In(postcrm.ChinaTime).Format(hub.TimeLayout),
			c.OverdueLE12h, c.Overdue12to24h, c.OverdueGT24h, c.SortedPieces, c.Outsourced, c.OutsourcedBaseline)})
}

// AddScopedRosterVolunteer puts a named volunteer on a hub's shift as
// signed up: the hub's managers for any branch, an office manager for
// their own branch only (another branch is ErrNotFound, as unseen).
func (s *Store) AddScopedRosterVolunteer(ctx context.Context, sc postcrm.Scope, e hub.RosterEntry, a postcrm.Actor) error {
	if _, err := s.hubIn(ctx, sc, e.Hub); err != nil {
		return err
	}
	if err := hub.MayEditBranch(sc, e.Branch); err != nil {
		return err
	}
	e.Status = hub.Signed
	if err := e.Validate(); err != nil {
		return err
	}
	// Adding again must not undo a recorded attendance.
	var n int
	if err := s.db.QueryRowContext(ctx, s.rebind("SELECT COUNT(*) FROM hub_roster WHERE hub = ? AND day = ? AND shift = ? AND branch = ? AND person = ?"),
		e.Hub, int64(e.Day), string(e.Shift), e.Branch, e.Person).Scan(&n); err != nil {
		return fmt.Errorf("read roster: %w", err)
	}
	if n > 0 {
		return &postcrm.Error{Kind: postcrm.ErrInvalid, Code: "roster.already", Field: "person", Message: "此人已在这一班的排班里"}
	}
	if _, err := s.SaveHubRoster(ctx, []hub.RosterEntry{e}); err != nil {
		return err
	}
	return s.Audit(ctx, postcrm.AuditEntry{At: time.Now(), User: a.User, Action: postcrm.AuditDataChange, Addr: a.Addr,
		Target: "hub " + e.Hub + " roster " + e.Person, Detail: fmt.Sprintf("%s %s %s：加入排班", e.Day, e.Shift.Label(), e.Branch)})
}
