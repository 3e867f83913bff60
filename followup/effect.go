package followup

import (
	"cmp"
	"slices"

	"postcrm"
)

// RecoveryShare: a customer has recovered when its items are back to at
// least this share of what the analysis expected.
const RecoveryShare = 0.8

// Group is how a warning was followed up.
type Group int

const (
	Contacted    Group = iota // dispatched, and the customer was reached
	NotContacted              // dispatched, nobody reached the customer
	HeldOut                   // the control group
	groups
)

// Case is one warned customer seen in a later month.
type Case struct {
	WarningID   int64
	Kind        postcrm.WarningKind
	OfficeCode  string
	City        string
	AssignedTo  string // who the warning was dispatched to; "" when held out or nobody could take it
	Reason      string // the reason given at the last contact that gave one
	Group       Group
	Expected    float64 // items the analysis expected in the later month
	Actual      int64
	ExpectedFen int64
	ActualFen   int64
	WarnedShare float64 // actual over expected items in the warning's month
	Measurable  bool    // the analysis had an expectation for it
}

// Recovered reports whether the customer is back to RecoveryShare of its
// expectation.
func (c Case) Recovered() bool {
	return c.Measurable && c.Expected > 0 && float64(c.Actual) >= RecoveryShare*c.Expected
}

// RecoveredFen is the revenue above what the customer would have brought
// had it stayed at its share of the warning month: the money won back.
func (c Case) RecoveredFen() int64 {
	if !c.Measurable {
		return 0
	}
	stay := int64(c.WarnedShare * float64(c.ExpectedFen))
	return max(0, c.ActualFen-stay)
}

// GroupStats is one group's recovery.
type GroupStats struct {
	N            int // measurable customers
	Recovered    int
	Rate         float64 // Recovered / N; 0 when N is 0
	RecoveredFen int64
}

// Effect is the recovery of the three groups within one slice of the
// cases and the uplift, contacted minus held out.
type Effect struct {
	Key    string // the office, city, reason or kind; "" for all
	Groups [groups]GroupStats
	Uplift Interval
}

// Measure sums the cases into one Effect.
func Measure(key string, cases []Case) Effect {
	e := Effect{Key: key}
	for _, c := range cases {
		if !c.Measurable {
			continue
		}
		g := &e.Groups[c.Group]
		g.N++
		if c.Recovered() {
			g.Recovered++
		}
		g.RecoveredFen += c.RecoveredFen()
	}
	for i := range e.Groups {
		if g := &e.Groups[i]; g.N > 0 {
			g.Rate = float64(g.Recovered) / float64(g.N)
		}
	}
	c, h := e.Groups[Contacted], e.Groups[HeldOut]
	e.Uplift = Newcombe(c.Recovered, c.N, h.Recovered, h.N, z95)
	return e
}

// MeasureBy splits the cases by key and measures each slice, in key
// order. Cases with an empty key (a reason for the uncontacted) are left
// out.
func MeasureBy(cases []Case, key func(Case) string) []Effect {
	byKey := map[string][]Case{}
	for _, c := range cases {
		if k := key(c); k != "" {
			byKey[k] = append(byKey[k], c)
		}
	}
	out := make([]Effect, 0, len(byKey))
	for k, cs := range byKey {
		out = append(out, Measure(k, cs))
	}
	slices.SortFunc(out, func(a, b Effect) int { return cmp.Compare(a.Key, b.Key) })
	return out
}

// Report is the effect of following up a month's warnings, seen Lag
// months later, in all and by office, city, reason and kind.
type Report struct {
	Month      postcrm.Month // of the warnings
	Lag        int           // months later
	All        Effect
	ByOffice   []Effect
	ByCity     []Effect
	ByReason   []Effect // the reason is known only for the contacted
	ByKind     []Effect
	Unmeasured int // warned customers without an expectation in the later month
}

// NewReport measures the cases of one month and lag.
func NewReport(month postcrm.Month, lag int, cases []Case) Report {
	r := Report{Month: month, Lag: lag, All: Measure("", cases)}
	r.ByOffice = MeasureBy(cases, func(c Case) string { return c.OfficeCode })
	r.ByCity = MeasureBy(cases, func(c Case) string { return c.City })
	r.ByReason = MeasureBy(cases, func(c Case) string { return c.Reason })
	r.ByKind = MeasureBy(cases, func(c Case) string { return string(c.Kind) })
	for _, c := range cases {
		if !c.Measurable {
			r.Unmeasured++
		}
	}
	return r
}
