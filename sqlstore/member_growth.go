package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"postcrm"
)

// memberScope is a member row as a scope reads it: by its office, and a
// courier the members they recruited.
var memberScope = scopeCols{office: "m.office_code", owner: "m.staff_id"}

// MemberCounts counts the members registered in month by office and
// recruiter, in sc, with each recruiter's target for the month; staff
// with a target and no member yet are listed with 0.
func (s *Store) MemberCounts(ctx context.Context, sc postcrm.Scope, month postcrm.Month) ([]postcrm.MemberCount, error) {
	from, to := month.First(), month.Last()
	var f filter
	f.add("m.registered_on BETWEEN ? AND ?", int64(from), int64(to))
	if err := f.scope(sc, memberScope); err != nil {
		return nil, err
	}
	q := `SELECT o.city, m.office_code, o.name, m.staff_id, COALESCE(st.name, ''), COUNT(*) FROM members m
		JOIN offices o ON o.code = m.office_code LEFT JOIN staff st ON st.id = m.staff_id` + f.where() +
		` GROUP BY o.city, m.office_code, o.name, m.staff_id, st.name`
	counts, err := queryAll(ctx, s, q, f.args, func(sc scanner, c *postcrm.MemberCount) error {
		return sc.Scan(&c.City, &c.OfficeCode, &c.OfficeName, &c.StaffID, &c.StaffName, &c.Members)
	})
	if err != nil {
		return nil, fmt.Errorf("count members of %d: %w", month, err)
	}
	var t filter
	t.add("m.month = ? AND m.staff_id <> ''", month)
	if err := t.scope(sc, memberScope); err != nil {
		return nil, err
	}
	tq := `SELECT o.city, m.office_code, o.name, m.staff_id, COALESCE(st.name, ''), m.target FROM member_targets m
		JOIN offices o ON o.code = m.office_code LEFT JOIN staff st ON st.id = m.staff_id` + t.where()
	targets, err := queryAll(ctx, s, tq, t.args, func(sc scanner, c *postcrm.MemberCount) error {
		return sc.Scan(&c.City, &c.OfficeCode, &c.OfficeName, &c.StaffID, &c.StaffName, &c.Target)
	})
	if err != nil {
		return nil, fmt.Errorf("read member targets of %d: %w", month, err)
	}
	at := make(map[[2]string]int, len(counts))
	for i, c := range counts {
		at[[2]string{c.OfficeCode, c.StaffID}] = i
	}
	for _, t := range targets {
		if i, ok := at[[2]string{t.OfficeCode, t.StaffID}]; ok {
			counts[i].Target = t.Target
		} else {
			counts = append(counts, t)
		}
	}
	sort.Slice(counts, func(i, j int) bool {
		a, b := counts[i], counts[j]
		if a.Members != b.Members {
			return a.Members > b.Members
		}
		if a.OfficeCode != b.OfficeCode {
			return a.OfficeCode < b.OfficeCode
		}
		return a.StaffID < b.StaffID
	})
	return counts, nil
}

// MemberTargets lists the offices' own targets for month in sc (couriers
// see none: theirs are in MemberCounts).
func (s *Store) MemberTargets(ctx context.Context, sc postcrm.Scope, month postcrm.Month) ([]postcrm.MemberTarget, error) {
	var f filter
	f.add("m.month = ? AND m.staff_id = ''", month)
	if err := f.scope(sc, scopeCols{office: "m.office_code"}); err != nil {
		return nil, err
	}
	ts, err := queryAll(ctx, s, "SELECT m.month, m.office_code, m.staff_id, m.target FROM member_targets m"+f.where()+" ORDER BY m.office_code", f.args,
		func(sc scanner, t *postcrm.MemberTarget) error {
			return sc.Scan(&t.Month, &t.OfficeCode, &t.StaffID, &t.Target)
		})
	if err != nil {
		return nil, fmt.Errorf("read office member targets of %d: %w", month, err)
	}
	return ts, nil
}

// SetMemberTarget sets a month's target for an office or one of its
// staff (postcrm.MemberTarget.Validate says who may).
func (s *Store) SetMemberTarget(ctx context.Context, sc postcrm.Scope, t postcrm.MemberTarget, a postcrm.Actor) error {
	err := s.inTx(ctx, func(w *writer) error {
		o, err := oneRecordTx(w, &officesTable, t.OfficeCode)
		if err != nil {
			return err
		}
		var st postcrm.Staff
		if t.StaffID != "" {
			if st, err = oneRecordTx(w, &staffTable, t.StaffID); err != nil && !errors.Is(err, postcrm.ErrNotFound) {
				return err
			}
		}
		if err := t.Validate(sc, o, st); err != nil {
			return err
		}
		const q = `INSERT INTO member_targets (month, office_code, staff_id, target) VALUES (?, ?, ?, ?)
			ON CONFLICT (month, office_code, staff_id) DO UPDATE SET target = excluded.target`
		if err := s.exec(ctx, w.tx, q, t.Month, t.OfficeCode, t.StaffID, t.Target); err != nil {
			return err
		}
		return w.audit(a, "office:"+t.OfficeCode, fmt.Sprintf("member target %d for %d %s", t.Target, t.Month, t.StaffID))
	})
	if err != nil {
		return fmt.Errorf("set the member target of %s %s: %w", t.OfficeCode, t.StaffID, err)
	}
	return nil
}

// Conversions counts, per office in sc, the walk-in phones that shipped
// there in month and were not members before it, and how many of them
// registered in the month. Couriers own no walk-ins and see none.
func (s *Store) Conversions(ctx context.Context, sc postcrm.Scope, month postcrm.Month) ([]postcrm.Conversion, error) {
	from, to := month.First(), month.Last()
	var f filter
	f.add("wd.day BETWEEN ? AND ? AND (m.phone IS NULL OR m.registered_on >= ?)", int64(from), int64(to), int64(from))
	if err := f.scope(sc, scopeCols{office: "wd.office_code"}); err != nil {
		return nil, err
	}
	q := `SELECT o.city, wd.office_code, o.name, COUNT(DISTINCT wd.phone),
		COUNT(DISTINCT CASE WHEN m.registered_on <= ? THEN wd.phone END)
		FROM walkin_daily wd JOIN offices o ON o.code = wd.office_code LEFT JOIN members m ON m.phone = wd.phone` +
		f.where() + ` GROUP BY o.city, wd.office_code, o.name ORDER BY wd.office_code`
	cs, err := queryAll(ctx, s, q, append([]any{int64(to)}, f.args...), func(sc scanner, c *postcrm.Conversion) error {
		return sc.Scan(&c.City, &c.OfficeCode, &c.OfficeName, &c.Phones, &c.Joined)
	})
	if err != nil {
		return nil, fmt.Errorf("count conversions of %d: %w", month, err)
	}
	return cs, nil
}

// OfficeDays lists, for every office and day from..to that had any, the
// members registered and the walk-in revenue (every walk-in item,
// whatever its channel): the campaign measurement's data, province-wide.
func (s *Store) OfficeDays(ctx context.Context, from, to postcrm.Date) ([]postcrm.OfficeDay, error) {
	const q = `SELECT office_code, day, SUM(members), SUM(fen) FROM (
		SELECT office_code, registered_on AS day, COUNT(*) AS members, 0 AS fen FROM members
			WHERE registered_on BETWEEN ? AND ? GROUP BY office_code, registered_on
		UNION ALL
		SELECT office_code, day, 0, SUM(postage_fen) FROM courier_daily
			WHERE contract = ? AND day BETWEEN ? AND ? GROUP BY office_code, day
	) x GROUP BY office_code, day ORDER BY office_code, day`
	ds, err := queryAll(ctx, s, q, []any{int64(from), int64(to), false, int64(from), int64(to)}, func(sc scanner, d *postcrm.OfficeDay) error {
		var day int64
		err := sc.Scan(&d.OfficeCode, &day, &d.Members, &d.WalkinFen)
		d.Day = postcrm.Date(day)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read office days %s to %s: %w", from, to, err)
	}
	return ds, nil
}

// MemberReturns lists the members registered from..to with the first day
// after registration they shipped again (0 if not yet), and the last day
// with walk-in data: the campaign measurement's retention.
func (s *Store) MemberReturns(ctx context.Context, from, to postcrm.Date) ([]postcrm.MemberReturn, postcrm.Date, error) {
	const q = `SELECT m.phone, m.office_code, m.registered_on, COALESCE(MIN(wd.day), 0) FROM members m
		LEFT JOIN walkin_daily wd ON wd.phone = m.phone AND wd.day > m.registered_on
		WHERE m.registered_on BETWEEN ? AND ? GROUP BY m.phone, m.office_code, m.registered_on`
	rs, err := queryAll(ctx, s, q, []any{int64(from), int64(to)}, func(sc scanner, r *postcrm.MemberReturn) error {
		var reg, next int64
		err := sc.Scan(&r.Phone, &r.OfficeCode, &reg, &next)
		r.RegisteredOn, r.NextShip = postcrm.Date(reg), postcrm.Date(next)
		return err
	})
	if err != nil {
		return nil, 0, fmt.Errorf("read members' returns: %w", err)
	}
	var last int64
	if err := s.db.QueryRowContext(ctx, "SELECT COALESCE(MAX(day), 0) FROM courier_daily").Scan(&last); err != nil {
		return nil, 0, fmt.Errorf("read the last day: %w", err)
	}
	return rs, postcrm.Date(last), nil
}
