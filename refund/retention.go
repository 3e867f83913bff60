package refund

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"postcrm"
)

// Warnings are the retention warnings at now, for the month now falls
// in, from the cases open at some time in it: a contract customer with a
// case open longer than settings.WarnOpenDays gets 退费未办结 (its oldest
// such case), one with a case rejected this month 退费被驳回. Walk-ins
// get none: retention is managed for contract customers.
func Warnings(cases []postcrm.RefundCase, settings postcrm.RefundSettings, now time.Time) []postcrm.RefundWarning {
	month := postcrm.DateOf(now).YearMonth()
	monthStart := month.First().Time()
	limit := time.Duration(settings.WarnOpenDays) * 24 * time.Hour
	byKey := map[string]postcrm.RefundWarning{}
	for _, c := range cases {
		if c.CustomerCode == "" {
			continue
		}
		w := postcrm.RefundWarning{Month: month, CustomerCode: c.CustomerCode, CustomerName: c.CustomerName, OfficeCode: c.OfficeCode, CaseNo: c.No}
		switch {
		case c.State.Open() && !c.OpenedAt.After(now.Add(-limit)):
			w.Kind, w.Since = postcrm.RefundWarnOpen, c.OpenedAt
			days := int(now.Sub(c.OpenedAt).Hours() / 24)
			w.Reason = fmt.Sprintf("退费 %s 已受理 %d 天仍未办结（%s，%s 元）", c.No, days, StateLabels[c.State], Yuan(c.PostageFen))
		case c.State == postcrm.RefundRejected && !c.ClosedAt.Before(monthStart) && !c.ClosedAt.After(now):
			w.Kind, w.Since = postcrm.RefundWarnRejected, c.ClosedAt
			w.Reason = fmt.Sprintf("退费 %s 被驳回：%s", c.No, c.RejectReason)
		default:
			continue
		}
		k := w.CustomerCode + "/" + string(w.Kind)
		if old, ok := byKey[k]; !ok || w.Since.Before(old.Since) {
			byKey[k] = w
		}
	}
	out := make([]postcrm.RefundWarning, 0, len(byKey))
	for _, w := range byKey {
		out = append(out, w)
	}
	slices.SortFunc(out, func(a, b postcrm.RefundWarning) int {
		if c := a.Since.Compare(b.Since); c != 0 {
			return c
		}
		return strings.Compare(a.CustomerCode+string(a.Kind), b.CustomerCode+string(b.Kind))
	})
	return out
}

// SweepStore is what the sweep reads and writes: the workflow's store,
// the month's cases and settings, and the retention warnings it
// replaces.
type SweepStore interface {
	Store
	ReportStore
	SaveRefundWarnings(ctx context.Context, month postcrm.Month, ws []postcrm.RefundWarning) error
}

// refreshWarnings recomputes the month's retention warnings at now.
func refreshWarnings(ctx context.Context, s SweepStore, now time.Time) (int, error) {
	month := postcrm.DateOf(now).YearMonth()
	from := month.First().Time()
	cases, _, err := s.RefundEvents(ctx, postcrm.Scope{Role: postcrm.RoleProvinceAdmin}, from, now.Add(time.Nanosecond))
	if err != nil {
		return 0, err
	}
	st, err := s.RefundSettings(ctx)
	if err != nil {
		return 0, err
	}
	ws := Warnings(cases, st, now)
	return len(ws), s.SaveRefundWarnings(ctx, month, ws)
}
