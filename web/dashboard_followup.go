package web

import (
	"context"
	"fmt"

	"postcrm"
)

// ageLimits are the upper ends, in days since dispatch, of the open
// warnings' age buckets (0–7, 8–14); older ones fall in the last bucket.
var ageLimits = [...]int{7, 14}

// followupFigures is the dashboard's follow-up block: the month's
// dispatched warnings in scope, how far they are followed up, the open
// ones by kind and age, and the overdue and escalated ones of every month
// (what the overdue and escalated lists show).
type followupFigures struct {
	Dispatched    int         `json:"dispatched"`
	Contacted     int         `json:"contacted"` // at least one contact recorded
	Closed        int         `json:"closed"`
	ContactedRate *float64    `json:"contacted_rate"` // null without dispatches
	ClosedRate    *float64    `json:"closed_rate"`
	Open          []openByAge `json:"open_by_kind_and_age"`
	Overdue       int         `json:"overdue"`
	Escalated     int         `json:"escalated"`
	// Page only.
	ContactedText, ClosedText string `json:"-"`
}

// openByAge counts a kind's open warnings (open or in progress) by days
// since dispatch: 0–7, 8–14, over 14.
type openByAge struct {
	Kind  postcrm.WarningKind     `json:"kind"`
	Ages  [len(ageLimits) + 1]int `json:"ages"`
	Label string                  `json:"-"`
}

// summarizeFollowup sums a month's dispatch counts as of today.
func summarizeFollowup(counts []postcrm.DispatchCount, today postcrm.Date) followupFigures {
	var f followupFigures
	byKind := map[postcrm.WarningKind]*openByAge{}
	for _, c := range counts {
		f.Dispatched += c.N
		if c.Contacted {
			f.Contacted += c.N
		}
		if c.Status == postcrm.StatusClosed {
			f.Closed += c.N
			continue
		}
		o := byKind[c.Kind]
		if o == nil {
			o = &openByAge{Kind: c.Kind}
			byKind[c.Kind] = o
		}
		o.Ages[ageBucket(postcrm.DaysBetween(c.DispatchedOn, today))] += c.N
	}
	for _, k := range warningKinds {
		if o := byKind[k]; o != nil {
			f.Open = append(f.Open, *o)
		}
	}
	f.ContactedRate, f.ClosedRate = share(f.Contacted, f.Dispatched), share(f.Closed, f.Dispatched)
	return f
}

// ageBucket is the bucket of an age in days.
func ageBucket(days int) int {
	for i, limit := range ageLimits {
		if days <= limit {
			return i
		}
	}
	return len(ageLimits)
}

// share is n over of, nil when of is 0.
func share(n, of int) *float64 {
	if of == 0 {
		return nil
	}
	r := float64(n) / float64(of)
	return &r
}

// percentText is a share as "37.5%", "—" when undefined.
func percentText(r *float64) string {
	if r == nil {
		return "—"
	}
	return percent(*r)
}

// percent is a share as "37.5%".
func percent(r float64) string { return fmt.Sprintf("%.1f%%", 100*r) }

// loadFollowupFigures reads the follow-up block for the month in sc.
func (s *Server) loadFollowupFigures(ctx context.Context, sc postcrm.Scope, month postcrm.Month) (followupFigures, error) {
	counts, err := s.store.DispatchCounts(ctx, sc, month)
	if err != nil {
		return followupFigures{}, err
	}
	today := postcrm.DateOf(s.now())
	f := summarizeFollowup(counts, today)
	if _, f.Overdue, err = s.store.ScopedDispatches(ctx, sc, postcrm.DispatchQuery{OverdueOn: today, Limit: 1}); err != nil {
		return f, err
	}
	_, f.Escalated, err = s.store.ScopedDispatches(ctx, sc, postcrm.DispatchQuery{Escalated: true, Limit: 1})
	return f, err
}
