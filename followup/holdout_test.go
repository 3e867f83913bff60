package followup

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"postcrm"
)

// manyStrata gives n warnings over kinds and offices so that most
// (kind, office) strata hold one or two warnings.
func manyStrata(month postcrm.Month, n int) []postcrm.Warning {
	kinds := []postcrm.WarningKind{postcrm.WarnDecline, postcrm.WarnChurn, postcrm.WarnWalkinChurn}
	ws := make([]postcrm.Warning, n)
	for i := range ws {
		ws[i] = postcrm.Warning{ID: int64(i + 1), Month: month, Kind: kinds[i%3],
			CustomerCode: fmt.Sprintf("C%05d", i), OfficeCode: fmt.Sprintf("%08d", (i*7)%(n/2+1))}
	}
	return ws
}

func TestHoldoutReproducible(t *testing.T) {
	ws := manyStrata(202605, 500)
	a, err := Holdout(202605, ws, 0.1)
	if err != nil {
		t.Fatal(err)
	}
	shuffled := slices.Clone(ws)
	slices.Reverse(shuffled)
	b, _ := Holdout(202605, shuffled, 0.1)
	for i := range ws {
		if a[i] != b[len(ws)-1-i] {
			t.Fatalf("warning %s: held out %v in one order, %v in the other", ws[i].CustomerCode, a[i], b[len(ws)-1-i])
		}
	}
	other, _ := Holdout(202606, manyStrata(202605, 500), 0.1)
	if slices.Equal(a, other) {
		t.Error("another month drew the same sample")
	}
}

func TestHoldoutShare(t *testing.T) {
	for _, share := range []float64{0, 0.05, 0.1, 0.3, 0.5, 1} {
		for _, n := range []int{1, 7, 100, 999} {
			held, err := Holdout(202601, manyStrata(202601, n), share)
			if err != nil {
				t.Fatal(err)
			}
			k := 0
			for _, h := range held {
				if h {
					k++
				}
			}
			if want := float64(n) * share; math.Abs(float64(k)-want) >= 1 {
				t.Errorf("share %v of %d: %d held out, want %v ± 1", share, n, k, want)
			}
		}
	}
	if _, err := Holdout(202601, nil, 1.5); err == nil {
		t.Error("a share above 1 must be refused")
	}
}

// Strata of one or two warnings each get their proportional share in
// expectation: over many months every stratum is held out about 10% of
// the time, where rounding within the stratum would never hold one out.
func TestHoldoutStratified(t *testing.T) {
	const months, share = 400, 0.1
	ws := manyStrata(0, 300)
	strata := map[string]int{}
	for _, w := range ws {
		strata[string(w.Kind)+w.OfficeCode]++
	}
	heldBy := map[string]int{}
	for m := range months {
		month := postcrm.Month(200001).Add(m)
		held, _ := Holdout(month, ws, share)
		perMonth := map[string]int{}
		for i, h := range held {
			if h {
				perMonth[string(ws[i].Kind)+ws[i].OfficeCode]++
			}
		}
		for s, k := range perMonth {
			// Systematic sampling never takes more than its share rounded up.
			if limit := math.Ceil(float64(strata[s]) * share); float64(k) > limit {
				t.Fatalf("month %d: stratum %s of %d had %d held out", month, s, strata[s], k)
			}
			heldBy[s] += k
		}
	}
	small, smallHeld := 0, 0
	for s, n := range strata {
		if n <= 2 {
			small += n
			smallHeld += heldBy[s]
		}
	}
	if small < 100 {
		t.Fatalf("test data has only %d warnings in small strata", small)
	}
	rate := float64(smallHeld) / float64(small*months)
	if math.Abs(rate-share) > 0.01 {
		t.Errorf("small strata held out at %.4f, want %.2f ± 0.01", rate, share)
	}
}
