package hub

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"postcrm"
	"postcrm/ingest"
)

// Kind is one of the files `postcrm hub import` reads.
type Kind string

// The four hub files.
const (
	KindVehicles Kind = "vehicles"
	KindCounts   Kind = "counts"
	KindRoster   Kind = "roster"
	KindQuotas   Kind = "quotas"
)

var (
	vehicleCols = []ingest.Column{
		{Zh: "中心", Alias: "hub", Required: true},
		{Zh: "车牌或车次", Alias: "vehicle", Required: true},
		{Zh: "线路", Alias: "route", Required: true},
		{Zh: "到场时间", Alias: "arrived_at", Required: true, Date: true, Clock: true},
		{Zh: "开卸时间", Alias: "unload_started_at", Required: true, Date: true, Clock: true},
		{Zh: "卸完时间", Alias: "unload_finished_at", Required: true, Date: true, Clock: true},
		{Zh: "袋数", Alias: "bags", Required: true},
		{Zh: "件数", Alias: "pieces", Required: true},
	}
	countCols = []ingest.Column{
		{Zh: "中心", Alias: "hub", Required: true},
		{Zh: "统计时间", Alias: "at", Required: true, Date: true, Clock: true},
		{Zh: "超时12小时内", Alias: "overdue_le12h", Required: true},
		{Zh: "超时12至24小时", Alias: "overdue_12_24h", Required: true},
		{Zh: "超时24小时以上", Alias: "overdue_gt24h", Required: true},
		{Zh: "分拣件数", Alias: "sorted_pieces", Required: true},
		{Zh: "外包人数", Alias: "outsourced", Required: true},
		{Zh: "外包基数", Alias: "outsourced_baseline", Required: true},
	}
	rosterCols = []ingest.Column{
		{Zh: "中心", Alias: "hub", Required: true},
		{Zh: "日期", Alias: "day", Required: true, Date: true},
		{Zh: "班次", Alias: "shift", Required: true},
		{Zh: "单位", Alias: "branch", Required: true},
		{Zh: "姓名", Alias: "person", Required: true},
		{Zh: "手机", Alias: "phone", Required: false},
		{Zh: "状态", Alias: "status", Required: true},
	}
	quotaCols = []ingest.Column{
		{Zh: "中心", Alias: "hub", Required: true},
		{Zh: "日期", Alias: "day", Required: true, Date: true},
		{Zh: "班次", Alias: "shift", Required: true},
		{Zh: "单位", Alias: "branch", Required: true},
		{Zh: "需要人数", Alias: "needed", Required: true},
	}
)

// rowReader reads one row's values by column, stopping at the first
// problem, which it keeps as the row's reject.
type rowReader struct {
	vals   []string
	cols   []ingest.Column
	reject *ingest.RowReject
}

func (r *rowReader) fail(c int, reason postcrm.Reason, format string, args ...any) {
	if r.reject == nil {
		r.reject = &ingest.RowReject{Column: c, Reason: reason, Message: fmt.Sprintf(format, args...)}
	}
}

func (r *rowReader) text(c int, required bool) string {
	v := r.vals[c]
	if v == "" && required {
		r.fail(c, postcrm.ReasonMissingField, "“%s”不能为空", r.cols[c].Zh)
	}
	return v
}

func (r *rowReader) hub(c int, known map[string]bool) string {
	v := r.text(c, true)
	if v != "" && !known[v] {
		r.fail(c, postcrm.ReasonUnknownHub, "中心“%s”没有登记，请先用 postcrm hub add %s --name 名称 登记", v, v)
	}
	return v
}

func (r *rowReader) time(c int, required bool) time.Time {
	v := r.text(c, required)
	if v == "" {
		return time.Time{}
	}
	t, ok := ingest.ParseStamp(v)
	if !ok {
		r.fail(c, postcrm.ReasonBadTime, "“%s”的“%s”无法识别，应为 YYYY-MM-DD HH:MM", r.cols[c].Zh, v)
	}
	return t
}

func (r *rowReader) day(c int) postcrm.Date {
	t := r.time(c, true)
	if t.IsZero() {
		return 0
	}
	return postcrm.DateOf(t)
}

func (r *rowReader) number(c int) int {
	v := r.text(c, true)
	if v == "" {
		return 0
	}
	n, err := strconv.Atoi(strings.ReplaceAll(v, ",", ""))
	switch {
	case err != nil:
		r.fail(c, postcrm.ReasonBadNumber, "“%s”的“%s”不是整数", r.cols[c].Zh, v)
	case n < 0:
		r.fail(c, postcrm.ReasonNegative, "“%s”不能为负数：%s", r.cols[c].Zh, v)
	}
	return n
}

func (r *rowReader) shift(c int) Shift {
	v := r.text(c, true)
	s, ok := ParseShift(v)
	if v != "" && !ok {
		r.fail(c, postcrm.ReasonBadEnum, "班次“%s”无法识别，应为 早班 或 晚班", v)
	}
	return s
}

// validated turns a domain rule's refusal into the row's reject, on the
// column the rule names.
func (r *rowReader) validated(err error) {
	errs := postcrm.Errors(err)
	if len(errs) == 0 {
		return
	}
	e := errs[0]
	for c, col := range r.cols {
		if col.Alias == e.Field {
			reason := postcrm.ReasonAbsurd
			if col.Clock {
				reason = postcrm.ReasonBadTime
			}
			r.fail(c, reason, "%s", e.Message)
			return
		}
	}
	r.fail(-1, postcrm.ReasonAbsurd, "%s", e.Message)
}

// ImportStore is what Import writes: the hub's records, and the
// findings and import log that every import keeps.
type ImportStore interface {
	Store
	ingest.RowsStore
}

// Import reads a hub file of the kind through the imports' pipeline
// (ingest.ImportRows: rejects file, findings, import log) and stores its
// rows in one transaction; rows naming an unregistered hub are rejected
// naming it. An identical file imported again stores nothing new.
func Import(ctx context.Context, s ImportStore, kind Kind, path string, opt ingest.Options) (ingest.Summary, error) {
	hubs, err := s.Hubs(ctx)
	if err != nil {
		return ingest.Summary{}, err
	}
	known := map[string]bool{}
	for _, h := range hubs {
		known[h.Code] = true
	}
	var (
		vehicles []Vehicle
		counts   []CountSnapshot
		roster   []RosterEntry
		quotas   []Quota
		cols     []ingest.Column
		parse    func(r *rowReader)
		// logged is the file's kind in the import log and findings; save
		// stores the rows parse accepted.
		logged postcrm.ImportKind
		save   func(ctx context.Context) (postcrm.WriteResult, error)
	)
	switch kind {
	case KindVehicles:
		cols, logged = vehicleCols, postcrm.KindHubVehicles
		save = func(ctx context.Context) (postcrm.WriteResult, error) { return s.SaveHubVehicles(ctx, vehicles) }
		parse = func(r *rowReader) {
			v := Vehicle{Hub: r.hub(0, known), Vehicle: r.text(1, true), Route: r.text(2, false),
				ArrivedAt: r.time(3, true), UnloadStarted: r.time(4, false), UnloadFinished: r.time(5, false),
				Bags: r.number(6), Pieces: r.number(7)}
			if r.reject == nil {
				r.validated(v.Validate())
			}
			if r.reject == nil {
				vehicles = append(vehicles, v)
			}
		}
	case KindCounts:
		cols, logged = countCols, postcrm.KindHubCounts
		save = func(ctx context.Context) (postcrm.WriteResult, error) { return s.SaveHubCounts(ctx, counts) }
		parse = func(r *rowReader) {
			c := CountSnapshot{Hub: r.hub(0, known), At: r.time(1, true), OverdueLE12h: r.number(2), Overdue12to24h: r.number(3),
				OverdueGT24h: r.number(4), SortedPieces: r.number(5), Outsourced: r.number(6), OutsourcedBaseline: r.number(7)}
			if r.reject == nil {
				r.validated(c.Validate())
			}
			if r.reject == nil {
				counts = append(counts, c)
			}
		}
	case KindRoster:
		cols, logged = rosterCols, postcrm.KindHubRoster
		save = func(ctx context.Context) (postcrm.WriteResult, error) { return s.SaveHubRoster(ctx, roster) }
		parse = func(r *rowReader) {
			e := RosterEntry{Hub: r.hub(0, known), Day: r.day(1), Shift: r.shift(2), Branch: r.text(3, true),
				Person: r.text(4, true), Phone: r.text(5, false)}
			st, ok := ParseStatus(r.vals[6])
			if !ok {
				r.fail(6, postcrm.ReasonBadEnum, "状态“%s”无法识别，应为 报名、到岗 或 缺勤", r.vals[6])
			}
			e.Status = st
			if r.reject == nil {
				roster = append(roster, e)
			}
		}
	case KindQuotas:
		cols, logged = quotaCols, postcrm.KindHubQuotas
		save = func(ctx context.Context) (postcrm.WriteResult, error) { return s.SaveHubQuotas(ctx, quotas) }
		parse = func(r *rowReader) {
			q := Quota{Hub: r.hub(0, known), Day: r.day(1), Shift: r.shift(2), Branch: r.text(3, true), Needed: r.number(4)}
			if r.reject == nil {
				r.validated(q.Validate())
			}
			if r.reject == nil {
				quotas = append(quotas, q)
			}
		}
	default:
		return ingest.Summary{}, fmt.Errorf("没有“%s”这种中心文件，可选 vehicles、counts、roster、quotas", kind)
	}
	each := func(_ int, vals []string) *ingest.RowReject {
		r := rowReader{vals: vals, cols: cols}
		parse(&r)
		return r.reject
	}
	return ingest.ImportRows(ctx, s, logged, path, cols, opt, each, save)
}
