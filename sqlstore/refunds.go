package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"postcrm"
)

var _ postcrm.RefundStore = (*Store)(nil)

// refundScope is a case's row, r, joined to its customer, c: an office
// sees its office's cases, a courier those of the customers they own
// (none of a walk-in's).
var refundScope = scopeCols{office: "r.office_code", owner: "COALESCE(c.owner_staff_id, '')"}

const refundFrom = " FROM refund_cases r LEFT JOIN customers c ON c.code = r.customer_code AND r.customer_code <> ''"

var refundCols = []string{"no", "office_code", "city", "customer_code", "customer_name", "postage_fen", "reason", "reject_reason",
	"state", "amount_fen", "paid_fen", "opened_by", "opened_at", "approved_by", "owner", "step_since", "due_at", "level",
	"closed_at", "updated_at"}

func scanRefund(sc scanner, c *postcrm.RefundCase) error {
	var state string
	var opened, since, due, closed, updated, level int64
	err := sc.Scan(&c.No, &c.OfficeCode, &c.City, &c.CustomerCode, &c.CustomerName, &c.PostageFen, &c.Reason, &c.RejectReason,
		&state, &c.AmountFen, &c.PaidFen, &c.OpenedBy, &opened, &c.ApprovedBy, &c.Owner, &since, &due, &level, &closed, &updated)
	c.State, c.Level = postcrm.RefundState(state), int(level)
	c.OpenedAt, c.StepSince, c.DueAt = fromUnixNano(opened), fromUnixNano(since), fromUnixNano(due)
	c.ClosedAt, c.UpdatedAt = fromUnixNano(closed), fromUnixNano(updated)
	return err
}

func refundArgs(c *postcrm.RefundCase) []any {
	return []any{c.No, c.OfficeCode, c.City, c.CustomerCode, c.CustomerName, c.PostageFen, c.Reason, c.RejectReason,
		string(c.State), c.AmountFen, c.PaidFen, c.OpenedBy, unixNano(c.OpenedAt), c.ApprovedBy, c.Owner,
		unixNano(c.StepSince), unixNano(c.DueAt), int64(c.Level), unixNano(c.ClosedAt), unixNano(c.UpdatedAt)}
}

var refundEventCols = []string{"case_no", "seq", "at", "actor", "action", "from_state", "to_state", "amount_fen", "reason",
	"comment", "pay_key", "level", "notified"}

func scanRefundEvent(sc scanner, e *postcrm.RefundEvent) error {
	var at, seq, level int64
	var action, from, to string
	err := sc.Scan(&e.CaseNo, &seq, &at, &e.Actor, &action, &from, &to, &e.AmountFen, &e.Reason, &e.Comment, &e.PayKey, &level, &e.Notified)
	e.Seq, e.At, e.Level = int(seq), fromUnixNano(at), int(level)
	e.Action, e.From, e.To = postcrm.RefundAction(action), postcrm.RefundState(from), postcrm.RefundState(to)
	return err
}

// ChangeRefund reads case no within sc (or, when there is none and
// waybills are given, prepares a new one numbered no, or TFyyyymmdd-n
// when no is empty), reads the facts, lets change decide and writes the
// outcome with its event, audit entry and notice, all in one
// transaction. An outcome without an event writes nothing.
func (s *Store) ChangeRefund(ctx context.Context, sc postcrm.Scope, a postcrm.Actor, no string, waybills []string, change postcrm.RefundChange) (postcrm.RefundCase, error) {
	var out postcrm.RefundCase
	err := s.inTx(ctx, func(w *writer) error {
		var f filter
		if err := f.scope(sc, refundScope); err != nil {
			return err
		}
		var c postcrm.RefundCase
		exists := false
		if no != "" {
			f.add("r.no = ?", no)
			q := "SELECT " + prefixed("r", refundCols) + refundFrom + f.where()
			err := scanRefund(w.tx.QueryRowContext(ctx, s.rebind(q), f.args...), &c)
			switch {
			case err == nil:
				exists = true
			case !errors.Is(err, sql.ErrNoRows):
				return err
			case len(waybills) == 0:
				return postcrm.ErrNotFound
			default:
				// A number taken outside sc is taken all the same.
				var n int
				if err := w.tx.QueryRowContext(ctx, s.rebind("SELECT COUNT(*) FROM refund_cases WHERE no = ?"), no).Scan(&n); err != nil {
					return err
				}
				if n > 0 {
					return &postcrm.Error{Kind: postcrm.ErrConflict, Code: "refund.exists", Field: "no", Message: "退费案件号 " + no + " 已被占用"}
				}
			}
		} else {
			if len(waybills) == 0 {
				return postcrm.ErrNotFound
			}
			var err error
			if no, err = w.nextRefundNo(time.Now()); err != nil {
				return err
			}
		}
		if !exists {
			c = postcrm.RefundCase{No: no}
		}
		facts, err := w.refundFacts(sc, c, exists, waybills)
		if err != nil {
			return err
		}
		o, err := change(c, facts)
		if err != nil {
			return err
		}
		out = o.Case
		if o.Event.Action == "" {
			return nil
		}
		return w.writeRefund(a, exists, o, len(facts.History)+1)
	})
	if err != nil {
		return postcrm.RefundCase{}, fmt.Errorf("refund %s: %w", no, err)
	}
	return out, nil
}

// nextRefundNo numbers a case opened at t: TF, the day, and its count
// on that day. The write lock (SQLite's immediate transactions,
// PostgreSQL's advisory lock) keeps two opens from taking one number.
func (w *writer) nextRefundNo(t time.Time) (string, error) {
	prefix := "TF" + strings.ReplaceAll(postcrm.DateOf(t).String(), "-", "") + "-"
	var n int
	err := w.tx.QueryRowContext(w.ctx, w.s.rebind("SELECT COUNT(*) FROM refund_cases WHERE no LIKE ?"), prefix+"%").Scan(&n)
	return fmt.Sprintf("%s%04d", prefix, n+1), err
}

// refundFacts reads what the rules judge case c on.
func (w *writer) refundFacts(sc postcrm.Scope, c postcrm.RefundCase, exists bool, waybills []string) (postcrm.RefundFacts, error) {
	f := postcrm.RefundFacts{Exists: exists, Waybills: map[string]postcrm.RefundWaybill{}}
	var err error
	nos := waybills
	if exists {
		if nos, err = w.refundWaybillNos(c.No); err != nil {
			return f, err
		}
		if f.History, err = queryAllTx(w, "SELECT "+strings.Join(refundEventCols, ", ")+" FROM refund_events WHERE case_no = ? ORDER BY seq",
			[]any{c.No}, scanRefundEvent); err != nil {
			return f, err
		}
	}
	office, city := c.OfficeCode, c.City
	for _, no := range nos {
		rw, err := w.refundWaybill(no)
		if errors.Is(err, postcrm.ErrNotFound) || (err == nil && !exists && !refundWaybillInScope(sc, rw)) {
			continue
		}
		if err != nil {
			return f, err
		}
		f.Waybills[no] = rw
		if office == "" {
			office, city = rw.OfficeCode, rw.City
		}
	}
	if len(nos) > 0 {
		q := "SELECT COALESCE(SUM(amount_fen), 0) FROM refund_cases WHERE no <> ? AND state IN (?, ?, ?)" +
			" AND no IN (SELECT case_no FROM refund_waybills WHERE waybill_no IN (" + placeholders(len(nos)) + "))"
		args := []any{c.No, string(postcrm.RefundPay), string(postcrm.RefundPaid), string(postcrm.RefundClosed)}
		for _, n := range nos {
			args = append(args, n)
		}
		if err := w.tx.QueryRowContext(w.ctx, w.s.rebind(q), args...).Scan(&f.EarlierFen); err != nil {
			return f, err
		}
	}
	if f.Settings, err = w.refundSettings(); err != nil {
		return f, err
	}
	if f.Reasons, err = w.refundReasons(); err != nil {
		return f, err
	}
	scanID := func(sc scanner, id *string) error { return sc.Scan(id) }
	if f.OfficeManagers, err = queryAllTx(w, "SELECT id FROM staff WHERE role = ? AND office_code = ? ORDER BY id",
		[]any{string(postcrm.RoleOfficeManager), office}, scanID); err != nil {
		return f, err
	}
	f.CityManagers, err = queryAllTx(w, "SELECT id FROM staff WHERE role = ? AND city = ? ORDER BY id",
		[]any{string(postcrm.RoleCityManager), city}, scanID)
	return f, err
}

func (w *writer) refundWaybillNos(no string) ([]string, error) {
	return queryAllTx(w, "SELECT waybill_no FROM refund_waybills WHERE case_no = ? ORDER BY waybill_no", []any{no},
		func(sc scanner, s *string) error { return sc.Scan(s) })
}

// refundWaybill reads a waybill with its office's city and its
// customer's name and owner.
func (w *writer) refundWaybill(no string) (postcrm.RefundWaybill, error) {
	var wb postcrm.Waybill
	err := waybillsTable.scan(w.tx.QueryRowContext(w.ctx, w.s.rebind(waybillsTable.selectSQL+" WHERE waybill_no = ?"), no), &wb)
	if err != nil {
		return postcrm.RefundWaybill{}, notFound(err)
	}
	rw := postcrm.RefundWaybill{No: wb.No, OfficeCode: wb.OfficeCode, CustomerCode: wb.CustomerCode, PostageFen: wb.PostageFen}
	q := "SELECT COALESCE((SELECT city FROM offices WHERE code = ?), ''), COALESCE((SELECT name FROM customers WHERE code = ?), '')," +
		" COALESCE((SELECT owner_staff_id FROM customers WHERE code = ?), '')"
	err = w.tx.QueryRowContext(w.ctx, w.s.rebind(q), wb.OfficeCode, wb.CustomerCode, wb.CustomerCode).Scan(&rw.City, &rw.CustomerName, &rw.OwnerStaffID)
	return rw, err
}

// refundWaybillInScope is the scope's rule over a waybill, in Go: its
// office keeps its office code inside the record's fields.
func refundWaybillInScope(sc postcrm.Scope, w postcrm.RefundWaybill) bool {
	switch sc.Role {
	case postcrm.RoleProvinceAdmin:
		return true
	case postcrm.RoleCityManager:
		return sc.City != "" && w.City == sc.City
	case postcrm.RoleOfficeManager:
		return sc.OfficeCode != "" && w.OfficeCode == sc.OfficeCode
	case postcrm.RoleCourier:
		return sc.StaffID != "" && w.OwnerStaffID == sc.StaffID
	}
	return false
}

// writeRefund writes a decided outcome: the case, a new case's waybills,
// the event numbered seq, the audit entry and the notice.
func (w *writer) writeRefund(a postcrm.Actor, exists bool, o postcrm.RefundOutcome, seq int) error {
	c := &o.Case
	args := refundArgs(c)
	if exists {
		set := make([]string, len(refundCols)-1)
		for i, col := range refundCols[1:] {
			set[i] = col + " = ?"
		}
		q := "UPDATE refund_cases SET " + strings.Join(set, ", ") + " WHERE no = ?"
		if err := w.s.exec(w.ctx, w.tx, q, append(args[1:], c.No)...); err != nil {
			return err
		}
	} else {
		q := "INSERT INTO refund_cases (" + strings.Join(refundCols, ", ") + ") VALUES (" + placeholders(len(refundCols)) + ")"
		if err := w.s.exec(w.ctx, w.tx, q, args...); err != nil {
			return err
		}
		for _, n := range c.Waybills {
			if err := w.s.exec(w.ctx, w.tx, "INSERT INTO refund_waybills (case_no, waybill_no) VALUES (?, ?)", c.No, n); err != nil {
				return err
			}
		}
	}
	e := o.Event
	e.CaseNo, e.Seq = c.No, seq
	q := "INSERT INTO refund_events (" + strings.Join(refundEventCols, ", ") + ") VALUES (" + placeholders(len(refundEventCols)) + ")"
	if err := w.s.exec(w.ctx, w.tx, q, e.CaseNo, int64(e.Seq), unixNano(e.At), e.Actor, string(e.Action), string(e.From), string(e.To),
		e.AmountFen, e.Reason, e.Comment, e.PayKey, int64(e.Level), e.Notified); err != nil {
		return err
	}
	detail := fmt.Sprintf("%s %s→%s", e.Action, e.From, e.To)
	if e.AmountFen != 0 {
		detail += fmt.Sprintf(" amount_fen=%d", e.AmountFen)
	}
	for _, kv := range [][2]string{{"reason", e.Reason}, {"key", e.PayKey}, {"comment", e.Comment}, {"notified", e.Notified}} {
		if kv[1] != "" {
			detail += fmt.Sprintf(" %s=%q", kv[0], kv[1])
		}
	}
	if err := w.audit(a, "refund:"+c.No, detail); err != nil {
		return err
	}
	if o.Notify == "" {
		return nil
	}
	return w.refundNotice(*c, e, o.Notify)
}

// refundNotice writes the outbox's message of a reminder or escalation
// to staff member to, once per event.
func (w *writer) refundNotice(c postcrm.RefundCase, e postcrm.RefundEvent, to string) error {
	st, err := w.staffMember(to)
	if err != nil {
		return err
	}
	office := st.OfficeCode
	if office == "" && st.Role != postcrm.RoleCityManager {
		office = c.OfficeCode
	}
	var officeName, city string
	q := "SELECT COALESCE((SELECT name FROM offices WHERE code = ?), ''), COALESCE((SELECT city FROM offices WHERE code = ?), '')"
	if err := w.tx.QueryRowContext(w.ctx, w.s.rebind(q), office, office).Scan(&officeName, &city); err != nil {
		return err
	}
	if city == "" {
		city = c.City
	}
	kind := postcrm.NoticeRefundRemind
	if e.Action == postcrm.RefundEscalate {
		kind = postcrm.NoticeRefundEscalated
	}
	now := time.Now()
	ins := "INSERT INTO notices (" + strings.Join(noticeCols, ", ") + ") VALUES (" + placeholders(len(noticeCols)) + ") ON CONFLICT (event_id) DO NOTHING"
	return w.s.exec(w.ctx, w.tx, ins, fmt.Sprintf("refund:%s:%d", c.No, e.Seq), string(kind), int64(0), to, st.Name, office, officeName, city,
		c.CustomerCode, "", c.CustomerName, "", "退费案件 "+c.No+"："+e.Comment, int64(0), int64(postcrm.DateOf(c.DueAt)), int64(e.Level),
		unixNano(now), int64(0), unixNano(now), int64(0), "")
}

// RefundCase reads a case with its waybills and history; ErrNotFound
// outside sc.
func (s *Store) RefundCase(ctx context.Context, sc postcrm.Scope, no string) (postcrm.RefundCase, []postcrm.RefundEvent, error) {
	cs, err := s.RefundCases(ctx, sc, postcrm.RefundQuery{No: no})
	if err == nil && len(cs) == 0 {
		err = postcrm.ErrNotFound
	}
	if err != nil {
		return postcrm.RefundCase{}, nil, fmt.Errorf("read refund %s: %w", no, err)
	}
	// With the staff's names, which the case page shows beside their IDs.
	q := "SELECT " + prefixed("e", refundEventCols) + ", COALESCE(sa.name, ''), COALESCE(sn.name, '') FROM refund_events e" +
		" LEFT JOIN staff sa ON sa.id = e.actor LEFT JOIN staff sn ON sn.id = e.notified WHERE e.case_no = ? ORDER BY e.seq"
	es, err := queryAll(ctx, s, q, []any{no}, func(sc scanner, e *postcrm.RefundEvent) error {
		return scanRefundEvent(withNames{sc, []any{&e.ActorName, &e.NotifiedName}}, e)
	})
	if err != nil {
		return postcrm.RefundCase{}, nil, fmt.Errorf("read the history of refund %s: %w", no, err)
	}
	return cs[0], es, nil
}

// RefundCases lists the cases in sc that q selects, with their
// waybills: the open ones first, earliest due (the most overdue) first,
// then the finished ones, latest first.
func (s *Store) RefundCases(ctx context.Context, sc postcrm.Scope, q postcrm.RefundQuery) ([]postcrm.RefundCase, error) {
	var f filter
	if err := f.scope(sc, refundScope); err != nil {
		return nil, fmt.Errorf("list refunds: %w", err)
	}
	if q.No != "" {
		f.add("r.no = ?", q.No)
	}
	if q.Owner != "" {
		f.add("r.owner = ?", q.Owner)
	}
	if q.OpenOnly {
		f.add("r.state IN (?, ?, ?, ?)", string(postcrm.RefundVerify), string(postcrm.RefundApprove), string(postcrm.RefundPay), string(postcrm.RefundPaid))
	}
	if q.Waybill != "" {
		f.add("r.no IN (SELECT case_no FROM refund_waybills WHERE waybill_no = ?)", q.Waybill)
	}
	if q.Customer != "" {
		f.add("r.customer_code = ?", q.Customer)
	}
	query := "SELECT " + prefixed("r", refundCols) + refundFrom + f.where() +
		" ORDER BY CASE WHEN r.closed_at = 0 THEN 0 ELSE 1 END, CASE WHEN r.closed_at = 0 THEN r.due_at ELSE -r.closed_at END, r.no"
	if q.Limit > 0 {
		query += fmt.Sprintf(" LIMIT %d", q.Limit)
	}
	cs, err := queryAll(ctx, s, query, f.args, scanRefund)
	if err != nil {
		return nil, fmt.Errorf("list refunds: %w", err)
	}
	return cs, s.fillRefundWaybills(ctx, cs)
}

// fillRefundWaybills reads the waybills of cs, in chunks.
func (s *Store) fillRefundWaybills(ctx context.Context, cs []postcrm.RefundCase) error {
	at := make(map[string]int, len(cs))
	nos := make([]string, len(cs))
	for i, c := range cs {
		at[c.No], nos[i] = i, c.No
	}
	for chunk := range slices.Chunk(nos, 500) {
		args := make([]any, len(chunk))
		for i, n := range chunk {
			args[i] = n
		}
		q := "SELECT case_no, waybill_no FROM refund_waybills WHERE case_no IN (" + placeholders(len(chunk)) + ") ORDER BY case_no, waybill_no"
		err := each(ctx, s, q, args, func(sc scanner) error {
			var c, w string
			if err := sc.Scan(&c, &w); err != nil {
				return err
			}
			cs[at[c]].Waybills = append(cs[at[c]].Waybills, w)
			return nil
		})
		if err != nil {
			return fmt.Errorf("read refund waybills: %w", err)
		}
	}
	return nil
}

// RefundWaybill reads a waybill to open a case on: ErrNotFound when
// postcrm does not know it or it is outside sc.
func (s *Store) RefundWaybill(ctx context.Context, sc postcrm.Scope, no string) (postcrm.RefundWaybill, error) {
	var rw postcrm.RefundWaybill
	err := s.inTx(ctx, func(w *writer) error {
		var err error
		rw, err = w.refundWaybill(no)
		if err == nil && !refundWaybillInScope(sc, rw) {
			err = postcrm.ErrNotFound
		}
		return err
	})
	if err != nil {
		return rw, fmt.Errorf("waybill %s: %w", no, err)
	}
	return rw, nil
}

// RefundEvents lists the cases in sc that were open at some time in
// [from, to) (opened before to, not finished before from) and the whole
// history of each, for the monthly report.
func (s *Store) RefundEvents(ctx context.Context, sc postcrm.Scope, from, to time.Time) ([]postcrm.RefundCase, []postcrm.RefundEvent, error) {
	var f filter
	if err := f.scope(sc, refundScope); err != nil {
		return nil, nil, err
	}
	f.add("r.opened_at < ?", unixNano(to))
	f.add("(r.closed_at = 0 OR r.closed_at >= ?)", unixNano(from))
	cs, err := queryAll(ctx, s, "SELECT "+prefixed("r", refundCols)+refundFrom+f.where()+" ORDER BY r.no", f.args, scanRefund)
	if err != nil {
		return nil, nil, fmt.Errorf("read the month's refunds: %w", err)
	}
	if err := s.fillRefundWaybills(ctx, cs); err != nil {
		return nil, nil, err
	}
	q := "SELECT " + prefixed("e", refundEventCols) + " FROM refund_events e WHERE e.case_no IN (SELECT r.no" + refundFrom + f.where() +
		") ORDER BY e.case_no, e.seq"
	es, err := queryAll(ctx, s, q, f.args, scanRefundEvent)
	if err != nil {
		return nil, nil, fmt.Errorf("read the month's refund events: %w", err)
	}
	return cs, es, nil
}

var refundSteps = []postcrm.RefundState{postcrm.RefundVerify, postcrm.RefundApprove, postcrm.RefundPay, postcrm.RefundPaid}

func (w *writer) refundSettings() (postcrm.RefundSettings, error) {
	return readRefundSettings(func(q string, fn func(scanner) error) error {
		return w.query(stmtKey{text: q}, func() string { return q }, nil, fn)
	})
}

// RefundSettings reads the province's due times.
func (s *Store) RefundSettings(ctx context.Context) (postcrm.RefundSettings, error) {
	return readRefundSettings(func(q string, fn func(scanner) error) error { return each(ctx, s, q, nil, fn) })
}

func readRefundSettings(each func(string, func(scanner) error) error) (postcrm.RefundSettings, error) {
	st := postcrm.RefundSettings{Steps: map[postcrm.RefundState]postcrm.RefundDue{}}
	err := each("SELECT step, hours, working FROM refund_settings", func(sc scanner) error {
		var step string
		var hours, working int64
		if err := sc.Scan(&step, &hours, &working); err != nil {
			return err
		}
		d := postcrm.RefundDue{Hours: int(hours), Working: working != 0}
		switch step {
		case "escalate":
			st.Escalate = d
		case "warn_open":
			st.WarnOpenDays = d.Hours
		default:
			st.Steps[postcrm.RefundState(step)] = d
		}
		return nil
	})
	if err != nil {
		return st, fmt.Errorf("read refund settings: %w", err)
	}
	return st, nil
}

// SaveRefundSettings writes the due times, audited.
func (s *Store) SaveRefundSettings(ctx context.Context, st postcrm.RefundSettings, a postcrm.Actor) error {
	rows := map[string]postcrm.RefundDue{"escalate": st.Escalate, "warn_open": {Hours: st.WarnOpenDays}}
	for _, step := range refundSteps {
		rows[string(step)] = st.Steps[step]
	}
	return s.inTx(ctx, func(w *writer) error {
		var parts []string
		for _, step := range slices.Sorted(maps.Keys(rows)) {
			d := rows[step]
			if d.Hours <= 0 {
				return &postcrm.Error{Kind: postcrm.ErrInvalid, Code: "refund.settings_hours", Field: step, Message: "时限须为正数"}
			}
			working := int64(0)
			if d.Working {
				working = 1
			}
			if err := s.exec(ctx, w.tx, "UPDATE refund_settings SET hours = ?, working = ? WHERE step = ?", int64(d.Hours), working, step); err != nil {
				return err
			}
			parts = append(parts, fmt.Sprintf("%s=%d/%v", step, d.Hours, d.Working))
		}
		return w.audit(a, "refund_settings", strings.Join(parts, " "))
	})
}

func (w *writer) refundReasons() (map[postcrm.RefundReasonKind][]string, error) {
	rs := map[postcrm.RefundReasonKind][]string{}
	const q = "SELECT kind, label FROM refund_reasons ORDER BY kind, position, label"
	err := w.query(stmtKey{text: q}, func() string { return q }, nil, func(sc scanner) error {
		var k, l string
		err := sc.Scan(&k, &l)
		rs[postcrm.RefundReasonKind(k)] = append(rs[postcrm.RefundReasonKind(k)], l)
		return err
	})
	return rs, err
}

// RefundReasons lists the reasons to open and to reject, in the
// province's order.
func (s *Store) RefundReasons(ctx context.Context) (map[postcrm.RefundReasonKind][]string, error) {
	var rs map[postcrm.RefundReasonKind][]string
	err := s.inTx(ctx, func(w *writer) error {
		var err error
		rs, err = w.refundReasons()
		return err
	})
	return rs, err
}

// AddRefundReason adds a reason before 其他; one there already changes
// nothing.
func (s *Store) AddRefundReason(ctx context.Context, kind postcrm.RefundReasonKind, label string, a postcrm.Actor) error {
	label = strings.TrimSpace(label)
	if label == "" || (kind != postcrm.RefundReasonOpen && kind != postcrm.RefundReasonReject) {
		return &postcrm.Error{Kind: postcrm.ErrInvalid, Code: "refund.reason_missing", Field: "label", Message: "请填写原因"}
	}
	return s.inTx(ctx, func(w *writer) error {
		var pos int64
		q := "SELECT COALESCE(MAX(position), 0) FROM refund_reasons WHERE kind = ? AND position < 99"
		if err := w.tx.QueryRowContext(ctx, s.rebind(q), string(kind)).Scan(&pos); err != nil {
			return err
		}
		ins := "INSERT INTO refund_reasons (kind, label, position) VALUES (?, ?, ?) ON CONFLICT (kind, label) DO NOTHING"
		if err := s.exec(ctx, w.tx, ins, string(kind), label, pos+1); err != nil {
			return err
		}
		return w.audit(a, "refund_reasons", fmt.Sprintf("add %s %q", kind, label))
	})
}

var refundWarningCols = []string{"month", "kind", "customer_code", "customer_name", "office_code", "case_no", "since", "reason"}

// SaveRefundWarnings replaces month's refund warnings with ws. The
// dashboard counts them, so a change moves the analysis's data version
// in the same transaction; a sweep that finds the warnings as they were
// (most hourly runs) writes nothing and keeps the kept figures.
func (s *Store) SaveRefundWarnings(ctx context.Context, month postcrm.Month, ws []postcrm.RefundWarning) error {
	err := s.inTx(ctx, func(w *writer) error {
		same, err := w.sameRefundWarnings(month, ws)
		if err != nil || same {
			return err
		}
		if err := w.bump(versionAnalysis); err != nil {
			return err
		}
		if err := s.exec(ctx, w.tx, "DELETE FROM refund_warnings WHERE month = ?", int64(month)); err != nil {
			return err
		}
		q := "INSERT INTO refund_warnings (" + strings.Join(refundWarningCols, ", ") + ") VALUES (" + placeholders(len(refundWarningCols)) + ")"
		for _, x := range ws {
			if err := s.exec(ctx, w.tx, q, int64(month), string(x.Kind), x.CustomerCode, x.CustomerName, x.OfficeCode, x.CaseNo,
				unixNano(x.Since), x.Reason); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("save %d refund warnings of %d: %w", len(ws), month, err)
	}
	return nil
}

// sameRefundWarnings tells whether month's stored refund warnings are
// ws, in any order.
func (w *writer) sameRefundWarnings(month postcrm.Month, ws []postcrm.RefundWarning) (bool, error) {
	key := func(x postcrm.RefundWarning) string {
		return strings.Join([]string{string(x.Kind), x.CustomerCode, x.CustomerName, x.OfficeCode, x.CaseNo,
			strconv.FormatInt(unixNano(x.Since), 10), x.Reason}, "\x00")
	}
	want := make(map[string]int, len(ws))
	for _, x := range ws {
		want[key(x)]++
	}
	stored := 0
	q := "SELECT " + strings.Join(refundWarningCols, ", ") + " FROM refund_warnings WHERE month = ?"
	err := w.query(stmtKey{text: q}, func() string { return q }, []any{int64(month)}, func(sc scanner) error {
		var x postcrm.RefundWarning
		var m, since int64
		var kind string
		if err := sc.Scan(&m, &kind, &x.CustomerCode, &x.CustomerName, &x.OfficeCode, &x.CaseNo, &since, &x.Reason); err != nil {
			return err
		}
		x.Kind, x.Since = postcrm.RefundWarningKind(kind), fromUnixNano(since)
		want[key(x)]--
		stored++
		return nil
	})
	if err != nil || stored != len(ws) {
		return false, err
	}
	for _, n := range want {
		if n != 0 {
			return false, nil
		}
	}
	return true, nil
}

// RefundWarnings lists the month's refund warnings in sc, oldest first.
func (s *Store) RefundWarnings(ctx context.Context, sc postcrm.Scope, q postcrm.RefundWarningQuery) ([]postcrm.RefundWarning, error) {
	var f filter
	if err := f.scope(sc, scopeCols{office: "w.office_code", owner: "COALESCE(c.owner_staff_id, '')"}); err != nil {
		return nil, err
	}
	f.add("w.month = ?", int64(q.Month))
	if q.Customer != "" {
		f.add("w.customer_code = ?", q.Customer)
	}
	if q.City != "" {
		f.add(officeInCity("w.office_code"), q.City)
	}
	if q.OfficeCode != "" {
		f.add("w.office_code = ?", q.OfficeCode)
	}
	if q.Owner != "" {
		f.add("c.owner_staff_id = ?", q.Owner)
	}
	query := "SELECT " + prefixed("w", refundWarningCols) +
		", COALESCE(c.owner_staff_id, ''), COALESCE(st.name, ''), COALESCE(o.name, ''), COALESCE(o.city, '')" +
		" FROM refund_warnings w LEFT JOIN customers c ON c.code = w.customer_code" +
		" LEFT JOIN staff st ON st.id = c.owner_staff_id LEFT JOIN offices o ON o.code = w.office_code" +
		f.where() + " ORDER BY w.since, w.customer_code, w.kind"
	ws, err := queryAll(ctx, s, query, f.args, func(sc scanner, x *postcrm.RefundWarning) error {
		var month, since int64
		var kind string
		err := sc.Scan(&month, &kind, &x.CustomerCode, &x.CustomerName, &x.OfficeCode, &x.CaseNo, &since, &x.Reason,
			&x.OwnerStaffID, &x.OwnerName, &x.OfficeName, &x.City)
		x.Month, x.Kind, x.Since = postcrm.Month(month), postcrm.RefundWarningKind(kind), fromUnixNano(since)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read refund warnings: %w", err)
	}
	return ws, nil
}
