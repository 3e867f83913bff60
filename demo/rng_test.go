package demo

import (
	"math"
	"testing"
)

// moments returns the sample mean and variance of n draws.
func moments(n int, draw func() float64) (mean, variance float64) {
	var sum, sq float64
	for range n {
		x := draw()
		sum += x
		sq += x * x
	}
	mean = sum / float64(n)
	return mean, sq/float64(n) - mean*mean
}

func within(t *testing.T, what string, got, want, relTol float64) {
	t.Helper()
	if math.Abs(got-want) > relTol*math.Abs(want) {
		t.Errorf("%s = %.4g, want %.4g ± %.0f%%", what, got, want, relTol*100)
	}
}

func TestPoissonMoments(t *testing.T) {
	r := newRNG(1, 99, 0)
	for _, mean := range []float64{0.05, 3, 9.5, 10, 42, 5000} { // both algorithms and their seam
		m, v := moments(200_000, func() float64 { return float64(r.poisson(mean)) })
		within(t, "poisson mean", m, mean, 0.03)
		within(t, "poisson variance", v, mean, 0.05)
	}
}

func TestGammaAndBetaMoments(t *testing.T) {
	r := newRNG(2, 99, 0)
	for _, shape := range []float64{0.6, 1, 8} {
		m, v := moments(200_000, func() float64 { return r.gamma(shape) })
		within(t, "gamma mean", m, shape, 0.03)
		within(t, "gamma variance", v, shape, 0.06)
	}
	a, b := 0.8, 3.0
	m, v := moments(200_000, func() float64 { return r.beta(a, b) })
	within(t, "beta mean", m, a/(a+b), 0.02)
	within(t, "beta variance", v, a*b/((a+b)*(a+b)*(a+b+1)), 0.05)
}

func TestNegBinomialIsOverDispersed(t *testing.T) {
	r := newRNG(3, 99, 0)
	mean, shape := 20.0, 2.0
	m, v := moments(200_000, func() float64 { return float64(r.negBinomial(mean, shape)) })
	within(t, "mean", m, mean, 0.03)
	within(t, "variance", v, mean+mean*mean/shape, 0.06)
}

func TestPickerFrequencies(t *testing.T) {
	r := newRNG(4, 99, 0)
	weights := []float64{5, 0, 1, 3, 0.5, 0.5}
	p := newPicker(weights...)
	counts := make([]float64, len(weights))
	const n = 500_000
	for range n {
		counts[p.pick(&r)]++
	}
	for i, w := range weights {
		if w == 0 {
			if counts[i] != 0 {
				t.Errorf("weight 0 picked %v times", counts[i])
			}
			continue
		}
		within(t, "share", counts[i]/n, w/10, 0.03)
	}
}

func TestStreamsAreIndependentAndRepeatable(t *testing.T) {
	a, b := newRNG(7, streamDay, 1), newRNG(7, streamDay, 1)
	c := newRNG(7, streamDay, 2)
	same, differ := 0, 0
	for range 100 {
		x := a.next()
		if x == b.next() {
			same++
		}
		if x != c.next() {
			differ++
		}
	}
	if same != 100 || differ != 100 {
		t.Errorf("same stream agreed %d/100, neighbouring streams differed %d/100", same, differ)
	}
}
