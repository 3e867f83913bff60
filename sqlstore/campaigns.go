package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"postcrm"
)

// campaignSeen is the condition that the campaign in col is seen in sc:
// the province sees every campaign, a city manager those with a place in
// their city, office staff those their office runs.
func campaignSeen(sc postcrm.Scope, col string) (string, []any, error) {
	switch sc.Role {
	case postcrm.RoleProvinceAdmin:
		return "1 = 1", nil, nil
	case postcrm.RoleCityManager:
		if sc.City == "" {
			return "", nil, errors.New("city manager's scope without a city")
		}
		return col + " IN (SELECT campaign_id FROM campaign_places WHERE city = ? OR office_code IN (SELECT code FROM offices WHERE city = ?))",
			[]any{sc.City, sc.City}, nil
	case postcrm.RoleOfficeManager, postcrm.RoleCourier:
		if sc.OfficeCode == "" {
			return "", nil, errors.New("office staff's scope without an office")
		}
		return col + " IN (SELECT campaign_id FROM campaign_places WHERE office_code = ? OR city IN (SELECT city FROM offices WHERE code = ?))",
			[]any{sc.OfficeCode, sc.OfficeCode}, nil
	}
	return "", nil, fmt.Errorf("scope of unknown role %q", sc.Role)
}

const campaignSelect = `SELECT c.id, c.name, c.from_day, c.to_day, c.channels, c.products, c.rule, c.every_n, c.per_phone,
	c.gift, c.gift_cost_fen, c.budget_fen, c.created_by, c.created_at,
	(SELECT COUNT(*) FROM campaign_gifts g WHERE g.campaign_id = c.id),
	(SELECT COALESCE(SUM(g.cost_fen), 0) FROM campaign_gifts g WHERE g.campaign_id = c.id)
	FROM campaigns c`

func scanCampaign(sc scanner, c *postcrm.CampaignSummary) error {
	var from, to, at int64
	var channels, products, rule string
	err := sc.Scan(&c.ID, &c.Name, &from, &to, &channels, &products, &rule, &c.EveryN, &c.PerPhone,
		&c.Gift, &c.GiftCostFen, &c.BudgetFen, &c.CreatedBy, &at, &c.Gifts, &c.CostFen)
	c.From, c.To, c.Rule, c.CreatedAt = postcrm.Date(from), postcrm.Date(to), postcrm.CampaignRule(rule), fromUnixNano(at)
	for _, ch := range splitList(channels) {
		c.Channels = append(c.Channels, postcrm.Channel(ch))
	}
	c.Products = splitList(products)
	return err
}

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// Campaigns lists the campaigns seen in sc, the latest first, with their
// gifts so far (all of them: the budget is the campaign's).
func (s *Store) Campaigns(ctx context.Context, sc postcrm.Scope) ([]postcrm.CampaignSummary, error) {
	cond, args, err := campaignSeen(sc, "c.id")
	if err != nil {
		return nil, err
	}
	cs, err := queryAll(ctx, s, campaignSelect+" WHERE "+cond+" ORDER BY c.from_day DESC, c.id DESC", args, scanCampaign)
	if err != nil {
		return nil, fmt.Errorf("read campaigns: %w", err)
	}
	for i := range cs {
		if err := s.campaignPlaces(ctx, s.db, &cs[i].Campaign); err != nil {
			return nil, err
		}
	}
	return cs, nil
}

// Campaign reads one campaign seen in sc; ErrNotFound otherwise.
func (s *Store) Campaign(ctx context.Context, sc postcrm.Scope, id int64) (postcrm.CampaignSummary, error) {
	cond, args, err := campaignSeen(sc, "c.id")
	if err != nil {
		return postcrm.CampaignSummary{}, err
	}
	cs, err := queryAll(ctx, s, campaignSelect+" WHERE c.id = ? AND "+cond, append([]any{id}, args...), scanCampaign)
	if err != nil {
		return postcrm.CampaignSummary{}, fmt.Errorf("read campaign %d: %w", id, err)
	}
	if len(cs) == 0 {
		return postcrm.CampaignSummary{}, fmt.Errorf("campaign %d: %w", id, postcrm.ErrNotFound)
	}
	return cs[0], s.campaignPlaces(ctx, s.db, &cs[0].Campaign)
}

type querier interface {
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
}

func (s *Store) campaignPlaces(ctx context.Context, db querier, c *postcrm.Campaign) error {
	rows, err := db.QueryContext(ctx, s.rebind("SELECT office_code, city FROM campaign_places WHERE campaign_id = ? ORDER BY office_code, city"), c.ID)
	if err != nil {
		return fmt.Errorf("read campaign %d's places: %w", c.ID, err)
	}
	defer rows.Close()
	c.Offices, c.Cities = nil, nil
	for rows.Next() {
		var office, city string
		if err := rows.Scan(&office, &city); err != nil {
			return err
		}
		if office != "" {
			c.Offices = append(c.Offices, office)
		} else {
			c.Cities = append(c.Cities, city)
		}
	}
	return rows.Err()
}

// SaveCampaign creates (ID 0) or replaces a campaign, checked by its
// rules and against the saver's scope: a city manager keeps to their city
// and changes only the campaigns they see.
func (s *Store) SaveCampaign(ctx context.Context, sc postcrm.Scope, c postcrm.Campaign, a postcrm.Actor) (postcrm.Campaign, error) {
	c.Name, c.Gift = strings.TrimSpace(c.Name), strings.TrimSpace(c.Gift)
	if err := c.Validate(); err != nil {
		return c, err
	}
	err := s.inTx(ctx, func(w *writer) error {
		offices := map[string]postcrm.Office{}
		for _, code := range c.Offices {
			o, err := oneRecordTx(w, &officesTable, code)
			if errors.Is(err, postcrm.ErrNotFound) {
				return &postcrm.Error{Kind: postcrm.ErrInvalid, Code: postcrm.CodeCampaignPlaces, Field: "offices", Message: fmt.Sprintf("没有营业部 %s", code)}
			} else if err != nil {
				return err
			}
			offices[code] = o
		}
		for _, city := range c.Cities {
			if err := w.placeExists("", city); err != nil {
				return &postcrm.Error{Kind: postcrm.ErrInvalid, Code: postcrm.CodeCampaignPlaces, Field: "offices", Message: fmt.Sprintf("没有地市 %s", city)}
			}
		}
		if err := c.ValidateScope(sc, offices); err != nil {
			return err
		}
		channels := make([]string, len(c.Channels))
		for i, ch := range c.Channels {
			channels[i] = string(ch)
		}
		args := []any{c.Name, int64(c.From), int64(c.To), strings.Join(channels, ","), strings.Join(c.Products, ","), string(c.Rule),
			c.EveryN, c.PerPhone, c.Gift, c.GiftCostFen, c.BudgetFen}
		if c.ID == 0 {
			c.CreatedBy, c.CreatedAt = a.User, time.Now()
			const ins = `INSERT INTO campaigns (name, from_day, to_day, channels, products, rule, every_n, per_phone, gift, gift_cost_fen, budget_fen, created_by, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`
			if err := w.tx.QueryRowContext(ctx, s.rebind(ins), append(args, c.CreatedBy, unixNano(c.CreatedAt))...).Scan(&c.ID); err != nil {
				return fmt.Errorf("insert campaign: %w", err)
			}
		} else {
			cond, sargs, err := campaignSeen(sc, "id")
			if err != nil {
				return err
			}
			upd := `UPDATE campaigns SET name = ?, from_day = ?, to_day = ?, channels = ?, products = ?, rule = ?, every_n = ?, per_phone = ?,
				gift = ?, gift_cost_fen = ?, budget_fen = ? WHERE id = ? AND ` + cond
			r, err := w.tx.ExecContext(ctx, s.rebind(upd), append(append(args, c.ID), sargs...)...)
			if err != nil {
				return err
			}
			if n, err := r.RowsAffected(); err != nil {
				return err
			} else if n == 0 {
				return fmt.Errorf("campaign %d: %w", c.ID, postcrm.ErrNotFound)
			}
			if err := s.exec(ctx, w.tx, "DELETE FROM campaign_places WHERE campaign_id = ?", c.ID); err != nil {
				return err
			}
		}
		for _, code := range c.Offices {
			if err := s.exec(ctx, w.tx, "INSERT INTO campaign_places (campaign_id, office_code, city) VALUES (?, ?, '')", c.ID, code); err != nil {
				return err
			}
		}
		for _, city := range c.Cities {
			if err := s.exec(ctx, w.tx, "INSERT INTO campaign_places (campaign_id, office_code, city) VALUES (?, '', ?)", c.ID, city); err != nil {
				return err
			}
		}
		return w.audit(a, fmt.Sprintf("campaign:%d", c.ID), fmt.Sprintf("campaign %s saved: %s to %s, %s, gift %s at %s yuan, budget %s yuan",
			c.Name, c.From, c.To, c.Rule, c.Gift, postcrm.Yuan(c.GiftCostFen), postcrm.Yuan(c.BudgetFen)))
	})
	if err != nil {
		return c, fmt.Errorf("save campaign %q: %w", c.Name, err)
	}
	return c, nil
}

func oneRecordTx[R any](w *writer, t *table[R], key string) (R, error) {
	var r R
	err := t.scan(w.tx.QueryRowContext(w.ctx, w.s.rebind(t.selectSQL+" WHERE "+t.cols[0]+" = ?"), key), &r)
	if errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("%s %q: %w", t.name, key, postcrm.ErrNotFound)
	}
	return r, err
}

// waybillInScope reports whether a walk-in waybill's office is one the
// recorder of a gift works in: the province anywhere, a city manager in
// their city, office staff at their office.
func waybillInScope(sc postcrm.Scope, o postcrm.Office) bool {
	switch sc.Role {
	case postcrm.RoleProvinceAdmin:
		return true
	case postcrm.RoleCityManager:
		return o.City == sc.City
	}
	return o.Code == sc.OfficeCode
}

// RecordGift records a gift for a waybill, judged by the campaign's rule
// (postcrm.Campaign.Allows) on what the store holds in the same
// transaction: the waybill, its office, the phone's membership, its gifts
// and items in the campaign, the budget spent. A waybill outside the
// recorder's scope is as one not found.
func (s *Store) RecordGift(ctx context.Context, sc postcrm.Scope, g postcrm.Gift, a postcrm.Actor) (postcrm.Gift, error) {
	g.WaybillNo, g.Phone = strings.TrimSpace(g.WaybillNo), strings.TrimSpace(g.Phone)
	c, err := s.Campaign(ctx, sc, g.CampaignID)
	if err != nil {
		return g, err
	}
	err = s.inTx(ctx, func(w *writer) error {
		var f postcrm.GiftFacts
		wb, err := oneRecordTx(w, &waybillsTable, g.WaybillNo)
		switch {
		case err == nil:
			f.Waybill, f.WaybillFound = wb, true
		case !errors.Is(err, postcrm.ErrNotFound):
			return err
		}
		if f.WaybillFound {
			if f.Office, err = oneRecordTx(w, &officesTable, wb.OfficeCode); err != nil && !errors.Is(err, postcrm.ErrNotFound) {
				return err
			}
			f.WaybillFound = waybillInScope(sc, f.Office)
		}
		m, err := oneRecordTx(w, &membersTable, g.Phone)
		switch {
		case err == nil:
			f.Member, f.IsMember = m, true
		case !errors.Is(err, postcrm.ErrNotFound):
			return err
		}
		row := w.tx.QueryRowContext(ctx, s.rebind(`SELECT
			(SELECT COUNT(*) FROM campaign_gifts WHERE campaign_id = ? AND waybill_no = ?),
			(SELECT COUNT(*) FROM campaign_gifts WHERE campaign_id = ? AND phone = ?),
			(SELECT COALESCE(SUM(cost_fen), 0) FROM campaign_gifts WHERE campaign_id = ?),
			(SELECT COALESCE(SUM(items), 0) FROM walkin_daily WHERE phone = ? AND day BETWEEN ? AND ?
				AND office_code IN (SELECT code FROM offices o WHERE o.code IN (SELECT office_code FROM campaign_places WHERE campaign_id = ?)
					OR o.city IN (SELECT city FROM campaign_places WHERE campaign_id = ? AND office_code = '')))`),
			c.ID, g.WaybillNo, c.ID, g.Phone, c.ID, g.Phone, int64(c.From), int64(c.To), c.ID, c.ID)
		var given int
		if err := row.Scan(&given, &f.PhoneGifts, &f.SpentFen, &f.PhoneItems); err != nil {
			return fmt.Errorf("read the campaign's gifts: %w", err)
		}
		f.WaybillGiven = given > 0
		if err := c.Allows(g, f); err != nil {
			return err
		}
		g.OfficeCode, g.Day, g.CostFen, g.RecordedBy, g.RecordedAt = wb.OfficeCode, wb.Day(), c.GiftCostFen, a.User, time.Now()
		if g.Source == "" {
			g.Source = postcrm.GiftAtCounter
		}
		const ins = `INSERT INTO campaign_gifts (campaign_id, waybill_no, phone, office_code, day, cost_fen, source, recorded_by, recorded_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`
		if err := w.tx.QueryRowContext(ctx, s.rebind(ins), c.ID, g.WaybillNo, g.Phone, g.OfficeCode, int64(g.Day), g.CostFen,
			g.Source, g.RecordedBy, unixNano(g.RecordedAt)).Scan(&g.ID); err != nil {
			return fmt.Errorf("insert gift: %w", err)
		}
		return w.audit(a, fmt.Sprintf("campaign:%d", c.ID), fmt.Sprintf("gift %s for waybill %s to %s (%s)", c.Gift, g.WaybillNo, g.Phone, g.Source))
	})
	if err != nil {
		return g, fmt.Errorf("record gift for waybill %s: %w", g.WaybillNo, err)
	}
	return g, nil
}

// Gifts lists the campaign's gifts in sc, the latest first: a courier
// those they recorded, office and city managers their office's or city's.
func (s *Store) Gifts(ctx context.Context, sc postcrm.Scope, campaignID int64) ([]postcrm.Gift, error) {
	var f filter
	f.add("g.campaign_id = ?", campaignID)
	if err := f.scope(sc, scopeCols{office: "g.office_code", owner: "g.recorded_by"}); err != nil {
		return nil, err
	}
	q := "SELECT g.id, g.campaign_id, g.waybill_no, g.phone, g.office_code, g.day, g.cost_fen, g.source, g.recorded_by, g.recorded_at FROM campaign_gifts g" +
		f.where() + " ORDER BY g.recorded_at DESC, g.id DESC"
	gs, err := queryAll(ctx, s, q, f.args, func(sc scanner, g *postcrm.Gift) error {
		var day, at int64
		err := sc.Scan(&g.ID, &g.CampaignID, &g.WaybillNo, &g.Phone, &g.OfficeCode, &day, &g.CostFen, &g.Source, &g.RecordedBy, &at)
		g.Day, g.RecordedAt = postcrm.Date(day), fromUnixNano(at)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read campaign %d's gifts: %w", campaignID, err)
	}
	return gs, nil
}
