package btyd

import (
	"math"
	"sync"

	"gonum.org/v1/gonum/mathext"
)

// meanLogLikelihood is the log-likelihood per customer at the
// log-parameters theta = (ln r, ln α, ln a, ln b) and, when grad is not
// nil, its gradient with respect to theta. Per customer, with k the
// dropout chances,
//
//	ln L = lnΓ(r+x) − lnΓ(r) + r ln α + ln B(a, b+k) − ln B(a, b)
//	     + ln[ (α+T)^−(r+x) + [k≥1]·a/(b+k−1)·(α+t_x)^−(r+x) ],
//
// the last term in logs, as −(r+x)·ln(α+T) + ln(1+q) (see sumRows), so
// that no power of α+T underflows however large x or T.
func (d *betaGeoData) meanLogLikelihood(theta, grad []float64) float64 {
	r, alpha, a, b := math.Exp(theta[0]), math.Exp(theta[1]), math.Exp(theta[2]), math.Exp(theta[3])
	logAlpha := theta[1]
	for i, t := range d.durations {
		d.logDur[i] = math.Log(alpha + t)
		d.invDur[i] = 1 / (alpha + t)
	}
	logMin, logMax := math.Log(alpha+d.minDuration), math.Log(alpha+d.maxDuration)

	var ll, gr, gAlpha, ga, gb float64
	for i, x := range d.xs {
		k, w := d.ks[i], d.xWeight[i]
		lgRX, _ := math.Lgamma(r + x)
		lgR, _ := math.Lgamma(r)
		lgAB, _ := math.Lgamma(a + b)
		lgB, _ := math.Lgamma(b)
		lgBK, _ := math.Lgamma(b + k)
		lgABK, _ := math.Lgamma(a + b + k)
		ll += w * (lgRX - lgR + r*logAlpha + lgAB - lgB + lgBK - lgABK)
		d.deadShift[i] = math.Log(a / (b + k - 1)) // ln a − ln(b+k−1); unused when k = 0
		d.fillPowers(i, r+x, logMin, logMax)
		if grad != nil {
			psiAB, psiABK := mathext.Digamma(a+b), mathext.Digamma(a+b+k)
			gr += w * (mathext.Digamma(r+x) - mathext.Digamma(r) + logAlpha)
			gAlpha += w * r / alpha
			ga += w * (psiAB - psiABK)
			gb += w * (psiAB - mathext.Digamma(b) + mathext.Digamma(b+k) - psiABK)
		}
	}

	// The rows are the bulk of the work: split them over the cores, and
	// add the parts up in a fixed order so that the result does not
	// depend on scheduling.
	var wg sync.WaitGroup
	for i := range d.parts {
		wg.Go(func() { d.sumRows(&d.parts[i], r, grad != nil) })
	}
	wg.Wait()
	for _, p := range d.parts {
		ll += p.ll
		gr += p.gr
		gAlpha += p.gAlpha
		for i, k := range d.ks {
			if k > 0 {
				ga += p.deadWeight[i] / a
				gb -= p.deadWeight[i] / (b + k - 1)
			}
		}
	}
	if grad != nil {
		// Chain rule to the log scale, per customer.
		n := d.customers
		grad[0], grad[1], grad[2], grad[3] = r*gr/n, alpha*gAlpha/n, a*ga/n, b*gb/n
	}
	return ll / d.customers
}

// maxLogPower bounds the powers in the tables, so that a factor 1+q below
// stays under 2^490 and the running product in sumRows under 2^991.
const maxLogPower = 340

// fillPowers fills x's table of (α+t)^(r+x), scaled by (α+t_min)^−(r+x),
// for every duration t, if x has a table and its values stay in range;
// otherwise it leaves sumRows to compute the powers row by row.
func (d *betaGeoData) fillPowers(x int, rx, logMin, logMax float64) {
	d.power[x] = nil
	table := d.powerStore[x]
	if table == nil || rx*(logMax-logMin)+math.Abs(d.deadShift[x]) > maxLogPower {
		return
	}
	for i, l := range d.logDur {
		table[i] = math.Exp(rx * (l - logMin))
	}
	d.power[x], d.odds[x] = table, math.Exp(d.deadShift[x])
}

// rowPart is a share of the rows and what they add to one evaluation.
type rowPart struct {
	rows           []betaGeoRow
	ll, gr, gAlpha float64
	deadWeight     []float64 // Σ weight·P(died after the last purchase), per distinct x
}

// sumRows adds up the per-row terms of the log-likelihood (and of its
// gradient when wanted): ln[e^u + e^v] = u + ln(1 + q) with
// u = −(r+x)·ln(α+T) and q = e^(v−u) = a/(b+k−1)·((α+T)/(α+t_x))^(r+x).
//
// It avoids the two costly functions per row. q comes from x's table of
// powers where there is one; elsewhere from e^−|v−u|, as the log-sum-exp
// would. And Σ ln(1+q) over the rows of weight 1, the bulk of them, is
// taken as the logarithm of a product, kept in range by frexp.
func (d *betaGeoData) sumRows(p *rowPart, r float64, wantGrad bool) {
	// Sum in locals: the parts sit side by side in memory, and writing to
	// them row by row would make the cores fight over cache lines.
	var ll, gr, gAlpha float64
	product, exponent := 1.0, 0
	deadWeight := p.deadWeight
	clear(deadWeight)
	for _, row := range p.rows {
		rx := r + d.xs[row.x]
		logT, w := d.logDur[row.T], row.weight
		if d.ks[row.x] == 0 {
			ll -= w * rx * logT
			gr -= w * logT
			gAlpha -= w * rx * d.invDur[row.T]
			continue
		}
		ll -= w * rx * logT
		var factor, dead float64 // 1 + q, and the share q/(1+q) of e^v in the sum
		if power := d.power[row.x]; power != nil {
			q := d.odds[row.x] * power[row.T] / power[row.tx]
			factor = 1 + q
			dead = q / factor
		} else {
			diff := d.deadShift[row.x] + rx*(logT-d.logDur[row.tx]) // ln q
			e := math.Exp(-math.Abs(diff))
			ll += w * math.Max(diff, 0)
			factor = 1 + e
			if dead = e / factor; diff >= 0 {
				dead = 1 / factor
			}
		}
		if w == 1 {
			if product *= factor; product > 0x1p500 {
				var exp int
				product, exp = math.Frexp(product)
				exponent += exp
			}
		} else {
			ll += w * math.Log(factor)
		}
		if wantGrad {
			gr -= w * ((1-dead)*logT + dead*d.logDur[row.tx])
			gAlpha -= w * rx * ((1-dead)*d.invDur[row.T] + dead*d.invDur[row.tx])
			deadWeight[row.x] += w * dead
		}
	}
	p.ll = ll + math.Log(product) + float64(exponent)*math.Ln2
	p.gr, p.gAlpha = gr, gAlpha
}
