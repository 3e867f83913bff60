package refund

import (
	"context"
	"time"

	"postcrm"
	"postcrm/calendar"
)

// Store is what the workflow reads and writes: the cases and the
// holiday table its working hours are counted on.
type Store interface {
	ChangeRefund(ctx context.Context, sc postcrm.Scope, a postcrm.Actor, no string, waybills []string, change postcrm.RefundChange) (postcrm.RefundCase, error)
	RefundCases(ctx context.Context, sc postcrm.Scope, q postcrm.RefundQuery) ([]postcrm.RefundCase, error)
	calendar.TableReader
}

// Do takes action in on case no within scope sc, under the rules, in one
// transaction of the store: the web's and the import's one way in. For
// an open, no is the new case's number ("" lets the store number it).
func Do(ctx context.Context, s Store, sc postcrm.Scope, a postcrm.Actor, no string, in Input) (postcrm.RefundCase, error) {
	cal, err := calendar.Stored(ctx, s)
	if err != nil {
		return postcrm.RefundCase{}, err
	}
	if in.At.IsZero() {
		in.At = time.Now()
	}
	return s.ChangeRefund(ctx, sc, a, no, in.Waybills, func(c postcrm.RefundCase, f postcrm.RefundFacts) (postcrm.RefundOutcome, error) {
		return Decide(c, f, in, cal)
	})
}

// WebStore is what the web application's refund pages hold: the cases,
// every read and write within the user's scope, the province's settings
// and reasons, and the holiday table for the due times.
type WebStore interface {
	postcrm.RefundStore
	calendar.TableReader
}
