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

// adjustmentRow is an adjustment as its row stores it: the lists joined
// with 、, so that the record compares as a value.
type adjustmentRow struct {
	id, scope, kind, provinces, products string
	from, to                             int64
	reason, status                       string
	noticeAt                             int64
}

func rowOf(a *postcrm.Adjustment) adjustmentRow {
	var notice int64
	if !a.NoticeAt.IsZero() {
		notice = a.NoticeAt.Unix()
	}
	return adjustmentRow{a.ID, a.Scope, string(a.Kind), strings.Join(a.Provinces, "、"), strings.Join(a.Products, "、"),
		int64(a.From), int64(a.To), a.Reason, string(a.Status), notice}
}

func (r adjustmentRow) adjustment() postcrm.Adjustment {
	a := postcrm.Adjustment{ID: r.id, Scope: r.scope, Kind: postcrm.AdjustmentKind(r.kind),
		Provinces: postcrm.SplitList(r.provinces), Products: postcrm.SplitList(r.products),
		From: postcrm.Date(r.from), To: postcrm.Date(r.to), Reason: r.reason, Status: postcrm.AdjustmentStatus(r.status)}
	if r.noticeAt != 0 {
		a.NoticeAt = time.Unix(r.noticeAt, 0).In(postcrm.ChinaTime)
	}
	return a
}

var adjustmentsTable = newTable(table[adjustmentRow]{
	name: "adjustments",
	cols: []string{"id", "scope", "kind", "provinces", "products", "from_day", "to_day", "reason", "status", "notice_at"},
	key:  func(r *adjustmentRow) string { return r.id },
	same: equal[adjustmentRow],
	args: func(r *adjustmentRow, a []any) []any {
		return append(a, r.id, r.scope, r.kind, r.provinces, r.products, r.from, r.to, r.reason, r.status, r.noticeAt)
	},
	scan: func(s scanner, r *adjustmentRow) error {
		return s.Scan(&r.id, &r.scope, &r.kind, &r.provinces, &r.products, &r.from, &r.to, &r.reason, &r.status, &r.noticeAt)
	},
})

// applyAdjustments writes a register batch as Apply writes records. The
// register records adjustments the group approved: a row keeps the
// status a stored adjustment reached (lifted stays lifted), and a new
// one is approved.
func (w *writer) applyAdjustments(as []postcrm.Adjustment) (postcrm.WriteResult, error) {
	rows := make([]adjustmentRow, len(as))
	for i := range as {
		if as[i].Status == "" {
			as[i].Status = postcrm.AdjustApproved
		}
		rows[i] = rowOf(&as[i])
	}
	res, _, err := applyRecords(w, &adjustmentsTable, rows)
	return res, err
}

// Adjustments lists every adjustment, latest first day first.
func (s *Store) Adjustments(ctx context.Context) ([]postcrm.Adjustment, error) {
	rows, err := queryAll(ctx, s, adjustmentsTable.selectSQL+" ORDER BY from_day DESC, id", nil, adjustmentsTable.scan)
	if err != nil {
		return nil, fmt.Errorf("read adjustments: %w", err)
	}
	out := make([]postcrm.Adjustment, len(rows))
	for i, r := range rows {
		out[i] = r.adjustment()
	}
	return out, nil
}

// Adjustment reads one adjustment and its steps, oldest first.
func (s *Store) Adjustment(ctx context.Context, id string) (postcrm.Adjustment, []postcrm.AdjustmentStep, error) {
	r, err := oneRecord(ctx, s, &adjustmentsTable, id)
	if err != nil {
		return postcrm.Adjustment{}, nil, err
	}
	steps, err := queryAll(ctx, s, "SELECT step, actor, actor_name, at, note FROM adjustment_steps WHERE adjustment_id = ? ORDER BY seq",
		[]any{id}, scanStep)
	if err != nil {
		return postcrm.Adjustment{}, nil, fmt.Errorf("read steps of adjustment %q: %w", id, err)
	}
	return r.adjustment(), steps, nil
}

func scanStep(sc scanner, st *postcrm.AdjustmentStep) error {
	var step string
	var at int64
	err := sc.Scan(&step, &st.Actor, &st.ActorName, &at, &st.Note)
	st.Step, st.At = postcrm.AdjustmentStatus(step), time.Unix(at, 0).In(postcrm.ChinaTime)
	return err
}

// RecordAdjustment writes an adjustment brought to its status by step
// st from status prior ("" for a new one), the step and its audit entry,
// and, for an approval or a lifting, a notice to each office manager and
// courier of the offices in its scope, in one transaction. A stored
// status other than prior (someone else took a step meanwhile, or the
// 编号 is taken) is ErrConflict and writes nothing.
func (s *Store) RecordAdjustment(ctx context.Context, a postcrm.Adjustment, st postcrm.AdjustmentStep, prior postcrm.AdjustmentStatus) error {
	r := rowOf(&a)
	err := s.inTx(ctx, func(w *writer) error {
		var status string
		err := w.tx.QueryRowContext(ctx, s.rebind("SELECT status FROM adjustments WHERE id = ?"), a.ID).Scan(&status)
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return err
		}
		if postcrm.AdjustmentStatus(status) != prior {
			return fmt.Errorf("adjustment %q is %q, not %q: %w", a.ID, status, prior, postcrm.ErrConflict)
		}
		if err := w.bump(versionImports); err != nil {
			return err
		}
		if err := w.writeRows(&adjustmentsTable.upsert, 1, func(_ int, x []any) []any { return adjustmentsTable.args(&r, x) }); err != nil {
			return err
		}
		var seq int64
		err = w.tx.QueryRowContext(ctx, s.rebind("SELECT COALESCE(MAX(seq), 0) FROM adjustment_steps WHERE adjustment_id = ?"), a.ID).Scan(&seq)
		if err != nil {
			return err
		}
		if err := s.exec(ctx, w.tx, "INSERT INTO adjustment_steps (adjustment_id, seq, step, actor, actor_name, at, note) VALUES (?, ?, ?, ?, ?, ?, ?)",
			a.ID, seq+1, string(st.Step), st.Actor, st.ActorName, st.At.Unix(), st.Note); err != nil {
			return err
		}
		if kind, ok := postcrm.NoticeKindOf(a, st); ok {
			if err := w.adjustmentNotices(a, kind, st.At); err != nil {
				return err
			}
		}
		verb := st.Step.Name()
		if prior == postcrm.AdjustDrafted && st.Step == postcrm.AdjustDrafted {
			verb = "修改草稿"
		}
		return w.auditEntries([]postcrm.AuditEntry{{At: st.At, User: st.Actor, Action: postcrm.AuditDataChange,
			Target: "adjustment " + a.ID, Detail: fmt.Sprintf("%s：%s %s%s", verb, a.ID, a.Period(), a.What())}})
	})
	if err != nil {
		return fmt.Errorf("record adjustment %q: %w", a.ID, err)
	}
	return nil
}

// NotifyAdjustmentsInForce writes, at at, the in-force notice of every
// approved adjustment in force on today to each office manager and
// courier in its scope, and returns how many notices are new: the
// outbox keeps one notice per event ID, so a notice written at approval
// or by an earlier run is not written again.
func (s *Store) NotifyAdjustmentsInForce(ctx context.Context, today postcrm.Date, at time.Time) (int, error) {
	var added int64
	err := s.inTx(ctx, func(w *writer) error {
		rows, err := queryAllTx(w, adjustmentsTable.selectSQL+" WHERE status = ? AND from_day <= ? AND (to_day = 0 OR to_day >= ?) ORDER BY id",
			[]any{string(postcrm.AdjustApproved), int64(today), int64(today)}, adjustmentsTable.scan)
		if err != nil {
			return err
		}
		count := func() (n int64, err error) {
			err = w.tx.QueryRowContext(ctx, s.rebind("SELECT COUNT(*) FROM notices WHERE kind = ?"), string(postcrm.NoticeAdjustmentInForce)).Scan(&n)
			return n, err
		}
		before, err := count()
		if err != nil {
			return err
		}
		for _, r := range rows {
			if err := w.adjustmentNotices(r.adjustment(), postcrm.NoticeAdjustmentInForce, at); err != nil {
				return err
			}
		}
		after, err := count()
		added = after - before
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("notify the adjustments in force on %s: %w", today, err)
	}
	return int(added), nil
}

// adjustmentNotices writes the notice of kind to each office manager and
// courier of the offices in a's scope.
func (w *writer) adjustmentNotices(a postcrm.Adjustment, kind postcrm.NoticeKind, at time.Time) error {
	const q = `SELECT s.id, s.name, s.role, o.code, o.name, o.city FROM staff s JOIN offices o ON o.code = s.office_code
WHERE s.role IN ('courier', 'office_manager') AND (? = '全省' OR o.code = ? OR o.city = ?) ORDER BY s.id`
	type recipient struct {
		s postcrm.Staff
		o postcrm.Office
	}
	rs, err := queryAllTx(w, q, []any{a.Scope, a.Scope, a.Scope}, func(sc scanner, r *recipient) error {
		var role string
		err := sc.Scan(&r.s.ID, &r.s.Name, &role, &r.o.Code, &r.o.Name, &r.o.City)
		r.s.Role = postcrm.Role(role)
		return err
	})
	if err != nil {
		return fmt.Errorf("read the staff in scope of adjustment %q: %w", a.ID, err)
	}
	ns := make([]postcrm.Notice, len(rs))
	for i, r := range rs {
		ns[i] = postcrm.AdjustmentNotice(a, kind, r.s, r.o, at)
	}
	_, err = w.writeChunks("INSERT", &insertNotices, len(ns), func(i int, args []any) []any {
		n := &ns[i]
		return append(args, n.EventID, string(n.Kind), int64(0), n.Recipient, n.RecipientName, n.OfficeCode, n.OfficeName, n.City,
			"", "", n.CustomerName, "", n.Reason, int64(0), int64(0),
			int64(0), unixNano(n.CreatedAt), int64(0), unixNano(n.NextAt), int64(0), "")
	}, false)
	if err != nil {
		return fmt.Errorf("write %d notices of adjustment %q: %w", len(ns), a.ID, err)
	}
	return nil
}

// adjustmentInScope is the condition on an adjustment's row that sc
// sees: the province every adjustment; a city manager those of the
// province, their city and its offices; office staff the approved (or
// lifted) ones of the province, their office's city and their office:
// drafts and refused requests are the managers' business, not the
// counter's.
func adjustmentInScope(sc postcrm.Scope) (string, []any) {
	switch sc.Role {
	case postcrm.RoleProvinceAdmin:
		return "1 = 1", nil
	case postcrm.RoleCityManager:
		return "(scope = '全省' OR scope = ? OR scope IN (SELECT code FROM offices WHERE city = ?))", []any{sc.City, sc.City}
	}
	return "(scope = '全省' OR scope = ? OR scope = (SELECT city FROM offices WHERE code = ?)) AND status IN ('approved', 'lifted')",
		[]any{sc.OfficeCode, sc.OfficeCode}
}

// ScopedAdjustments lists the adjustments sc sees whose days touch the
// year (or all, for year 0), latest first day first, each with its steps.
func (s *Store) ScopedAdjustments(ctx context.Context, sc postcrm.Scope, year int) ([]postcrm.AdjustmentRecord, error) {
	cond, args := adjustmentInScope(sc)
	q := adjustmentsTable.selectSQL + " WHERE " + cond
	if year > 0 {
		q += " AND from_day <= ? AND (to_day = 0 OR to_day >= ?)"
		args = append(args, int64(year*10000+1231), int64(year*10000+101))
	}
	rows, err := queryAll(ctx, s, q+" ORDER BY from_day DESC, id", args, adjustmentsTable.scan)
	if err != nil {
		return nil, fmt.Errorf("read adjustments: %w", err)
	}
	out := make([]postcrm.AdjustmentRecord, len(rows))
	index := make(map[string]int, len(rows))
	for i, r := range rows {
		out[i].Adjustment = r.adjustment()
		index[r.id] = i
	}
	if len(rows) == 0 {
		return out, nil
	}
	stepsQ := "SELECT adjustment_id, step, actor, actor_name, at, note FROM adjustment_steps WHERE adjustment_id IN (SELECT id FROM adjustments WHERE " +
		cond + ") ORDER BY adjustment_id, seq"
	_, cargs := adjustmentInScope(sc)
	err = each(ctx, s, stepsQ, cargs, func(sc scanner) error {
		var id string
		var st postcrm.AdjustmentStep
		var step string
		var at int64
		if err := sc.Scan(&id, &step, &st.Actor, &st.ActorName, &at, &st.Note); err != nil {
			return err
		}
		st.Step, st.At = postcrm.AdjustmentStatus(step), time.Unix(at, 0).In(postcrm.ChinaTime)
		if i, ok := index[id]; ok {
			out[i].Steps = append(out[i].Steps, st)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read adjustment steps: %w", err)
	}
	return out, nil
}

// ScopedAdjustment reads one adjustment sc sees, with its steps; one
// outside the scope is ErrNotFound.
func (s *Store) ScopedAdjustment(ctx context.Context, sc postcrm.Scope, id string) (postcrm.AdjustmentRecord, error) {
	cond, args := adjustmentInScope(sc)
	var n int64
	q := "SELECT COUNT(*) FROM adjustments WHERE id = ? AND " + cond
	if err := s.db.QueryRowContext(ctx, s.rebind(q), append([]any{id}, args...)...).Scan(&n); err != nil {
		return postcrm.AdjustmentRecord{}, fmt.Errorf("read adjustment %q: %w", id, err)
	}
	if n == 0 {
		return postcrm.AdjustmentRecord{}, fmt.Errorf("adjustment %q: %w", id, postcrm.ErrNotFound)
	}
	a, steps, err := s.Adjustment(ctx, id)
	return postcrm.AdjustmentRecord{Adjustment: a, Steps: steps}, err
}

// AdjustmentNamesIn is what a form's adjustment may name, for sc: the
// cities and offices (sc's own city's only, for a city manager), the
// provinces and products.
func (s *Store) AdjustmentNamesIn(ctx context.Context, sc postcrm.Scope) (postcrm.AdjustmentKnown, error) {
	k := postcrm.AdjustmentKnown{Cities: map[string]bool{}, Offices: map[string]bool{}, Provinces: map[string]bool{}, Products: map[string]bool{}}
	offices, err := s.Offices(ctx)
	if err != nil {
		return k, err
	}
	for _, o := range offices {
		if sc.Role == postcrm.RoleProvinceAdmin || o.City == sc.City {
			k.Offices[o.Code] = true
			if o.City != "" {
				k.Cities[o.City] = true
			}
		}
	}
	for _, p := range postcrm.Provinces {
		k.Provinces[p] = true
	}
	for dim, set := range map[string]map[string]bool{"d": k.Provinces, "p": k.Products} {
		vs, err := s.MixValues(ctx, dim)
		if err != nil {
			return k, err
		}
		for _, v := range vs {
			set[v] = true
		}
	}
	return k, nil
}

// CustomerMix streams the customer_mix rows of the months from..to
// (inclusive), by customer.
func (s *Store) CustomerMix(ctx context.Context, from, to postcrm.Month, fn func(postcrm.MixRow) error) error {
	q := "SELECT customer_code, month, dim, value, items FROM customer_mix WHERE month >= ? AND month <= ? ORDER BY customer_code"
	return stream(ctx, s, q, []any{int64(from), int64(to)}, func(sc scanner, r *postcrm.MixRow) error {
		var month int64
		err := sc.Scan(&r.CustomerCode, &month, &r.Dim, &r.Value, &r.Items)
		r.Month = postcrm.Month(month)
		return err
	}, fn)
}

// MixValues lists the destination provinces (dim "d") or products ("p")
// the contract customers' waybills name.
func (s *Store) MixValues(ctx context.Context, dim string) ([]string, error) {
	out, err := queryAll(ctx, s, "SELECT DISTINCT value FROM customer_mix WHERE dim = ? ORDER BY value", []any{dim},
		func(sc scanner, v *string) error { return sc.Scan(v) })
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("read %s values: %w", dim, err)
	}
	return out, nil
}
