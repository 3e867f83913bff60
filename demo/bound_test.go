package demo

import (
	"math"
	"testing"

	"postcrm"
)

func TestNBSumCDF(t *testing.T) {
	// Poisson(5): P(Y ≤ 2) = e⁻⁵ (1 + 5 + 12.5).
	if got, want := nbSumCDF(2, 5, 5), math.Exp(-5)*18.5; math.Abs(got-want) > 1e-3 {
		t.Errorf("near-Poisson P(Y ≤ 2) = %.5f, want %.5f", got, want)
	}
	// Mean 4, variance 12: shape 2, P(Y = 0) = (2/6)², P(Y = 1) = 2·(2/6)²·(4/6).
	if got, want := nbSumCDF(1, 4, 12), 1.0/9+2.0/9*4/6; math.Abs(got-want) > 1e-9 {
		t.Errorf("negative binomial P(Y ≤ 1) = %.6f, want %.6f", got, want)
	}
	if nbSumCDF(-1, 4, 12) != 0 || nbSumCDF(3, 0, 0) != 1 {
		t.Error("edges: P(Y ≤ -1) must be 0, and a count of mean 0 is 0")
	}
	bc := boundCase{m0: 4, v0: 12}
	if got := bc.criticalCount(0.2); got != 0 { // P(0) = 0.111, P(≤1) = 0.259
		t.Errorf("critical count at 0.2 = %v, want 0", got)
	}
	if got := bc.criticalCount(0.1); got != -1 {
		t.Errorf("critical count at 0.1 = %v, want -1 (nothing flagged)", got)
	}
}

// The bound's test flags a normal customer with probability at most
// alpha, so its false positives stay under alpha × normal customers; it
// flags more as alpha grows, and two months find more than one.
func TestDetectionBound(t *testing.T) {
	spec := BoundSpec{
		Months: []postcrm.Month{202602, 202606}, Window: 1, MinMonthlyItems: 10, MinHistoryDays: 90,
		Due:    func(d postcrm.Date) postcrm.Month { return d.YearMonth() },
		Alphas: []float64{0.001, 0.01, 0.05},
	}
	opts := Options{Dir: t.TempDir(), Scale: Small, Seed: 3, End: testEnd}
	one, err := DetectionBound(opts, spec)
	if err != nil {
		t.Fatal(err)
	}
	if one.Targets == 0 || one.Normal == 0 {
		t.Fatalf("no targets (%d) or normal customers (%d) to bound", one.Targets, one.Normal)
	}
	for i, p := range one.Points {
		if p.FalsePositives > p.Alpha*float64(one.Normal) {
			t.Errorf("alpha %.3f: %.2f false positives among %d normal customers", p.Alpha, p.FalsePositives, one.Normal)
		}
		if i > 0 && (p.Detected < one.Points[i-1].Detected || p.FalsePositives < one.Points[i-1].FalsePositives) {
			t.Errorf("alpha %.3f flags less than alpha %.3f", p.Alpha, one.Points[i-1].Alpha)
		}
	}
	spec.Window = 2
	two, err := DetectionBound(opts, spec)
	if err != nil {
		t.Fatal(err)
	}
	if two.Targets != one.Targets {
		t.Fatalf("the window changed the targets: %d, %d", one.Targets, two.Targets)
	}
	if r1, r2 := one.Points[1].Recall(one.Targets), two.Points[1].Recall(two.Targets); r2 <= r1 {
		t.Errorf("at 1%% two months find %.3f of the changes, one month %.3f", r2, r1)
	}
	spec.Months = []postcrm.Month{testEnd.YearMonth()}
	if _, err := DetectionBound(opts, spec); err == nil {
		t.Error("a window past the data's end was bounded")
	}
}
