package btyd

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"
)

// simulated is a population drawn from a known model: each customer's
// calibration summary, its purchases in the holdout period after it,
// whether it was still alive at the end of calibration, its true mean
// spend per purchase and what it spent in the holdout period.
type simulated struct {
	calibration  []Summary
	holdout      []float64
	alive        []bool
	meanSpend    []float64
	holdoutSpend []float64
}

// simulate draws customers of the given ages from the BG/NBD model m (or
// MBG/NBD) as the papers define it: purchases at rate λ ~ Gamma(r, α)
// while alive, dropout with probability p ~ Beta(a, b) after each repeat
// purchase (MBG/NBD: after the first one too). Spend per purchase follows
// the gamma-gamma model spend when it is not nil. With days set, purchase
// times are cut to whole days and purchases on one day count once, as the
// walk-in summaries count purchase days.
func simulate(seed uint64, m BGNBD, spend *GammaGamma, ages []float64, holdout float64, days bool) simulated {
	src := rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)
	rng := rand.New(src)
	lambda := distuv.Gamma{Alpha: m.R, Beta: m.Alpha, Src: src}
	dropout := distuv.Beta{Alpha: m.A, Beta: m.B, Src: src}
	var nu distuv.Gamma
	if spend != nil {
		nu = distuv.Gamma{Alpha: spend.Q, Beta: spend.Gamma, Src: src}
	}
	s := simulated{calibration: make([]Summary, len(ages)), holdout: make([]float64, len(ages)),
		alive: make([]bool, len(ages)), meanSpend: make([]float64, len(ages)), holdoutSpend: make([]float64, len(ages))}
	for i, T := range ages {
		rate, p := lambda.Rand(), dropout.Rand()
		c := Summary{T: T}
		var spendRate, spent float64
		if spend != nil {
			spendRate = nu.Rand()
			s.meanSpend[i] = spend.P / spendRate
		}
		death := math.Inf(1) // time of the purchase after which the customer dropped out
		if m.Modified && rng.Float64() < p {
			death = 0
		}
		for at, last := 0.0, 0.0; math.IsInf(death, 1); {
			at += rng.ExpFloat64() / rate
			if at > T+holdout {
				break
			}
			when := at
			if days {
				if when = math.Floor(at); when == last {
					continue
				}
			}
			last = when
			var cost float64
			if spend != nil {
				cost = distuv.Gamma{Alpha: spend.P, Beta: spendRate, Src: src}.Rand()
			}
			if when <= T {
				c.X, c.Tx = c.X+1, when
				spent += cost
			} else {
				s.holdout[i]++
				s.holdoutSpend[i] += cost
			}
			if rng.Float64() < p {
				death = when
			}
		}
		s.alive[i] = death > T
		if c.X > 0 && spend != nil {
			c.Monetary = spent / c.X
		}
		s.calibration[i] = c
	}
	return s
}

// staggeredAges are the ages, in whole days, of n walk-ins whose first
// purchases spread evenly over the 670 days (22 months) before the end of
// the period.
func staggeredAges(seed uint64, n int) []float64 {
	rng := rand.New(rand.NewPCG(seed, 1))
	ages := make([]float64, n)
	for i := range ages {
		ages[i] = math.Floor(670 * rng.Float64())
	}
	return ages
}
