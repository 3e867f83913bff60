package svgchart

import "math"

// scale maps data values onto a vertical pixel range with "nice" ticks.
type scale struct {
	lo, hi   float64 // the domain, widened to whole ticks
	top, bot float64 // pixel rows of hi and lo
	ticks    []float64
}

// newScale spans the finite values and zero (bars grow from zero, and a
// trend read against zero is not exaggerated) with about n ticks at steps
// of 1, 2 or 5 times a power of ten; integer data gets integer steps.
func newScale(values []float64, n int, top, bot float64) scale {
	lo, hi, integer := 0.0, 0.0, true
	for _, v := range values {
		if !finite(v) {
			continue
		}
		lo, hi = math.Min(lo, v), math.Max(hi, v)
		integer = integer && v == math.Trunc(v)
	}
	if lo == hi { // nothing but zeros: a unit range keeps the axis readable
		hi = 1
	}
	step := niceStep(hi/float64(n)-lo/float64(n), integer) // no overflow at ±MaxFloat64
	s := scale{top: top, bot: bot}
	s.lo = math.Floor(lo/step) * step
	s.hi = math.Ceil(hi/step) * step
	if !finite(s.hi) || !finite(s.lo) { // at the edge of float64: no widening
		s.lo, s.hi = lo, hi
	}
	for i := 0; ; i++ {
		t := s.lo + float64(i)*step
		if t > s.hi+step/2 || !finite(t) || i > 2*n+2 {
			break
		}
		s.ticks = append(s.ticks, t)
	}
	return s
}

// niceStep rounds a raw step up to 1, 2 or 5 times a power of ten.
func niceStep(raw float64, integer bool) float64 {
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := 10 * mag
	for _, m := range []float64{1, 2, 5} {
		if raw <= m*mag {
			step = m * mag
			break
		}
	}
	if integer && step < 1 {
		step = 1
	}
	return step
}

// y is the pixel row of v. Halving first keeps the differences finite
// even for values near ±MaxFloat64.
func (s scale) y(v float64) float64 {
	return s.bot - (v/2-s.lo/2)/(s.hi/2-s.lo/2)*(s.bot-s.top)
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
