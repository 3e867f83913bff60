package btyd

import (
	"math"
	"testing"
)

// Fader & Hardie (2005), "A Note on Deriving the Pareto/NBD Model and
// Related Expressions": the estimates on the CDNOW sample in weeks, as the
// lifetimes package checks them (three decimals).
func TestParetoNBDReproducesFaderHardieOnCDNOW(t *testing.T) {
	rows := Aggregate(readCDNOW(t, cdnowSummary))
	m, err := FitParetoNBD(rows)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("r=%.5f alpha=%.4f s=%.5f beta=%.4f LL=%.3f", m.R, m.Alpha, m.S, m.Beta, m.LogLik)
	within(t, "r", m.R, 0.553, 1e-3)
	within(t, "alpha", m.Alpha, 10.578, 1e-2)
	within(t, "s", m.S, 0.606, 1e-3)
	within(t, "beta", m.Beta, 11.669, 1e-2)
	within(t, "log-likelihood", m.LogLik, -9594.98, 0.01)
	if m.Customers != 2357 {
		t.Errorf("fit used %d customers", m.Customers)
	}
	published := ParetoNBD{R: 0.553, Alpha: 10.578, S: 0.606, Beta: 11.669}
	atPublished, err := published.LogLikelihood(rows)
	if err != nil {
		t.Fatal(err)
	}
	if atPublished > m.LogLik {
		t.Errorf("log-likelihood at the published parameters %.6f beats the fit's %.6f", atPublished, m.LogLik)
	}
}

// P(alive) and the conditional expectation against a direct evaluation of
// the note's formulas by numerical integration over the lifetime: alive
// at T with probability P(τ > T | data) and buying at rate E[λ | data].
func TestParetoNBDPredictionsAgreeWithDirectIntegration(t *testing.T) {
	for _, m := range []ParetoNBD{
		{R: 0.553, Alpha: 10.578, S: 0.606, Beta: 11.669}, // α < β
		{R: 0.8, Alpha: 20, S: 1.3, Beta: 5},              // α > β
		{R: 0.7, Alpha: 8, S: 1, Beta: 8},                 // α = β, s = 1
	} {
		for _, c := range []struct{ x, tx, T float64 }{{0, 0, 30}, {2, 30.43, 38.86}, {5, 10, 38}, {26, 30.86, 31}} {
			want := directPAlive(m, c.x, c.tx, c.T)
			if got := m.PAlive(c.x, c.tx, c.T); math.Abs(got-want) > 1e-6 {
				t.Errorf("%+v: P(alive | %v) = %.8f, integration gives %.8f", m, c, got, want)
			}
		}
	}
}

// directPAlive integrates the joint posterior of λ and μ: given λ and μ
// the likelihood is λ^x e^{−(λ+μ)T} (alive) + λ^x μ ∫_{t_x}^T e^{−(λ+μ)τ} dτ
// (died in between); λ and μ are integrated out on a log grid.
func directPAlive(m ParetoNBD, x, tx, T float64) float64 {
	const n, lo, hi = 600, -40.0, 6.0
	logGamma := func(v, shape, rate float64) float64 {
		lg, _ := math.Lgamma(shape)
		return shape*math.Log(rate) - lg + (shape-1)*math.Log(v) - rate*v
	}
	var alive, all float64
	for i := range n {
		lam := math.Exp(lo + (hi-lo)*(float64(i)+0.5)/n)
		for j := range n {
			mu := math.Exp(lo + (hi-lo)*(float64(j)+0.5)/n)
			w := math.Exp(logGamma(lam, m.R, m.Alpha)+logGamma(mu, m.S, m.Beta)+x*math.Log(lam)) * lam * mu // d(log λ) d(log μ)
			a := math.Exp(-(lam + mu) * T)
			d := mu / (lam + mu) * (math.Exp(-(lam+mu)*tx) - a)
			alive += w * a
			all += w * (a + d)
		}
	}
	return alive / all
}

// On CDNOW's 39-week holdout, the three purchase models side by side and
// against the naive forecast that every customer keeps its calibration
// rate: the models, which let customers die, must beat it per customer,
// and forecast alike (the literature's finding: BG/NBD fits CDNOW as
// well as Pareto/NBD).
func TestHoldoutComparisonOnCDNOW(t *testing.T) {
	calibration, holdout := readCDNOWHoldout(t)
	rows := Aggregate(calibration)
	pareto, err := FitParetoNBD(rows)
	if err != nil {
		t.Fatal(err)
	}
	bg, mbg := fitBetaGeos(t, rows)
	naive, err := ScoreHoldout(keepRate{}, calibration, holdout, cdnowHoldoutWeeks)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%-10s             predicted %.1f of %.0f repeat purchase days (%+.1f%%), MAE %.4f, RMSE %.4f",
		"naive", naive.Predicted, naive.Actual, 100*naive.TotalError(), naive.MAE, naive.RMSE)
	scores := map[string]HoldoutScore{}
	lls := map[string]float64{"Pareto/NBD": pareto.LogLik, "BG/NBD": bg.LogLik, "MBG/NBD": mbg.LogLik}
	for name, m := range map[string]Predictor{"Pareto/NBD": pareto, "BG/NBD": bg, "MBG/NBD": mbg} {
		s, err := ScoreHoldout(m, calibration, holdout, cdnowHoldoutWeeks)
		if err != nil {
			t.Fatal(err)
		}
		scores[name] = s
		t.Logf("%-10s LL %.2f  predicted %.1f of %.0f repeat purchase days (%+.1f%%), MAE %.4f, RMSE %.4f",
			name, lls[name], s.Predicted, s.Actual, 100*s.TotalError(), s.MAE, s.RMSE)
	}
	for name, s := range scores {
		if s.MAE >= naive.MAE || s.RMSE >= naive.RMSE {
			t.Errorf("%s: MAE %.4f, RMSE %.4f; the naive rate forecast %.4f, %.4f", name, s.MAE, s.RMSE, naive.MAE, naive.RMSE)
		}
		if rel := math.Abs(s.Predicted/scores["Pareto/NBD"].Predicted - 1); rel > 0.06 {
			t.Errorf("%s forecasts %.0f, %.1f%% off Pareto/NBD's %.0f", name, s.Predicted, 100*rel, scores["Pareto/NBD"].Predicted)
		}
	}
}

// keepRate forecasts x/T purchases per time unit: no customer ever leaves.
type keepRate struct{}

func (keepRate) ExpectedPurchases(t, x, _, T float64) float64 { return t * x / T }
