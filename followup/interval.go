package followup

import "math"

// z95 is the standard normal quantile for a two-sided 95% interval.
const z95 = 1.959963984540054

// Wilson returns the Wilson score interval for k successes in n trials;
// (0, 1) when n is 0.
func Wilson(k, n int, z float64) (lo, hi float64) {
	if n == 0 {
		return 0, 1
	}
	p, nf, z2 := float64(k)/float64(n), float64(n), z*z
	centre := (p + z2/(2*nf)) / (1 + z2/nf)
	half := z / (1 + z2/nf) * math.Sqrt(p*(1-p)/nf+z2/(4*nf*nf))
	return max(0, centre-half), min(1, centre+half)
}

// Interval is a difference of proportions with its confidence interval.
type Interval struct {
	Diff, Low, High float64
	OK              bool // both groups have members; otherwise nothing is known
}

// Newcombe returns p1 − p2 for k1/n1 and k2/n2 with Newcombe's hybrid
// score interval (method 10 of Newcombe 1998) at the normal quantile z:
//
//	L = δ − √((p1 − l1)² + (u2 − p2)²),  U = δ + √((u1 − p1)² + (p2 − l2)²)
//
// with (l, u) each group's Wilson interval.
func Newcombe(k1, n1, k2, n2 int, z float64) Interval {
	if n1 == 0 || n2 == 0 {
		return Interval{}
	}
	p1, p2 := float64(k1)/float64(n1), float64(k2)/float64(n2)
	l1, u1 := Wilson(k1, n1, z)
	l2, u2 := Wilson(k2, n2, z)
	d := p1 - p2
	return Interval{
		Diff: d,
		Low:  d - math.Hypot(p1-l1, u2-p2),
		High: d + math.Hypot(u1-p1, p2-l2),
		OK:   true,
	}
}
