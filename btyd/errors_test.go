package btyd

import (
	"errors"
	"math"
	"strings"
	"testing"
)

// checkError reports unless err is want (if not nil) and says says.
func checkError(t *testing.T, name string, fitted any, err, want error, says string) {
	t.Helper()
	switch {
	case err == nil:
		t.Errorf("%s: fitted %+v, want an error", name, fitted)
	case want != nil && !errors.Is(err, want):
		t.Errorf("%s: %v, want %v", name, err, want)
	case !strings.Contains(err.Error(), says):
		t.Errorf("%s: %q does not say %q", name, err, says)
	}
}

func TestFitErrors(t *testing.T) {
	cases := []struct {
		name string
		rows []Weighted
		want error  // errors.Is target, or nil
		says string // part of the message
	}{
		{"no customers", nil, ErrNoCustomers, ""},
		{"nobody came back", []Weighted{{0, 0, 30, 500}, {0, 0, 12, 40}}, ErrNoRepeatPurchases, ""},
		{"fractional frequency", []Weighted{{1, 1, 30, 5}, {1.5, 3, 30, 1}}, nil, "第 2 行"},
		{"recency after age", []Weighted{{2, 31, 30, 1}}, nil, "t_x=31"},
		{"recency without repeat", []Weighted{{0, 3, 30, 1}}, nil, "x=0"},
		{"no count", []Weighted{{2, 3, 30, 0}}, nil, "人数"},
		{"NaN age", []Weighted{{2, 3, math.NaN(), 1}}, nil, "T=NaN"},
		// Ten identical customers who all bought at the very end: the
		// estimates run off towards infinity.
		{"nothing to tell rates apart", []Weighted{{2, 30, 30, 10}}, ErrNotConverged, "趋于 0 或无穷大"},
		// lnΓ(r+x) overflows: the likelihood is not finite anywhere.
		{"astronomic frequency", []Weighted{{1e306, 10, 30, 1}, {0, 0, 30, 1}}, ErrNotConverged, "有限"},
	}
	for _, c := range cases {
		for _, fit := range []func([]Weighted) (BGNBD, error){FitBGNBD, FitMBGNBD} {
			m, err := fit(c.rows)
			checkError(t, c.name, m, err, c.want, c.says)
		}
	}
}

// A likelihood that grows without bound, as when the data cannot pin a
// parameter down, ends in ErrNotConverged, not in huge or NaN estimates.
func TestRunawayLikelihoodIsAnError(t *testing.T) {
	runaway := func(theta, grad []float64) float64 {
		if grad != nil {
			grad[0], grad[1] = 1, -2*theta[1]
		}
		return theta[0] - theta[1]*theta[1]
	}
	theta, _, err := maximize(runaway, [][]float64{{0, 1}, {3, 0}})
	if !errors.Is(err, ErrNotConverged) {
		t.Errorf("maximize gave %v, %v; want ErrNotConverged", theta, err)
	}
}

func TestGammaGammaErrors(t *testing.T) {
	cases := []struct {
		name      string
		customers []Summary
		want      error
		says      string
	}{
		{"no repeat buyers", []Summary{{X: 0, T: 10}, {X: 0, T: 3}}, ErrNoRepeatPurchases, ""},
		{"zero spend", []Summary{{X: 2, Tx: 3, T: 10, Monetary: 12}, {X: 1, Tx: 1, T: 5}}, nil, "第 2 行"},
		{"infinite spend", []Summary{{X: 2, Tx: 3, T: 10, Monetary: math.Inf(1)}}, nil, "第 1 行"},
	}
	for _, c := range cases {
		g, err := FitGammaGamma(c.customers)
		checkError(t, c.name, g, err, c.want, c.says)
	}
}
