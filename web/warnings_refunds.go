package web

import (
	"context"
	"slices"

	"postcrm"
	"postcrm/refund"
)

// listKinds are the kinds the warnings list's filter accepts: the
// analysis's and the refunds' retention warnings (refund.WarningKinds).
var listKinds = append(slices.Clone(warningKinds), refund.WarningKinds...)

// monthWarnings is one page of the month's warnings q selects within
// sc, the refund warnings merged in (refund.MonthWarnings).
func (s *Server) monthWarnings(ctx context.Context, sc postcrm.Scope, q postcrm.WarningQuery) ([]postcrm.WarningRow, int, error) {
	return refund.MonthWarnings(ctx, warningLists{s}, sc, q)
}

// warningLists reads the refund warnings through the refunds' store and
// the analysis's through the main one.
type warningLists struct{ s *Server }

func (w warningLists) RefundWarnings(ctx context.Context, sc postcrm.Scope, q postcrm.RefundWarningQuery) ([]postcrm.RefundWarning, error) {
	return w.s.refunds.RefundWarnings(ctx, sc, q)
}

func (w warningLists) ScopedWarnings(ctx context.Context, sc postcrm.Scope, q postcrm.WarningQuery) ([]postcrm.WarningRow, int, error) {
	return w.s.store.ScopedWarnings(ctx, sc, q)
}
