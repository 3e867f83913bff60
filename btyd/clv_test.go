package btyd

import (
	"math"
	"testing"
)

// The 12-month value must match what simulated walk-ins then spent.
func TestCLVMatchesSimulatedSpend(t *testing.T) {
	year := 12 * DaysPerMonth
	sim := simulate(9, walkinTruth, &demoSpend, staggeredAges(10, 100_000), year, false)
	var predicted, actual float64
	for i, c := range sim.calibration {
		predicted += CLV(walkinTruth, demoSpend, c, CLVOptions{})
		actual += sim.holdoutSpend[i]
	}
	t.Logf("12-month value of %d walk-ins: predicted %.0f, spent %.0f", len(sim.calibration), predicted, actual)
	withinShare(t, "total 12-month value", predicted, actual, 0.03)
}

func TestCLVDiscounting(t *testing.T) {
	m := BGNBD{R: 0.2426, Alpha: 4.4135, A: 0.7929, B: 2.4258}
	g := GammaGamma{P: 6.2488, Q: 3.7446, Gamma: 15.4478}
	c := Summary{X: 2, Tx: 30.43, T: 38.86, Monetary: 22.35}
	weekly := CLVOptions{UnitsPerMonth: WeeksPerMonth}
	plain := CLV(m, g, c, weekly)
	if want := m.ExpectedPurchases(12*WeeksPerMonth, c.X, c.Tx, c.T) * g.ExpectedSpend(c.Monetary, c.X); math.Abs(plain-want) > 1e-12*want {
		t.Errorf("undiscounted 12-month value %.10g, want expected purchases × expected spend = %.10g", plain, want)
	}
	// Month by month with a negligible rate, the increments add up to the
	// same total.
	weekly.MonthlyDiscount = 1e-12
	withinRel(t, "value summed month by month", CLV(m, g, c, weekly), plain, 1e-9)

	// At 1% a month every month's purchases lose between 1% and 11.4%.
	weekly.MonthlyDiscount = 0.01
	discounted := CLV(m, g, c, weekly)
	if !(discounted < plain/1.01 && discounted > plain/math.Pow(1.01, 12)) {
		t.Errorf("discounted value %.4f outside (%.4f, %.4f)", discounted, plain/math.Pow(1.01, 12), plain/1.01)
	}
	// The defaults are 12 months of days.
	inDays := BGNBD{R: m.R, Alpha: m.Alpha * 7, A: m.A, B: m.B}
	daily := Summary{X: c.X, Tx: c.Tx * 7, T: c.T * 7, Monetary: c.Monetary}
	withinRel(t, "default options on the same model in days", CLV(inDays, g, daily, CLVOptions{}), plain, 1e-12)
}
