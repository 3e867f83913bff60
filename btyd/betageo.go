package btyd

import "math"

// BGNBD is a fitted BG/NBD model, or an MBG/NBD one when Modified is set.
// While alive a customer buys as a Poisson process of rate λ ~ Gamma(R,
// rate Alpha); after each repeat purchase (MBG/NBD: after every purchase,
// the first one included) it drops out for good with probability
// p ~ Beta(A, B). Times are in the unit of the data it was fitted on.
type BGNBD struct {
	R, Alpha, A, B float64
	Modified       bool    // MBG/NBD (Batislam et al. 2007)
	LogLik         float64 // log-likelihood of the data at the fit
	Customers      int     // customers the fit used
}

// dropoutChances is k: how many times a customer with x repeat purchases
// had the chance to drop out. The beta-geometric terms depend on x only
// through k, which is all that tells BG/NBD and MBG/NBD apart.
func dropoutChances(x float64, modified bool) float64 {
	if modified {
		return x + 1
	}
	return x
}

// PAlive is the probability that a customer with x repeat purchases, the
// last one at t_x, is still alive at its age T.
func (m BGNBD) PAlive(x, tx, T float64) float64 {
	k := dropoutChances(x, m.Modified)
	if k == 0 {
		return 1 // a BG/NBD customer can only drop out after a repeat purchase
	}
	// Odds of having died right after the last purchase rather than being
	// alive and silent since then, in logs so that large x cannot overflow.
	logOdds := math.Log(m.A/(m.B+k-1)) + (m.R+x)*math.Log1p((T-tx)/(m.Alpha+tx))
	return 1 / (1 + math.Exp(logOdds))
}

// ExpectedPurchases is E[Y(t) | x, t_x, T]: the expected number of
// purchases in the next t time units of a customer with x repeat
// purchases, the last one at t_x, at age T. It is NaN when t exceeds about
// 25,000·(Alpha + T), where the series behind it stops converging in time.
func (m BGNBD) ExpectedPurchases(t, x, tx, T float64) float64 {
	return m.PAlive(x, tx, T) * m.expectedIfAlive(t, x, T)
}

// ExpectedRepeatPurchases is E[X(t)]: the expected number of repeat
// purchases of a new customer in the t time units after its first one.
func (m BGNBD) ExpectedRepeatPurchases(t float64) float64 {
	return m.ExpectedPurchases(t, 0, 0, 0)
}

// expectedIfAlive is the expected number of purchases in the next t units
// of a customer alive at age T with x repeat purchases. In the papers it is
//
//	C/(a−1) · [1 − (1−z)^(r+x) · 2F1(r+x, b+k; C; z)],  C = a+b+k−1, z = t/(α+T+t).
//
// Euler's transformation, 2F1(r+x, b+k; C; z) = (1−z)^(a−1−r−x) ·
// 2F1(C−r−x, a−1; C; z), leaves a series whose terms stay bounded however
// large x is, and whose "− 1" carries a factor (a−1) that cancels the
// division: with ℓ = ln(1−z) and q = C·[2F1(C−r−x, a−1; C; z) − 1]/(a−1),
// summed as such by hypergeometricTail, the value is
//
//	−C·ℓ·(e^((a−1)ℓ) − 1)/((a−1)ℓ) − e^((a−1)ℓ)·q,
//
// with no 0/0 at a = 1, no overflow for large x and no catastrophic
// cancellation for small t.
func (m BGNBD) expectedIfAlive(t, x, T float64) float64 {
	k := dropoutChances(x, m.Modified)
	c := m.A + m.B + k - 1
	u := t / (m.Alpha + T)
	z := u / (1 + u)
	ell := -math.Log1p(u)
	cMinusA := c - m.R - x
	q, ok := hypergeometricTail(cMinusA, m.A-1, c, z, cMinusA*z)
	if !ok {
		return math.NaN()
	}
	y := (m.A - 1) * ell
	return -c*ell*expm1Over(y) - math.Exp(y)*q
}

// expm1Over is (e^y − 1)/y, continuous at 0.
func expm1Over(y float64) float64 {
	if y == 0 {
		return 1
	}
	return math.Expm1(y) / y
}
