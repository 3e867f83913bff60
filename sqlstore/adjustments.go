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
	steps, err := queryAll(ctx, s, "SELECT step, actor, at, note FROM adjustment_steps WHERE adjustment_id = ? ORDER BY seq",
		[]any{id}, scanStep)
	if err != nil {
		return postcrm.Adjustment{}, nil, fmt.Errorf("read steps of adjustment %q: %w", id, err)
	}
	return r.adjustment(), steps, nil
}

func scanStep(sc scanner, st *postcrm.AdjustmentStep) error {
	var step string
	var at int64
	err := sc.Scan(&step, &st.Actor, &at, &st.Note)
	st.Step, st.At = postcrm.AdjustmentStatus(step), time.Unix(at, 0).In(postcrm.ChinaTime)
	return err
}

// RecordAdjustment writes a (new or changed) adjustment with the step
// that brought it to its status, and the step's audit entry, in one
// transaction. The step's At is the time of the change.
func (s *Store) RecordAdjustment(ctx context.Context, a postcrm.Adjustment, st postcrm.AdjustmentStep) error {
	r := rowOf(&a)
	err := s.inTx(ctx, func(w *writer) error {
		if err := w.bump(versionImports); err != nil {
			return err
		}
		if err := w.writeRows(&adjustmentsTable.upsert, 1, func(_ int, x []any) []any { return adjustmentsTable.args(&r, x) }); err != nil {
			return err
		}
		var seq int64
		err := w.tx.QueryRowContext(ctx, s.rebind("SELECT COALESCE(MAX(seq), 0) FROM adjustment_steps WHERE adjustment_id = ?"), a.ID).Scan(&seq)
		if err != nil {
			return err
		}
		if err := s.exec(ctx, w.tx, "INSERT INTO adjustment_steps (adjustment_id, seq, step, actor, at, note) VALUES (?, ?, ?, ?, ?, ?)",
			a.ID, seq+1, string(st.Step), st.Actor, st.At.Unix(), st.Note); err != nil {
			return err
		}
		return w.auditEntries([]postcrm.AuditEntry{{At: st.At, User: st.Actor, Action: postcrm.AuditDataChange,
			Target: "adjustment " + a.ID, Detail: fmt.Sprintf("%s：%s %s %s", st.Step, a.Scope, a.Kind.Name(), a.What())}})
	})
	if err != nil {
		return fmt.Errorf("record adjustment %q: %w", a.ID, err)
	}
	return nil
}

// CustomerMix streams the customer_mix rows of the months from..to
// (YYYYMM, inclusive), by customer.
func (s *Store) CustomerMix(ctx context.Context, from, to int, fn func(postcrm.MixRow) error) error {
	q := "SELECT customer_code, month, dim, value, items FROM customer_mix WHERE month >= ? AND month <= ? ORDER BY customer_code"
	return stream(ctx, s, q, []any{int64(from), int64(to)}, func(sc scanner, r *postcrm.MixRow) error {
		var month int64
		err := sc.Scan(&r.CustomerCode, &month, &r.Dim, &r.Value, &r.Items)
		r.Month = int(month)
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
