// The detection bound is a yardstick for the analysis, built on the
// generator's hidden means: it lives with the tests that use it, not in
// the generator's API.

package demo

import (
	"fmt"
	"time"

	"gonum.org/v1/gonum/mathext"

	"postcrm"
	"postcrm/calendar"
)

// BoundSpec says which changes a detection bound is computed for, in the
// terms the back-test scores the analysis in.
type BoundSpec struct {
	Months []postcrm.Month
	// Window is the months judged: 1 is the month alone; 2 the month and
	// the next together, as an analysis a month later could judge them.
	Window int
	// Due is the month (YYYYMM) a change dated d is expected to be
	// warned in; changes due in a judged month are its targets.
	Due func(d postcrm.Date) postcrm.Month
	// MinMonthlyItems: a change is a target only if the customer's true
	// mean in the 90 days before it is at least this per 30 days.
	MinMonthlyItems float64
	// MinHistoryDays: customers signed more recently are not judged.
	MinHistoryDays int
	// CreditMonths: a flag on a customer whose change (not a target)
	// took effect by the window's end and at most this many months
	// before the judged month is correct, as the back-test counts it.
	CreditMonths int
	Alphas       []float64
}

// BoundPoint is how the test fares at one significance level: the
// expected number of targets, of other recently changed customers and of
// normal customers it flags.
type BoundPoint struct {
	Alpha          float64
	Detected       float64
	Credited       float64
	FalsePositives float64
}

// Recall is the expected share of the targets flagged.
func (p BoundPoint) Recall(targets int) float64 { return p.Detected / float64(targets) }

// Precision is the expected share of flags that are correct: on targets
// or on other recently changed customers.
func (p BoundPoint) Precision() float64 {
	correct := p.Detected + p.Credited
	return correct / (correct + p.FalsePositives)
}

// Bound is an upper bound on monthly count tests for one spec.
type Bound struct {
	Targets, Normal int
	Points          []BoundPoint
}

// DetectionBound works out, for the province opts generates, how well a
// test that knows every contract customer's true daily means and
// day-to-day dispersion could tell decliners and churners from normal
// customers by their count over the judged window: it flags a customer
// when P(this few items or fewer | no change) ≤ alpha. No analysis that
// must estimate the means from the history can do better with a count
// test at the same level, so the bound shows which recall a quality bar
// can ask of a count over a month (or two) of this province. The
// window's count of a customer is a sum of independent gamma-Poisson
// days; it is taken as negative binomial with the same mean and variance.
func DetectionBound(opts Options, spec BoundSpec) (Bound, error) {
	opts, err := opts.withDefaults(time.Now())
	if err != nil {
		return Bound{}, err
	}
	p, err := buildProvince(opts, calendar.Default())
	if err != nil {
		return Bound{}, err
	}
	var b Bound
	var cases []boundCase
	for _, month := range spec.Months {
		first := month.First()
		creditFrom := postcrm.NewDate(first.Year(), first.Month()-time.Month(spec.CreditMonths), 1)
		last := postcrm.NewDate(first.Year(), first.Month()+time.Month(spec.Window), 0)
		from, to := p.win.Index(first), p.win.Index(last)
		if from < 0 || to >= p.win.Days() {
			return Bound{}, fmt.Errorf("detection bound %d: the window %s–%s is outside the data (%s–%s)", month, first, last, p.win.First, p.win.Last)
		}
		for ci := range p.customers {
			c := &p.customers[ci]
			if c.Start > from-spec.MinHistoryDays {
				continue
			}
			bc := p.boundCase(c, from, to)
			if bc.m0 <= 0 {
				continue
			}
			normal := c.Change == ChangeNone || c.ChangeAt > to
			switch changed := p.win.Day(c.ChangeAt); {
			case normal:
				b.Normal++
			case spec.Due(changed) == month && p.preChangeMonthly(c) >= spec.MinMonthlyItems:
				bc.target = true
				b.Targets++
			case changed >= creditFrom:
				bc.credited = true
			default:
				continue // changed long ago: its new normal, neither right nor wrong to flag
			}
			cases = append(cases, bc)
		}
	}
	for _, alpha := range spec.Alphas {
		pt := BoundPoint{Alpha: alpha}
		for _, bc := range cases {
			flag := bc.criticalCount(alpha)
			switch {
			case bc.target:
				pt.Detected += nbSumCDF(flag, bc.m1, bc.v1)
			case bc.credited:
				pt.Credited += nbSumCDF(flag, bc.m1, bc.v1)
			default:
				pt.FalsePositives += nbSumCDF(flag, bc.m0, bc.v0)
			}
		}
		b.Points = append(b.Points, pt)
	}
	return b, nil
}

// boundCase is one customer's count over a window without its change (0)
// and with it (1): mean and variance.
type boundCase struct {
	m0, v0, m1, v1   float64
	target, credited bool
}

func (p *province) boundCase(c *customer, from, to int) boundCase {
	unchanged := *c
	unchanged.Change = ChangeNone
	var bc boundCase
	for i := from; i <= to; i++ {
		pattern := p.patterns[c.Kind][i]
		m0, m1 := unchanged.dailyMean(i, pattern), c.dailyMean(i, pattern)
		bc.m0, bc.v0 = bc.m0+m0, bc.v0+m0+m0*m0/c.Shape
		bc.m1, bc.v1 = bc.m1+m1, bc.v1+m1+m1*m1/c.Shape
	}
	return bc
}

// preChangeMonthly is the customer's true mean per 30 days in the 90 days
// before its change.
func (p *province) preChangeMonthly(c *customer) float64 {
	unchanged := *c
	unchanged.Change = ChangeNone
	var sum float64
	from := max(0, c.ChangeAt-90)
	for i := from; i < c.ChangeAt; i++ {
		sum += unchanged.dailyMean(i, p.patterns[c.Kind][i])
	}
	if c.ChangeAt == from {
		return 0
	}
	return sum * 30 / float64(c.ChangeAt-from)
}

// criticalCount is the largest count flagged at alpha, -1 for none.
func (bc boundCase) criticalCount(alpha float64) float64 {
	flag := -1.0
	for x := 0.0; nbSumCDF(x, bc.m0, bc.v0) <= alpha; x++ {
		flag = x
	}
	return flag
}

// nbSumCDF is P(Y ≤ y) for the negative binomial of mean m and variance v
// (Poisson-like when v is hardly above m). The analysis has the same
// formula; the bound keeps its own on purpose, so that the generator's
// yardstick shares no code with the model it measures.
func nbSumCDF(y, m, v float64) float64 {
	switch {
	case y < 0:
		return 0
	case m <= 1e-9:
		return 1
	}
	v = max(v, m*1.0001)
	k := m * m / (v - m)
	return mathext.RegIncBeta(k, y+1, k/(k+m))
}
