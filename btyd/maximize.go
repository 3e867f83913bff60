package btyd

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/optimize"
)

// meanLogLikelihood is a model's log-likelihood per customer at the
// log-parameters theta; when grad is not nil it also stores the gradient
// with respect to theta there.
type meanLogLikelihood func(theta, grad []float64) float64

const (
	// gradientTolerance stops the search (per customer, on the log
	// scale): the estimates then sit orders of magnitude closer to the
	// optimum than the precision they are published to, and a sum over a
	// million customers has too much rounding noise to go much flatter.
	gradientTolerance = 1e-7
	// acceptedGradient is how flat a point where a line search gave up
	// must be to count as the maximum: it then sits a rounding error away.
	acceptedGradient = 1e-6
	// maxLinesearchTrials: beyond this many trial steps the line search
	// is only chasing rounding noise.
	maxLinesearchTrials = 10
	// maxParameter flags parameters running off to 0 or infinity (beyond
	// 1e8 or below 1e-8): the data cannot pin the model down.
	maxParameter = 1e8
)

// maximize returns the log-parameters that maximise f and the maximum,
// trying each start in turn until one converges.
func maximize(f meanLogLikelihood, starts [][]float64) ([]float64, float64, error) {
	var err error
	for _, start := range starts {
		var theta []float64
		var best float64
		if theta, best, err = maximizeFrom(f, start); err == nil {
			return theta, best, nil
		}
	}
	return nil, 0, err
}

func maximizeFrom(f meanLogLikelihood, start []float64) ([]float64, float64, error) {
	if v := f(start, nil); math.IsNaN(v) || math.IsInf(v, 0) {
		return nil, 0, fmt.Errorf("%w：起点处的对数似然不是有限值（%g），数据可能有极端值", ErrNotConverged, v)
	}
	obj := newObjective(f, len(start))
	settings := &optimize.Settings{
		GradientThreshold: gradientTolerance,
		// Or stop when two iterations in a row gain nothing beyond rounding.
		Converger:       &optimize.FunctionConverge{Relative: 1e-14, Iterations: 2},
		MajorIterations: 1000,
	}
	res, err := optimize.Minimize(optimize.Problem{Func: obj.value, Grad: obj.gradient},
		slices.Clone(start), settings, &optimize.BFGS{Linesearcher: &boundedLinesearch{}})
	if res == nil {
		return nil, 0, fmt.Errorf("%w：%v", ErrNotConverged, err)
	}
	obj.evaluate(res.X) // normally cached already
	best, steepest := -obj.val, 0.0
	for _, g := range obj.grad {
		steepest = math.Max(steepest, math.Abs(g))
	}
	if math.IsNaN(best) || math.IsInf(best, 0) || !(steepest <= acceptedGradient) {
		return nil, 0, fmt.Errorf("%w：停在梯度 %.3g 处（%v），数据可能不足以确定这个模型", ErrNotConverged, steepest, err)
	}
	for _, v := range res.X {
		if math.Abs(v) > math.Log(maxParameter) {
			return nil, 0, fmt.Errorf("%w：有参数趋于 0 或无穷大（%.3g），数据不足以确定这个模型", ErrNotConverged, math.Exp(v))
		}
	}
	return slices.Clone(res.X), best, nil
}

// objective adapts a log-likelihood to gonum's minimiser. It evaluates
// value and gradient together and keeps them, since the minimiser asks for
// the gradient at the point whose value it has just accepted.
type objective struct {
	f          meanLogLikelihood
	at, grad   []float64
	val        float64
	haveCached bool
}

func newObjective(f meanLogLikelihood, n int) *objective {
	return &objective{f: f, at: make([]float64, n), grad: make([]float64, n)}
}

func (o *objective) evaluate(theta []float64) {
	if o.haveCached && slices.Equal(theta, o.at) {
		return
	}
	o.val = -o.f(theta, o.grad)
	copy(o.at, theta)
	o.haveCached = true
}

// value is the negative mean log-likelihood, +Inf where it is not finite,
// which the line search treats as "step too long".
func (o *objective) value(theta []float64) float64 {
	o.evaluate(theta)
	if math.IsNaN(o.val) || math.IsInf(o.val, 0) {
		return math.Inf(1)
	}
	return o.val
}

func (o *objective) gradient(grad, theta []float64) {
	o.evaluate(theta)
	for i, g := range o.grad {
		grad[i] = -g
	}
}

// boundedLinesearch is gonum's bisection line search, cut short after
// maxLinesearchTrials steps: near the optimum the rounding noise of the
// likelihood would otherwise keep it halving its step some fifty times.
type boundedLinesearch struct {
	optimize.Bisection
	trials int
}

func (b *boundedLinesearch) Init(value, derivative, step float64) optimize.Operation {
	b.trials = 0
	return b.Bisection.Init(value, derivative, step)
}

func (b *boundedLinesearch) Iterate(value, derivative float64) (optimize.Operation, float64, error) {
	if b.trials++; b.trials > maxLinesearchTrials {
		return optimize.NoOperation, 0, optimize.ErrLinesearcherFailure
	}
	return b.Bisection.Iterate(value, derivative)
}
