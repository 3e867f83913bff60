package btyd

import (
	"math"
	"testing"
)

// demoSpend is the demo province's spend per walk-in item, in yuan.
var demoSpend = GammaGamma{P: 15, Q: 8, Gamma: 8.4}

func withinShare(t *testing.T, what string, got, want, share float64) {
	t.Helper()
	if !(math.Abs(got-want) <= share*math.Abs(want)) {
		t.Errorf("%s = %.4g, truth %.4g: off by more than %.0f%%", what, got, want, 100*share)
	}
}

// The fits find the parameters of walk-ins drawn from known models, in
// days, with first purchases spread over 22 months.
func TestFitsRecoverSimulatedParameters(t *testing.T) {
	ages := staggeredAges(5, 100_000)
	for _, truth := range []BGNBD{walkinTruth, {R: 0.6, Alpha: 60, A: 0.8, B: 3, Modified: true}} {
		sim := simulate(6, truth, &demoSpend, ages, 0, true)
		rows := Aggregate(sim.calibration)
		fit := FitBGNBD
		if truth.Modified {
			fit = FitMBGNBD
		}
		m, err := fit(rows)
		if err != nil {
			t.Fatal(err)
		}
		name := modelName(truth.Modified)
		withinShare(t, name+" r", m.R, truth.R, 0.15)
		withinShare(t, name+" alpha", m.Alpha, truth.Alpha, 0.15)
		withinShare(t, name+" a", m.A, truth.A, 0.15)
		withinShare(t, name+" b", m.B, truth.B, 0.15)
		t.Logf("%s from %d customers in %d rows: r=%.4f alpha=%.3f a=%.4f b=%.4f", name, len(ages), len(rows), m.R, m.Alpha, m.A, m.B)

		g, err := FitGammaGamma(sim.calibration)
		if err != nil {
			t.Fatal(err)
		}
		withinShare(t, "p", g.P, demoSpend.P, 0.15)
		withinShare(t, "q", g.Q, demoSpend.Q, 0.15)
		withinShare(t, "gamma", g.Gamma, demoSpend.Gamma, 0.15)
		t.Logf("Gamma-Gamma from %d repeat buyers: p=%.3f q=%.3f gamma=%.3f", g.Customers, g.P, g.Q, g.Gamma)
	}
}

// With the true parameters, the conditional predictions must match what
// the simulated customers then did: the share alive, the purchases in a
// 90-day holdout, and the mean spend, overall and by purchase count.
func TestPredictionsMatchSimulatedOutcomes(t *testing.T) {
	sim := simulate(7, walkinTruth, &demoSpend, staggeredAges(8, 200_000), 90, false)
	type sums struct{ n, pAlive, alive, predicted, actual, spend, trueSpend float64 }
	groups := map[string]*sums{"all": {}, "x=0": {}, "x=1-2": {}, "x≥3": {}}
	for i, c := range sim.calibration {
		group := "x≥3"
		switch {
		case c.X == 0:
			group = "x=0"
		case c.X <= 2:
			group = "x=1-2"
		}
		for _, s := range []*sums{groups["all"], groups[group]} {
			s.n++
			s.pAlive += walkinTruth.PAlive(c.X, c.Tx, c.T)
			if sim.alive[i] {
				s.alive++
			}
			s.predicted += walkinTruth.ExpectedPurchases(90, c.X, c.Tx, c.T)
			s.actual += sim.holdout[i]
			s.spend += demoSpend.ExpectedSpend(c.Monetary, c.X)
			s.trueSpend += sim.meanSpend[i]
		}
	}
	for name, s := range groups {
		t.Logf("%s: %.0f customers, P(alive) %.4f vs alive %.4f, 90-day purchases %.0f vs %.0f, spend %.3f vs %.3f",
			name, s.n, s.pAlive/s.n, s.alive/s.n, s.predicted, s.actual, s.spend/s.n, s.trueSpend/s.n)
		withinShare(t, name+": mean P(alive) against the share alive", s.pAlive, s.alive, 0.02)
		withinShare(t, name+": predicted 90-day purchases against actual", s.predicted, s.actual, 0.03)
		withinShare(t, name+": expected spend against the true mean spend", s.spend, s.trueSpend, 0.01)
	}

	score, err := ScoreHoldout(walkinTruth, sim.calibration, sim.holdout, 90)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(score.TotalError()) > 0.03 {
		t.Errorf("holdout total error of the true model %.2f%%", 100*score.TotalError())
	}
}
