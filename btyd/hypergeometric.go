package btyd

import "math"

const (
	seriesTolerance = 1e-15
	// maxSeriesTerms bounds the work for z close to 1, where the terms
	// shrink like z^n: a million terms reach 1 − z ≈ 4e-5.
	maxSeriesTerms = 1_000_000
)

// hypergeometricTail sums the Gauss hypergeometric series 2F1(a, b; c; z)
// from its n = 1 term on, for 0 ≤ z < 1, scaled so that the n = 1 term is
// first. Thus 2F1(a, b; c; z) = 1 + hypergeometricTail(a, b, c, z, a·b·z/c);
// choosing first lets a caller divide out a factor that vanishes (b → 0,
// c → 0) without cancellation. c must exceed −1.
//
// It stops when a rigorous bound on the rest of the series falls below
// seriesTolerance relative to the sum, and reports false (with NaN) when
// maxSeriesTerms were not enough.
func hypergeometricTail(a, b, c, z, first float64) (float64, bool) {
	sum, term := first, first
	for n := 1.0; n < maxSeriesTerms; n++ {
		term *= (a + n) * (b + n) / ((c + n) * (n + 1)) * z
		sum += term
		if int(n)%4 != 0 {
			continue // the test below costs more than a term: run it now and then
		}
		// Every later ratio of terms, z·(a+m)(b+m)/((c+m)(m+1)) with
		// m > n, is at most rho: each factor (p+m)/(q+m) moves
		// monotonically towards 1 once q+m > 0.
		rho := z * math.Max(math.Abs(a+n+1)/(n+2), 1) * math.Max(math.Abs(b+n+1)/(c+n+1), 1)
		if rho < 1 && math.Abs(term)*rho <= seriesTolerance*(1-rho)*math.Abs(sum) {
			return sum, true
		}
	}
	return math.NaN(), false
}
