// Package followup holds the rules of the follow-up loop, as pure
// functions over the domain types: who a warning is dispatched to, which
// warnings are held out as the control group, due dates and escalation,
// and the measured effect of following up (recovery rates of contacted,
// dispatched-not-contacted and held-out customers, and the uplift with
// its 95% confidence interval).
//
// # Holdout
//
// The control group is drawn by systematic sampling: the month's warnings
// are ordered by (kind, office, hash of month and customer), and with a
// start u drawn from the month's hash, warning i is held out when
// ⌊(i+1)·s + u⌋ > ⌊i·s + u⌋ for the share s. The overall count is n·s
// rounded up or down, and every (kind, office) stratum, being a contiguous
// run of the order, gets its proportional share in expectation even when
// it holds only one or two warnings, where rounding per stratum would
// give none. The same warnings give the same sample for the same month.
//
// # Effect
//
// A warned customer has recovered in a later month when its items reach
// RecoveryShare (80%) of what the analysis expected of it for that month.
// The uplift is the recovery rate of the contacted minus that of the held
// out, with Newcombe's hybrid score interval (Newcombe 1998, method 10):
// it combines the two groups' Wilson score intervals, stays inside
// [−1, 1], and keeps close to its nominal 95% coverage with the small
// groups an office or a month gives, where the Wald interval is too narrow
// and breaks down at rates near 0 or 1.
package followup
