package btyd

import (
	"math"
	"testing"
)

// walkinTruth is the walk-in behaviour of the demo province, per day.
var walkinTruth = BGNBD{R: 0.6, Alpha: 60, A: 0.8, B: 3}

// millionWalkins are a million walk-ins in days, with spend, first seen
// over 22 months.
func millionWalkins(b *testing.B) []Summary {
	b.Helper()
	return simulate(1, walkinTruth, &demoSpend, staggeredAges(2, 1_000_000), 0, true).calibration
}

// Aggregation and fit together, as the monthly analysis runs them.
func BenchmarkFitBGNBDMillion(b *testing.B) {
	customers := millionWalkins(b)
	for b.Loop() {
		rows := Aggregate(customers)
		m, err := FitBGNBD(rows)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(rows)), "rows")
		b.ReportMetric(m.R, "r")
	}
}

func BenchmarkFitGammaGammaMillion(b *testing.B) {
	customers := millionWalkins(b)
	for b.Loop() {
		g, err := FitGammaGamma(customers)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(g.Customers), "buyers")
	}
}

// What the monthly analysis computes for each walk-in: P(alive), the
// expected purchases in the next 90 days and the 12-month value.
func BenchmarkPredictMillion(b *testing.B) {
	customers := millionWalkins(b)
	for b.Loop() {
		var sum float64
		for _, c := range customers {
			sum += walkinTruth.PAlive(c.X, c.Tx, c.T) + walkinTruth.ExpectedPurchases(90, c.X, c.Tx, c.T) +
				CLV(walkinTruth, demoSpend, c, CLVOptions{})
		}
		if math.IsNaN(sum) {
			b.Fatal("NaN prediction")
		}
	}
}
