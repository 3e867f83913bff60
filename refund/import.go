package refund

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"postcrm"
	"postcrm/ingest"
)

// ImportStore is what the import of case events reads and writes: the
// workflow's store, each case's history (to skip events imported
// already) and the staff, whose roles and scopes the events are taken in.
type ImportStore interface {
	Store
	RefundCase(ctx context.Context, sc postcrm.Scope, no string) (postcrm.RefundCase, []postcrm.RefundEvent, error)
	Staff(ctx context.Context) ([]postcrm.Staff, error)
}

// The columns of an events file, English or Chinese.
const (
	colCase = iota
	colAt
	colAction
	colActor
	colWaybills
	colAmount
	colReason
	nCols
)

var importColumns = [nCols][]string{
	{"case_no", "案件号", "退费案件号"},
	{"at", "时间", "操作时间"},
	{"action", "动作", "操作"},
	{"actor_staff_id", "操作人工号", "工号"},
	{"waybill_nos", "运单号"},
	{"amount", "金额", "金额（元）", "金额(元)"},
	{"reason", "原因"},
}

// importActions reads an action written either way.
var importActions = func() map[string]postcrm.RefundAction {
	m := map[string]postcrm.RefundAction{"核实": postcrm.RefundVerified, "审批": postcrm.RefundApproved, "退回": postcrm.RefundSendBack}
	for _, a := range Actions {
		m[string(a)] = a
		m[ActionLabels[a]] = a
	}
	return m
}()

// ImportResult counts an import: events applied, skipped as imported
// before, refused (in the rejects file).
type ImportResult struct {
	Applied, Skipped, Rejected int
}

type importEvent struct {
	row  ingest.Row
	no   string
	in   Input
	line int
}

// Import applies a file of case events from another system, in time
// order, through the same rules as the web: each event in its actor's
// role and scope. An event the rules refuse goes to the rejects file
// with the rule's code and message, and its case stays as it was. An
// event already in its case's history (same time, action and actor) is
// skipped, so that an identical re-import changes nothing. Payments are
// keyed by case, time and action.
func Import(ctx context.Context, s ImportStore, path, rejectsPath string) (ImportResult, error) {
	var res ImportResult
	t, err := ingest.OpenTable(path)
	if err != nil {
		return res, err
	}
	defer t.Close()
	idx, err := importHeader(t.Header)
	if err != nil {
		return res, fmt.Errorf("%s: %w", t.Source, err)
	}
	staff, err := s.Staff(ctx)
	if err != nil {
		return res, err
	}
	byID := make(map[string]postcrm.Staff, len(staff))
	for _, st := range staff {
		byID[st.ID] = st
	}
	rejects := ingest.NewRejectsWriter(rejectsPath, t.Header)
	defer rejects.Close()
	reject := func(ev importEvent, field int, code, msg, value string) error {
		res.Rejected++
		name := ""
		if field >= 0 && idx[field] >= 0 {
			name = t.Header[idx[field]]
		}
		return rejects.Write(postcrm.Finding{Kind: "refund_events", Source: t.Source, Line: ev.line, Field: name,
			Reason: postcrm.Reason(code), Message: msg, Value: value, Rejected: true}, ev.row)
	}
	var events []importEvent
	for {
		row, err := t.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return res, err
		}
		ev := importEvent{row: ingest.Row{Line: row.Line, Fields: slices.Clone(row.Fields)}, line: row.Line}
		cell := func(c int) string {
			if i := idx[c]; i >= 0 && i < len(ev.row.Fields) {
				return strings.TrimSpace(ev.row.Fields[i])
			}
			return ""
		}
		ev.no = cell(colCase)
		if ev.no == "" {
			if err := reject(ev, colCase, string(postcrm.ReasonMissingField), "缺少案件号", ""); err != nil {
				return res, err
			}
			continue
		}
		at, ok := t.Time(cell(colAt))
		if !ok {
			if err := reject(ev, colAt, string(postcrm.ReasonBadTime), "时间无法识别，应为 2026-03-08 14:30:00 这样的格式", cell(colAt)); err != nil {
				return res, err
			}
			continue
		}
		act, ok := importActions[cell(colAction)]
		if !ok {
			if err := reject(ev, colAction, string(postcrm.ReasonBadEnum), "动作应为 open、verify、approve、reject、send_back、pay_ok、pay_fail、close 之一", cell(colAction)); err != nil {
				return res, err
			}
			continue
		}
		st, ok := byID[cell(colActor)]
		if !ok {
			if err := reject(ev, colActor, string(postcrm.ReasonUnknownStaff), "机构人员数据里没有这个工号", cell(colActor)); err != nil {
				return res, err
			}
			continue
		}
		var fen int64
		if v := cell(colAmount); v != "" {
			if fen, ok = ingest.Fen(v); !ok {
				if err := reject(ev, colAmount, string(postcrm.ReasonBadNumber), "金额应为元，如 12.50", v); err != nil {
					return res, err
				}
				continue
			}
		}
		ev.in = Input{Action: act, User: st.ID, Role: st.Role, At: at, AmountFen: fen, Reason: cell(colReason)}
		if act == postcrm.RefundOpen {
			ev.in.Waybills = strings.FieldsFunc(cell(colWaybills), func(r rune) bool { return r == ';' || r == '；' || r == ' ' })
		}
		if act == postcrm.RefundPayOK || act == postcrm.RefundPayFail {
			ev.in.PayKey = fmt.Sprintf("import:%s:%s", act, at.Format(time.RFC3339))
		}
		if act == postcrm.RefundSendBack || act == postcrm.RefundPayFail {
			ev.in.Comment = ev.in.Reason
			if ev.in.Comment == "" {
				ev.in.Comment = "（导入）"
			}
		}
		events = append(events, ev)
	}
	slices.SortStableFunc(events, func(a, b importEvent) int { return a.in.At.Compare(b.in.At) })
	for _, ev := range events {
		st := byID[ev.in.User]
		sc := postcrm.ScopeOf(postcrm.User{Name: st.ID, Role: st.Role, City: st.City, OfficeCode: st.OfficeCode})
		if seen, err := imported(ctx, s, ev); err != nil {
			return res, err
		} else if seen {
			res.Skipped++
			continue
		}
		_, err := Do(ctx, s, sc, postcrm.Actor{User: st.ID, Addr: "import " + t.Source}, ev.no, ev.in)
		if err == nil {
			res.Applied++
			continue
		}
		es := postcrm.Errors(err)
		switch {
		case len(es) > 0:
			var codes, msgs []string
			for _, e := range es {
				codes, msgs = append(codes, e.Code), append(msgs, e.Message)
			}
			err = reject(ev, fieldColumn(es[0].Field), strings.Join(codes, ","), strings.Join(msgs, "；"), "")
		case errors.Is(err, postcrm.ErrNotFound):
			err = reject(ev, colCase, "refund.not_found", "没有这个案件，或不在操作人的管辖范围内", ev.no)
		}
		if err != nil {
			return res, err
		}
	}
	return res, rejects.Close()
}

// imported reports whether ev is in its case's history already.
func imported(ctx context.Context, s ImportStore, ev importEvent) (bool, error) {
	_, hist, err := s.RefundCase(ctx, postcrm.Scope{Role: postcrm.RoleProvinceAdmin}, ev.no)
	if errors.Is(err, postcrm.ErrNotFound) {
		return false, nil
	}
	return slices.ContainsFunc(hist, func(e postcrm.RefundEvent) bool {
		return e.Action == ev.in.Action && e.Actor == ev.in.User && e.At.Equal(ev.in.At)
	}), err
}

// fieldColumn is the file's column of a rule's field.
func fieldColumn(field string) int {
	switch field {
	case "waybills":
		return colWaybills
	case "amount":
		return colAmount
	case "reason", "comment":
		return colReason
	case "no":
		return colCase
	}
	return -1
}

// importHeader finds the columns; all but waybill_nos, amount and
// reason are required.
func importHeader(header []string) ([nCols]int, error) {
	var idx [nCols]int
	for c := range idx {
		idx[c] = -1
		for i, h := range header {
			h = strings.ToLower(strings.TrimSpace(strings.Trim(h, "\uFEFF")))
			if slices.Contains(importColumns[c], h) {
				idx[c] = i
			}
		}
		if idx[c] < 0 && c <= colActor {
			return idx, fmt.Errorf("缺少“%s”列（%s）", importColumns[c][1], importColumns[c][0])
		}
	}
	return idx, nil
}
