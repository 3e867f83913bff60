package analysis

import (
	"math"

	"gonum.org/v1/gonum/mathext"
)

// Counts of items are over-dispersed: a customer's days vary more than a
// Poisson count would, because its business does. They are modelled as
// negative binomial with mean μ and shape k (variance μ + μ²/k); k → ∞ is
// Poisson.

// maxShape caps k: beyond it the count is Poisson for every purpose here.
const maxShape = 1e4

// nbCDF returns P(Y ≤ y).
func nbCDF(y, mu, k float64) float64 {
	if y < 0 {
		return 0
	}
	if mu <= 0 {
		return 1
	}
	k = min(k, maxShape)
	return mathext.RegIncBeta(k, y+1, k/(k+mu))
}

// nbZero returns P(Y = 0).
func nbZero(mu, k float64) float64 {
	if mu <= 0 {
		return 1
	}
	k = min(k, maxShape)
	return math.Exp(-k * math.Log1p(mu/k))
}

// nbLogPMF returns log P(Y = y).
func nbLogPMF(y, mu, k float64) float64 {
	if mu <= 0 {
		if y == 0 {
			return 0
		}
		return math.Inf(-1)
	}
	k = min(k, maxShape)
	a, _ := math.Lgamma(y + k)
	b, _ := math.Lgamma(k)
	c, _ := math.Lgamma(y + 1)
	return a - b - c - k*math.Log1p(mu/k) + y*math.Log(mu/(k+mu))
}

// sumShape is the shape of a sum of independent days with means mu_i and
// common day shape k, plus extra relative variance (the uncertainty of the
// expectation itself), matched by moments: the sum's variance is
// Σμ + Σμ²/k + (Σμ)²·extra.
func sumShape(sum, sumSq, k, extra float64) float64 {
	if sum <= 0 {
		return maxShape
	}
	inv := sumSq/(k*sum*sum) + extra
	if inv <= 0 {
		return maxShape
	}
	return min(maxShape, 1/inv)
}
