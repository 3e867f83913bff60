package btyd

import (
	"errors"
	"testing"
)

// Calibrate BG/NBD and MBG/NBD on walk-ins simulated from each in turn
// and compare them on the following 90 days: each must predict the total
// of its own kind of data closely, and fit it at least as well as the
// other model does.
func TestHoldoutComparison(t *testing.T) {
	ages := staggeredAges(11, 100_000)
	for _, truth := range []BGNBD{walkinTruth, {R: 0.6, Alpha: 60, A: 0.8, B: 3, Modified: true}} {
		sim := simulate(12, truth, nil, ages, 90, false)
		bg, mbg := fitBetaGeos(t, Aggregate(sim.calibration))
		right, wrong := bg, mbg
		if truth.Modified {
			right, wrong = mbg, bg
		}
		good, err := ScoreHoldout(right, sim.calibration, sim.holdout, 90)
		if err != nil {
			t.Fatal(err)
		}
		other, _ := ScoreHoldout(wrong, sim.calibration, sim.holdout, 90)
		t.Logf("data from %s: its own model predicts %.0f (MAE %.4f, LL %.1f), the other %.0f (MAE %.4f, LL %.1f); actual %.0f",
			modelName(truth.Modified), good.Predicted, good.MAE, right.LogLik, other.Predicted, other.MAE, wrong.LogLik, good.Actual)
		if good.TotalError() > 0.03 || good.TotalError() < -0.03 {
			t.Errorf("%s: holdout total off by %.1f%%", modelName(truth.Modified), 100*good.TotalError())
		}
		if right.LogLik < wrong.LogLik {
			t.Errorf("%s data: the other model fits the calibration period better (%.1f > %.1f)", modelName(truth.Modified), wrong.LogLik, right.LogLik)
		}
	}
	if _, err := ScoreHoldout(walkinTruth, make([]Summary, 3), make([]float64, 2), 90); err == nil {
		t.Error("3 customers with 2 holdout counts should be an error")
	}
	if _, err := ScoreHoldout(walkinTruth, nil, nil, 90); !errors.Is(err, ErrNoCustomers) {
		t.Errorf("no customers: %v", err)
	}
}

// fitBetaGeos fits BG/NBD and MBG/NBD to the same rows.
func fitBetaGeos(t *testing.T, rows []Weighted) (bg, mbg BGNBD) {
	t.Helper()
	bg, err := FitBGNBD(rows)
	if err != nil {
		t.Fatal(err)
	}
	if mbg, err = FitMBGNBD(rows); err != nil {
		t.Fatal(err)
	}
	return bg, mbg
}
