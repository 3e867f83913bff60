package evaluate

import (
	"math"
	"testing"

	"postcrm"
)

// The delays: a stop found counts its days, one not found is missed;
// the quantiles interpolate between the sorted delays.
func TestAlertDelays(t *testing.T) {
	var d Delay
	var xs []float64
	stop := postcrm.Date(20261003)
	for _, found := range []postcrm.Date{20261005, 0, 20261004, 20261013, 20261106} {
		xs = delay(&d, xs, stop, found)
	}
	if d.Found != 4 || d.Missed != 1 {
		t.Fatalf("found %d, missed %d; want 4 and 1", d.Found, d.Missed)
	}
	if got := quantile(xs, 0.5); got != 6 { // 1, 2, 10, 34
		t.Errorf("median %v, want 6", got)
	}
	if got := quantile(xs, 0.9); math.Abs(got-26.8) > 1e-9 {
		t.Errorf("90th percentile %v, want 26.8", got)
	}
	if got := quantile(nil, 0.5); !math.IsNaN(got) {
		t.Errorf("median of nothing %v, want NaN", got)
	}
}
