package refund

import (
	"context"
	"slices"

	"postcrm"
)

// WarningKinds are the retention warnings refunds raise, as kinds of the
// month's warnings list. They live in their own table, since the
// analysis keeps one warning per customer and month, and the list reads
// both and merges them.
var WarningKinds = []postcrm.WarningKind{postcrm.WarningKind(postcrm.RefundWarnOpen), postcrm.WarningKind(postcrm.RefundWarnRejected)}

// ListStore is what the month's warnings list reads: the refund
// warnings and the analysis's, each within a scope.
type ListStore interface {
	RefundWarnings(ctx context.Context, sc postcrm.Scope, q postcrm.RefundWarningQuery) ([]postcrm.RefundWarning, error)
	ScopedWarnings(ctx context.Context, sc postcrm.Scope, q postcrm.WarningQuery) ([]postcrm.WarningRow, int, error)
}

// MonthWarnings is one page (q.Offset, q.Limit; Limit 0 for all) of the
// month's warnings q selects within sc: the refund warnings first (a
// few, the longest-standing first), then the analysis's by revenue at
// risk; and how many there are in all. The web list, its exports, the
// API and `postcrm warnings` all read it, so they list the same rows.
func MonthWarnings(ctx context.Context, s ListStore, sc postcrm.Scope, q postcrm.WarningQuery) ([]postcrm.WarningRow, int, error) {
	var refunds []postcrm.WarningRow
	if q.Kind == "" || slices.Contains(WarningKinds, q.Kind) {
		ws, err := s.RefundWarnings(ctx, sc, postcrm.RefundWarningQuery{Month: q.Month, City: q.City, OfficeCode: q.OfficeCode, Owner: q.Owner})
		if err != nil {
			return nil, 0, err
		}
		for _, w := range ws {
			if q.Kind == "" || postcrm.WarningKind(w.Kind) == q.Kind {
				refunds = append(refunds, warningRow(w))
			}
		}
	}
	n := len(refunds)
	from, to := min(q.Offset, n), n
	if q.Limit > 0 {
		to = min(q.Offset+q.Limit, n)
	}
	page := refunds[from:max(from, to)]
	if q.Kind != "" && slices.Contains(WarningKinds, q.Kind) {
		return page, n, nil
	}
	aq := q
	aq.Offset = max(0, q.Offset-n)
	if q.Limit > 0 {
		// A page filled by refund warnings still needs the count: read one row.
		aq.Limit = max(1, q.Limit-len(page))
	}
	rows, total, err := s.ScopedWarnings(ctx, sc, aq)
	if err != nil {
		return nil, 0, err
	}
	if q.Limit > 0 {
		rows = rows[:min(len(rows), q.Limit-len(page))]
	}
	return append(page, rows...), n + total, nil
}

// warningRow is a refund warning as a row of the warnings list: no
// figures, the case in its reason.
func warningRow(w postcrm.RefundWarning) postcrm.WarningRow {
	return postcrm.WarningRow{
		Warning: postcrm.Warning{Month: w.Month, Kind: postcrm.WarningKind(w.Kind), CustomerCode: w.CustomerCode,
			OfficeCode: w.OfficeCode, OwnerStaffID: w.OwnerStaffID, Reason: w.Reason},
		CustomerName: w.CustomerName, OfficeName: w.OfficeName, City: w.City, OwnerName: w.OwnerName,
	}
}
