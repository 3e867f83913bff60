package btyd

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/diff/fd"
)

// ParetoNBD is a fitted Pareto/NBD model (Schmittlein, Morrison & Colombo
// 1987): while alive a customer buys as a Poisson process of rate
// λ ~ Gamma(R, rate Alpha) and dies after an exponential lifetime of rate
// μ ~ Gamma(S, rate Beta), in continuous time rather than after a
// purchase as in BG/NBD. Times are in the unit of the data it was fitted
// on. The expressions follow Fader & Hardie (2005), "A Note on Deriving
// the Pareto/NBD Model and Related Expressions".
type ParetoNBD struct {
	R, Alpha, S, Beta float64
	LogLik            float64 // log-likelihood of the data at the fit
	Customers         int     // customers the fit used
}

// FitParetoNBD fits the Pareto/NBD model to aggregated customers by
// maximum likelihood. Its likelihood goes through a hypergeometric
// function of all four parameters, whose derivatives have no convenient
// closed form, so the gradient is taken by central differences (gonum's
// fd), accurate to about 1e-10 against the 1e-7 the search stops at.
func FitParetoNBD(rows []Weighted) (ParetoNBD, error) {
	customers, purchases, err := checkRows(rows)
	if err != nil {
		return ParetoNBD{}, fmt.Errorf("拟合 Pareto/NBD：%w", err)
	}
	mean := func(theta []float64) float64 { return paretoParams(theta).sumLogLikelihood(rows) / customers }
	f := func(theta, grad []float64) float64 {
		if grad != nil {
			fd.Gradient(grad, mean, theta, &fd.Settings{Formula: fd.Central, Step: 1e-5})
		}
		return mean(theta)
	}
	var exposure float64
	for _, r := range rows {
		exposure += float64(r.Count) * r.T
	}
	rate := purchases / math.Max(exposure, 1e-300)
	theta, meanLL, err := maximize(f, [][]float64{logs(1, 1/rate, 1, 1/rate), logs(0.5, 0.5/rate, 0.5, 10), logs(1, 1, 1, 1)})
	if err != nil {
		return ParetoNBD{}, fmt.Errorf("拟合 Pareto/NBD：%w", err)
	}
	m := paretoParams(theta)
	m.LogLik, m.Customers = meanLL*customers, int(customers)
	return m, nil
}

func paretoParams(theta []float64) ParetoNBD {
	return ParetoNBD{R: math.Exp(theta[0]), Alpha: math.Exp(theta[1]), S: math.Exp(theta[2]), Beta: math.Exp(theta[3])}
}

// LogLikelihood is the log-likelihood of the rows under the model's
// parameters.
func (m ParetoNBD) LogLikelihood(rows []Weighted) (float64, error) {
	if _, _, err := checkRows(rows); err != nil {
		return 0, err
	}
	return m.sumLogLikelihood(rows), nil
}

func (m ParetoNBD) sumLogLikelihood(rows []Weighted) float64 {
	var sum float64
	for _, r := range rows {
		sum += float64(r.Count) * m.logLikelihood(r.X, r.Tx, r.T)
	}
	return sum
}

// logLikelihood of one customer:
//
//	L = Γ(r+x) α^r β^s / Γ(r) · [ (α+T)^−(r+x) (β+T)^−s + s/(r+s+x) · A₀ ]
//
// in logs: the log of the bracket is logAlive − log P(alive).
func (m ParetoNBD) logLikelihood(x, tx, T float64) float64 {
	lgRX, _ := math.Lgamma(m.R + x)
	lgR, _ := math.Lgamma(m.R)
	alive, dead := m.logTerms(x, tx, T)
	return lgRX - lgR + m.R*math.Log(m.Alpha) + m.S*math.Log(m.Beta) + logAddExp(alive, dead)
}

// logTerms are the logs of the bracket's two terms: alive at T, and died
// between t_x and T, s/(r+s+x) · A₀ with
//
//	A₀ = 2F1(r+s+x, b; r+s+x+1; z(t_x)) / (m+t_x)^(r+s+x) − the same at T,
//
// m = max(α, β), z(t) = |α−β| / (m+t), b = s+1 when α ≥ β and r+x
// otherwise (so that z < 1 and the series converges).
func (m ParetoNBD) logTerms(x, tx, T float64) (alive, dead float64) {
	alive = -(m.R+x)*math.Log(m.Alpha+T) - m.S*math.Log(m.Beta+T)
	if T == tx {
		return alive, math.Inf(-1)
	}
	a := m.R + m.S + x
	big, b := m.Alpha, m.S+1
	if m.Alpha < m.Beta {
		big, b = m.Beta, m.R+x
	}
	diff := math.Abs(m.Alpha - m.Beta)
	at := func(t float64) float64 {
		z := diff / (big + t)
		tail, ok := hypergeometricTail(a, b, a+1, z, a*b*z/(a+1))
		if !ok {
			return math.NaN()
		}
		return math.Log1p(tail) - a*math.Log(big+t)
	}
	first, last := at(tx), at(T)
	return alive, math.Log(m.S/a) + first + math.Log(-math.Expm1(last-first))
}

// logAddExp is log(e^a + e^b) without overflow.
func logAddExp(a, b float64) float64 {
	if a < b {
		a, b = b, a
	}
	if math.IsInf(b, -1) {
		return a
	}
	return a + math.Log1p(math.Exp(b-a))
}

// PAlive is the probability that a customer with x repeat purchases, the
// last one at t_x, is still alive at its age T.
func (m ParetoNBD) PAlive(x, tx, T float64) float64 {
	alive, dead := m.logTerms(x, tx, T)
	return 1 / (1 + math.Exp(dead-alive))
}

// ExpectedPurchases is E[Y(t) | x, t_x, T]: the expected number of
// purchases in the next t time units,
//
//	P(alive) · (r+x)(β+T) / ((α+T)(s−1)) · [1 − ((β+T)/(β+T+t))^(s−1)],
//
// the bracket over s−1 taken as its limit ln((β+T+t)/(β+T)) at s = 1.
func (m ParetoNBD) ExpectedPurchases(t, x, tx, T float64) float64 {
	logRatio := math.Log((m.Beta + T) / (m.Beta + T + t))
	growth := -logRatio
	if d := m.S - 1; math.Abs(d) > 1e-9 {
		growth = -math.Expm1(d*logRatio) / d
	}
	return m.PAlive(x, tx, T) * (m.R + x) * (m.Beta + T) / (m.Alpha + T) * growth
}
