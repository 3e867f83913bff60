package btyd

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mathext"
)

// GammaGamma is a fitted gamma-gamma spend model: each purchase of a
// customer costs Gamma(shape P, rate ν), and ν ~ Gamma(shape Q, rate
// Gamma) across customers, independently of how often they buy.
type GammaGamma struct {
	P, Q, Gamma float64
	LogLik      float64 // log-likelihood of the mean spends at the fit
	Customers   int     // repeat buyers the fit used
}

// FitGammaGamma fits the gamma-gamma model by maximum likelihood to the
// repeat buyers among the customers (X > 0), from their mean spend per
// repeat purchase (Monetary, z̄) and X; the others carry no spend
// information and are skipped.
func FitGammaGamma(customers []Summary) (GammaGamma, error) {
	d, err := newSpendData(customers)
	if err != nil {
		return GammaGamma{}, fmt.Errorf("拟合 Gamma-Gamma：%w", err)
	}
	theta, meanLL, err := maximize(d.meanLogLikelihood, d.starts())
	if err != nil {
		return GammaGamma{}, fmt.Errorf("拟合 Gamma-Gamma：%w", err)
	}
	return GammaGamma{P: math.Exp(theta[0]), Q: math.Exp(theta[1]), Gamma: math.Exp(theta[2]),
		LogLik: meanLL * d.customers, Customers: int(d.customers)}, nil
}

// LogLikelihood is the log-likelihood of the repeat buyers' mean spends
// under the model's parameters.
func (g GammaGamma) LogLikelihood(customers []Summary) (float64, error) {
	d, err := newSpendData(customers)
	if err != nil {
		return 0, err
	}
	return d.meanLogLikelihood([]float64{math.Log(g.P), math.Log(g.Q), math.Log(g.Gamma)}, nil) * d.customers, nil
}

// ExpectedSpend is E[Z | z̄, x], a customer's expected spend per future
// purchase given its mean spend z̄ over x repeat purchases: a weighted
// average of the population mean P·Gamma/(Q−1) and z̄, which it approaches
// as x grows. For x = 0 it is the population mean. It is +Inf when
// P·x + Q ≤ 1, where the mean does not exist.
func (g GammaGamma) ExpectedSpend(zbar, x float64) float64 {
	if x == 0 {
		zbar = 0 // no repeat purchase: whatever is there says nothing
	}
	den := g.P*x + g.Q - 1
	if den <= 0 {
		return math.Inf(1)
	}
	return g.P * (g.Gamma + x*zbar) / den
}

// spendData is the likelihood's view of the repeat buyers, grouped by x
// so that the per-x terms are computed once per distinct x.
type spendData struct {
	xs        []float64   // distinct x
	totals    [][]float64 // per distinct x, x·z̄ of each of its buyers
	customers float64
	// Σ x·(ln z̄ + ln x) and Σ ln z̄: the parts of the likelihood that
	// are linear in p, which need no work per evaluation.
	sumXLogXZ, sumLogZ float64
	sumSpend           float64 // Σ z̄, for the starting values
}

func newSpendData(customers []Summary) (*spendData, error) {
	d := &spendData{}
	xIndex := map[float64]int{}
	for i, c := range customers {
		if c.X == 0 {
			continue
		}
		if !isCount(c.X) || !isSpend(c.Monetary) {
			return nil, fmt.Errorf("第 %d 行：重复购买的客户（x=%g）应有正的平均消费额，这里是 %g", i+1, c.X, c.Monetary)
		}
		xi, ok := xIndex[c.X]
		if !ok {
			xi = len(d.xs)
			xIndex[c.X] = xi
			d.xs, d.totals = append(d.xs, c.X), append(d.totals, nil)
		}
		d.totals[xi] = append(d.totals[xi], c.X*c.Monetary)
		d.customers++
		d.sumXLogXZ += c.X * (math.Log(c.Monetary) + math.Log(c.X))
		d.sumLogZ += math.Log(c.Monetary)
		d.sumSpend += c.Monetary
	}
	if d.customers == 0 {
		return nil, fmt.Errorf("%w（消费额只能从重复购买中估计）", ErrNoRepeatPurchases)
	}
	return d, nil
}

// starts: the first guess matches the observed mean spend with a
// moderately spread ν; the last is the all-ones start of lifetimes.
func (d *spendData) starts() [][]float64 {
	mean := d.sumSpend / d.customers
	return [][]float64{logs(1, 2, mean), logs(4, 4, 0.75*mean), logs(1, 1, 1)}
}

// meanLogLikelihood is the log-likelihood per repeat buyer at theta =
// (ln p, ln q, ln γ) and, when grad is not nil, its gradient. Per buyer
// (Fader & Hardie 2013, the density of the mean of x spends),
//
//	ln f(z̄|x) = lnΓ(px+q) − lnΓ(px) − lnΓ(q) + q ln γ + (px−1) ln z̄
//	          + px ln x − (px+q) ln(γ + x z̄).
func (d *spendData) meanLogLikelihood(theta, grad []float64) float64 {
	p, q, gamma := math.Exp(theta[0]), math.Exp(theta[1]), math.Exp(theta[2])
	lgQ, _ := math.Lgamma(q)
	ll := p*d.sumXLogXZ - d.sumLogZ + d.customers*(q*theta[2]-lgQ)
	gp, gq, gGamma := d.sumXLogXZ, d.customers*(theta[2]-mathext.Digamma(q)), d.customers*q/gamma
	for i, x := range d.xs {
		w, shape := float64(len(d.totals[i])), p*x+q
		lgShape, _ := math.Lgamma(shape)
		lgPX, _ := math.Lgamma(p * x)
		ll += w * (lgShape - lgPX)
		// Σ ln(γ + x·z̄) over x's buyers, as the logarithm of a product
		// kept in range by frexp: a multiplication per buyer instead of a
		// logarithm.
		product, exponent, inverses := 1.0, 0, 0.0
		for _, total := range d.totals[i] {
			var exp int
			product, exp = math.Frexp(product * (gamma + total))
			exponent += exp
			inverses += 1 / (gamma + total)
		}
		logRates := math.Log(product) + float64(exponent)*math.Ln2
		ll -= shape * logRates
		if grad != nil {
			psiShape := mathext.Digamma(shape)
			gp += w*x*(psiShape-mathext.Digamma(p*x)) - x*logRates
			gq += w*psiShape - logRates
			gGamma -= shape * inverses
		}
	}
	if grad != nil {
		grad[0], grad[1], grad[2] = p*gp/d.customers, q*gq/d.customers, gamma*gGamma/d.customers
	}
	return ll / d.customers
}
