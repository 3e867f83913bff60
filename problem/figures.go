package problem

import (
	"fmt"
	"math"

	"postcrm"
)

// Figure is one of postcrm's own monthly figures of a unit that a
// problem can watch. Each is read by report (report.Scoped.Watched)
// through the same code as the monthly bulletin, so that a problem's
// trend and the bulletin show the same number for the same month.
type Figure string

const (
	FigWarnings      Figure = "warnings"       // customers warned in the month's analysis (the bulletin's 本月预警客户数)
	FigRecoveryRate  Figure = "recovery_rate"  // last month's dispatched decline and churn warnings recovered this month, as a share
	FigWalkinRevenue Figure = "walkin_revenue" // walk-in cash revenue, yuan (the bulletin's 现费散户收入)
	FigMembers       Figure = "members"        // e-channel members registered in the month (电子渠道新增会员)
)

// Direction says which way a figure must move to meet its target.
type Direction string

const (
	AtLeast Direction = "at_least" // the figure must reach the target or more
	AtMost  Direction = "at_most"  // the figure must fall to the target or less
)

// FigureDef is what the pages and rules need to know of a figure. A new
// figure (the refunds' cycle time, say) is one line in Figures, a value
// in report's Watched, and its label in the web's catalogue.
type FigureDef struct {
	Figure  Figure
	Label   string    // Chinese, as the bulletin heads it
	Unit    string    // what a value is counted in: "个", "元", "%"
	Percent bool      // a share, shown and targeted in percent
	Better  Direction // the usual way: a suggested direction for a target
}

// Figures are the figures a problem can watch, in the order a form
// offers them.
var Figures = []FigureDef{
	{FigWarnings, "本月预警客户数", "个", false, AtMost},
	{FigRecoveryRate, "上月预警本月恢复率", "%", true, AtLeast},
	{FigWalkinRevenue, "现费散户收入", "元", false, AtLeast},
	{FigMembers, "电子渠道新增会员", "个", false, AtLeast},
}

// Def is the figure's definition; ok is false for an unknown figure.
func Def(f Figure) (FigureDef, bool) {
	for _, d := range Figures {
		if d.Figure == f {
			return d, true
		}
	}
	return FigureDef{}, false
}

// Values are a unit's watched figures of one month; a figure missing
// has no value that month (a recovery rate with no warnings to recover).
type Values map[Figure]float64

// Watch is the figure a problem watches and the target it must reach.
// Target is in the figure's own terms: a share as a fraction (0.6 for
// 60%), money in yuan.
type Watch struct {
	Figure    Figure
	Direction Direction
	Target    float64
}

// On reports whether the problem watches a figure.
func (w Watch) On() bool { return w.Figure != "" }

// Met reports whether value meets the target.
func (w Watch) Met(value float64) bool {
	const eps = 1e-9 // a rate computed as 3/5 meets a target of 0.6
	if w.Direction == AtMost {
		return value <= w.Target+eps
	}
	return value >= w.Target-eps
}

// Format writes a value of the figure as people read it: a share in
// percent with one decimal, counts whole, yuan with two decimals.
func (d FigureDef) Format(v float64) string {
	switch {
	case d.Percent:
		return fmt.Sprintf("%.1f%%", 100*v)
	case d.Figure == FigWalkinRevenue:
		return fmt.Sprintf("%.2f 元", v)
	}
	return fmt.Sprintf("%.0f %s", math.Round(v), d.Unit)
}

// Point is a month of a watched figure's trend.
type Point struct {
	Month postcrm.Month
	Value float64
	OK    bool // false: no value that month
}
