package btyd

import (
	"math"
	"slices"
	"testing"
)

// checkGradient compares f's analytic gradient with central differences
// at theta.
func checkGradient(t *testing.T, name string, f meanLogLikelihood, theta []float64) {
	t.Helper()
	analytic := make([]float64, len(theta))
	f(theta, analytic)
	for i := range theta {
		const h = 1e-5
		up, down := append([]float64(nil), theta...), append([]float64(nil), theta...)
		up[i] += h
		down[i] -= h
		numeric := (f(up, nil) - f(down, nil)) / (2 * h)
		if math.Abs(analytic[i]-numeric) > 1e-7*math.Max(1, math.Abs(numeric)) {
			t.Errorf("%s at %.3g: d/dθ%d analytic %.10g, finite differences %.10g", name, theta, i, analytic[i], numeric)
		}
	}
}

func TestBetaGeoGradientMatchesFiniteDifferences(t *testing.T) {
	cdnow := Aggregate(readCDNOW(t, cdnowSummary))
	walkins := Aggregate(simulate(3, walkinTruth, nil, staggeredAges(4, 20_000), 0, true).calibration)
	points := [][]float64{
		logs(0.2426, 4.4135, 0.7929, 2.4258),
		logs(1, 1, 1, 1),
		logs(0.05, 300, 5, 0.3), // b < 1: ln(b+k−1) near its pole at k = 1
		logs(3, 0.2, 0.01, 40),
	}
	for _, modified := range []bool{false, true} {
		for _, data := range [][]Weighted{cdnow, walkins} {
			d, err := newBetaGeoData(data, modified)
			if err != nil {
				t.Fatal(err)
			}
			for _, theta := range points {
				checkGradient(t, modelName(modified), d.meanLogLikelihood, theta)
			}
		}
	}
}

func TestGammaGammaGradientMatchesFiniteDifferences(t *testing.T) {
	d, err := newSpendData(readCDNOW(t, cdnowTransactions))
	if err != nil {
		t.Fatal(err)
	}
	for _, theta := range [][]float64{logs(6.2488, 3.7446, 15.4478), logs(1, 1, 1), logs(0.3, 12, 400), logs(40, 0.7, 0.05)} {
		checkGradient(t, "Gamma-Gamma", d.meanLogLikelihood, theta)
	}
}

// The tables of powers that spare most rows an exponential must give what
// computing each row directly gives: on simulated walk-ins, and on heavy
// buyers whose powers overflow the tables' range at some parameters.
func TestPowerTablesAgreeWithDirectComputation(t *testing.T) {
	var heavy []Weighted
	for T := 0.0; T < 60; T++ {
		for tx := 0.0; tx <= T; tx++ {
			heavy = append(heavy, Weighted{X: 300, Tx: tx, T: T, Count: 1})
		}
	}
	heavy = append(heavy, Weighted{X: 0, Tx: 0, T: 59, Count: 2000})
	walkins := Aggregate(simulate(13, walkinTruth, nil, staggeredAges(14, 50_000), 0, true).calibration)
	for _, data := range [][]Weighted{walkins, heavy} {
		tabled, err := newBetaGeoData(data, false)
		if err != nil {
			t.Fatal(err)
		}
		direct, _ := newBetaGeoData(data, false)
		clear(direct.powerStore)
		if !slices.ContainsFunc(tabled.powerStore, func(p []float64) bool { return p != nil }) {
			t.Fatal("no distinct x has enough rows for a table: the test tests nothing")
		}
		for _, theta := range [][]float64{logs(0.6, 60, 0.8, 3), logs(0.6, 0.5, 0.8, 3), logs(2, 1, 40, 0.5)} {
			gotGrad, wantGrad := make([]float64, 4), make([]float64, 4)
			got, want := tabled.meanLogLikelihood(theta, gotGrad), direct.meanLogLikelihood(theta, wantGrad)
			if math.Abs(got-want) > 1e-12*math.Abs(want) {
				t.Errorf("at %.3g: log-likelihood %.15g with tables, %.15g without", theta, got, want)
			}
			for i := range gotGrad {
				if math.Abs(gotGrad[i]-wantGrad[i]) > 1e-10*math.Max(1, math.Abs(wantGrad[i])) {
					t.Errorf("at %.3g: gradient %.12g with tables, %.12g without", theta, gotGrad, wantGrad)
					break
				}
			}
		}
	}
}
