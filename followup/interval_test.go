package followup

import (
	"math"
	"testing"
)

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

// The published examples of Newcombe (1998), Table II, method 10.
func TestNewcombePublished(t *testing.T) {
	for _, c := range []struct {
		k1, n1, k2, n2 int
		lo, hi         float64
	}{
		{56, 70, 48, 80, 0.0524, 0.3339},
		{9, 10, 3, 10, 0.1705, 0.8090},
	} {
		iv := Newcombe(c.k1, c.n1, c.k2, c.n2, z95)
		if !iv.OK || !near(iv.Low, c.lo, 5e-5) || !near(iv.High, c.hi, 5e-5) {
			t.Errorf("%d/%d − %d/%d: got [%.5f, %.5f], want [%.4f, %.4f]", c.k1, c.n1, c.k2, c.n2, iv.Low, iv.High, c.lo, c.hi)
		}
	}
}

// 3 of 4 contacted against 1 of 4 held out, worked by hand:
// Wilson(3/4) = (0.30064, 0.95440), Wilson(1/4) = (0.04560, 0.69936),
// L = 0.5 − √(0.44936² + 0.44936²) = −0.13549,
// U = 0.5 + √(0.20440² + 0.20440²) = 0.78906.
func TestNewcombeByHand(t *testing.T) {
	lo, hi := Wilson(3, 4, z95)
	if !near(lo, 0.30064, 5e-5) || !near(hi, 0.95440, 5e-5) {
		t.Errorf("Wilson(3/4) = [%.5f, %.5f]", lo, hi)
	}
	iv := Newcombe(3, 4, 1, 4, z95)
	if !near(iv.Diff, 0.5, 1e-12) || !near(iv.Low, -0.13549, 5e-5) || !near(iv.High, 0.78906, 5e-5) {
		t.Errorf("3/4 − 1/4: got %.5f [%.5f, %.5f]", iv.Diff, iv.Low, iv.High)
	}
}

func TestNewcombeEdges(t *testing.T) {
	if iv := Newcombe(1, 2, 0, 0, z95); iv.OK {
		t.Errorf("an empty group must give no interval, got %+v", iv)
	}
	for _, c := range [][4]int{{0, 10, 0, 20}, {10, 10, 0, 20}, {0, 5, 5, 5}, {1, 1, 1, 1}} {
		iv := Newcombe(c[0], c[1], c[2], c[3], z95)
		if iv.Low < -1 || iv.High > 1 || iv.Low > iv.Diff || iv.High < iv.Diff {
			t.Errorf("%v: interval [%v, %v] around %v leaves [−1, 1] or misses the estimate", c, iv.Low, iv.High, iv.Diff)
		}
	}
	if lo, hi := Wilson(0, 0, z95); lo != 0 || hi != 1 {
		t.Errorf("Wilson of no trials: [%v, %v]", lo, hi)
	}
}
