package btyd

import (
	"cmp"
	"math"
	"slices"
	"testing"
)

// Aggregate must count every distinct (x, t_x, T) exactly, sorted, both on
// whole days (packed keys) and on fractional weeks (general keys).
func TestAggregateCountsEachDistinctCustomer(t *testing.T) {
	days := simulate(15, walkinTruth, nil, staggeredAges(16, 30_000), 0, true).calibration
	weeks := readCDNOW(t, cdnowSummary)
	zeros := []Summary{{X: 1, Tx: 0, T: 3}, {X: 1, Tx: math.Copysign(0, -1), T: 3}} // −0 is 0
	for name, customers := range map[string][]Summary{"days": days, "weeks": weeks, "signed zeros": zeros} {
		want := map[[3]float64]int{}
		for _, c := range customers {
			want[[3]float64{c.X, c.Tx, c.T}]++
		}
		rows := Aggregate(customers)
		if len(rows) != len(want) {
			t.Errorf("%s: %d rows for %d distinct customers", name, len(rows), len(want))
		}
		for _, r := range rows {
			if n := want[[3]float64{r.X, r.Tx, r.T}]; r.Count != n {
				t.Errorf("%s: row %+v, but %d such customers", name, r, n)
			}
		}
		if !slices.IsSortedFunc(rows, func(a, b Weighted) int {
			return cmp.Or(cmp.Compare(a.X, b.X), cmp.Compare(a.Tx, b.Tx), cmp.Compare(a.T, b.T))
		}) {
			t.Errorf("%s: rows not sorted by x, t_x, T", name)
		}
	}
}
