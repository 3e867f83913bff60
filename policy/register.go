package policy

import (
	"context"

	"postcrm"
)

// Register is the adjustments register as the web application reaches
// it: every read bound to the reader's scope (a record outside it is
// ErrNotFound), the one write carrying who took the step and when.
type Register interface {
	// ScopedAdjustments lists the adjustments sc sees whose days touch
	// year (all for 0), with their steps, latest first.
	ScopedAdjustments(ctx context.Context, sc postcrm.Scope, year int) ([]postcrm.AdjustmentRecord, error)
	// ScopedAdjustment is one of them.
	ScopedAdjustment(ctx context.Context, sc postcrm.Scope, id string) (postcrm.AdjustmentRecord, error)
	// AdjustmentNamesIn is what sc's form may name: its cities and
	// offices, the provinces and products of the waybills.
	AdjustmentNamesIn(ctx context.Context, sc postcrm.Scope) (postcrm.AdjustmentKnown, error)
	// RecordAdjustment writes a step (its Actor and At say who and when)
	// that brought a from status prior ("" for a new one); ErrConflict
	// when the stored status is not prior.
	RecordAdjustment(ctx context.Context, a postcrm.Adjustment, st postcrm.AdjustmentStep, prior postcrm.AdjustmentStatus) error
}
