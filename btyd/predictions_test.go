package btyd

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mathext"
)

func hyp2f1(a, b, c, z float64) (float64, bool) {
	tail, ok := hypergeometricTail(a, b, c, z, a*b*z/c)
	return 1 + tail, ok
}

// The series against functions with closed forms, and against gonum's
// Cephes-based 2F1, up to z = 0.999.
func TestHypergeometricSeries(t *testing.T) {
	closed := []struct {
		name       string
		a, b, c, z float64
		want       float64
	}{
		{"−ln(1−z)/z", 1, 1, 2, 0.9, -math.Log(1-0.9) / 0.9},
		{"−ln(1−z)/z near 1", 1, 1, 2, 0.999, -math.Log(1-0.999) / 0.999},
		{"(1−z)^−a", 2.5, 3, 3, 0.7, math.Pow(1-0.7, -2.5)},
		{"arcsin(√z)/√z", 0.5, 0.5, 1.5, 0.81, math.Asin(0.9) / 0.9},
		{"polynomial", -3, 2, 1.5, 0.6, 1 + (-3*2/1.5)*0.6 + (-3*-2*2*3/(1.5*2.5*2))*0.36 + (-3*-2*-1*2*3*4/(1.5*2.5*3.5*6))*0.216},
		{"z = 0", 4, 5, 6, 0, 1},
	}
	for _, c := range closed {
		got, ok := hyp2f1(c.a, c.b, c.c, c.z)
		if !ok || math.Abs(got-c.want) > 1e-13*math.Abs(c.want) {
			t.Errorf("%s: 2F1(%g,%g;%g;%g) = %.17g (ok %v), want %.17g", c.name, c.a, c.b, c.c, c.z, got, ok, c.want)
		}
	}
	for _, a := range []float64{-1.7, 0.3, 2, 27.2} {
		for _, b := range []float64{-0.2, 0.8, 3.5} {
			for _, c := range []float64{0.4, 2.9, 30} {
				for _, z := range []float64{0.01, 0.3, 0.6, 0.9, 0.999} {
					got, ok := hyp2f1(a, b, c, z)
					want := mathext.Hypergeo(a, b, c, z)
					if !ok || math.Abs(got-want) > 1e-10*math.Abs(want) {
						t.Errorf("2F1(%g,%g;%g;%g) = %.15g (ok %v), Cephes says %.15g", a, b, c, z, got, ok, want)
					}
				}
			}
		}
	}
	if v, ok := hyp2f1(1, 1, 2, 1-1e-9); ok || !math.IsNaN(v) {
		t.Errorf("z within 1e-9 of 1 gave %g, ok %v: want NaN and not ok", v, ok)
	}
}

// expectedByQuadrature is E[purchases in the next t | alive] computed in a
// different way from the code under test: given alive at T, λ ~ Gamma(r+x,
// α+T) and p ~ Beta(a, b+k) a posteriori, and a customer with λ and p buys
// (1 − e^(−λpt))/p times in expectation (Fader, Hardie & Lee 2005, eq. 7).
// Averaging over λ in closed form leaves one integral over p.
func expectedByQuadrature(m BGNBD, t, x, T float64) float64 {
	k := dropoutChances(x, m.Modified)
	A, B := m.R+x, m.B+k
	u := t / (m.Alpha + T)
	logBeta := mathext.Lbeta(m.A, B)
	return tanhSinh(func(p, q float64) float64 {
		density := math.Exp((m.A-1)*math.Log(p) + (B-1)*math.Log(q) - logBeta)
		return density * -math.Expm1(-A*math.Log1p(p*u)) / p
	})
}

// tanhSinh integrates f(p, 1−p) over (0, 1) by the double-exponential
// rule, which copes with the beta density's endpoint singularities and
// narrow peaks alike. 1−p is passed separately because near p = 1 it
// cannot be recovered from p.
func tanhSinh(f func(p, q float64) float64) float64 {
	const h = 1.0 / 128
	var sum float64
	for i := -6 * 128; i <= 6*128; i++ {
		tau := float64(i) * h
		s := math.Pi / 2 * math.Sinh(tau)
		p, q := 1/(1+math.Exp(-2*s)), 1/(1+math.Exp(2*s))
		if weight := math.Pi * math.Cosh(tau) * p * q; weight > 0 {
			sum += weight * f(p, q)
		}
	}
	return h * sum
}

func TestExpectedPurchasesAgreesWithQuadrature(t *testing.T) {
	models := []BGNBD{
		{R: 0.2426, Alpha: 4.4135, A: 0.7929, B: 2.4258},
		{R: 0.6, Alpha: 60, A: 0.8, B: 3},
		{R: 0.6, Alpha: 60, A: 1, B: 3}, // a = 1: the papers' formula divides 0 by 0
		{R: 0.6, Alpha: 60, A: 1 + 1e-9, B: 3},
		{R: 2.5, Alpha: 0.5, A: 3.2, B: 1.4},
		{R: 0.6, Alpha: 60, A: 0.8, B: 3, Modified: true},
	}
	cases := []struct{ t, x, T float64 }{
		{1e-6, 0, 100}, // tiny horizon: no cancellation
		{90, 0, 0},
		{90, 3, 400},
		{52, 26, 31},
		{365, 700, 660}, // (α+T)^(r+x) far beyond float64
		{5e4, 2, 10},    // z = 0.9986
	}
	for _, m := range models {
		for _, c := range cases {
			got := m.expectedIfAlive(c.t, c.x, c.T)
			want := expectedByQuadrature(m, c.t, c.x, c.T)
			if !(math.Abs(got-want) <= 1e-10*want) {
				t.Errorf("%+v t=%g x=%g T=%g: expected purchases if alive %.12g, quadrature %.12g", m, c.t, c.x, c.T, got, want)
			}
		}
	}
}

// The papers' own formula, through Cephes' 2F1, where it stays in range.
func TestExpectedPurchasesAgreesWithPapersFormula(t *testing.T) {
	m := BGNBD{R: 0.2426, Alpha: 4.4135, A: 0.7929, B: 2.4258}
	for _, c := range []struct{ t, x, tx, T float64 }{{39, 2, 30.43, 38.86}, {52, 26, 30.86, 31}, {10, 0, 0, 35}, {78, 5, 10, 38}} {
		z := c.t / (m.Alpha + c.T + c.t)
		f := mathext.Hypergeo(m.R+c.x, m.B+c.x, m.A+m.B+c.x-1, z)
		alive := (m.A + m.B + c.x - 1) / (m.A - 1) * (1 - math.Pow((m.Alpha+c.T)/(m.Alpha+c.T+c.t), m.R+c.x)*f)
		odds := 0.0
		if c.x > 0 {
			odds = m.A / (m.B + c.x - 1) * math.Pow((m.Alpha+c.T)/(m.Alpha+c.tx), m.R+c.x)
		}
		withinRel(t, "P(alive)", m.PAlive(c.x, c.tx, c.T), 1/(1+odds), 1e-13)
		withinRel(t, "E[Y(t)]", m.ExpectedPurchases(c.t, c.x, c.tx, c.T), alive/(1+odds), 1e-10)
	}
}

func TestPredictionsStayFiniteAtExtremes(t *testing.T) {
	m := BGNBD{R: 0.6, Alpha: 60, A: 0.8, B: 3}
	for _, x := range []float64{0, 1, 50, 5000} {
		for _, T := range []float64{0, 1, 660, 1e6} {
			for _, tx := range []float64{0, T / 2, T} {
				if x == 0 {
					tx = 0
				}
				p, e := m.PAlive(x, tx, T), m.ExpectedPurchases(90, x, tx, T)
				if !(p >= 0 && p <= 1) || !(e >= 0) || math.IsInf(e, 0) {
					t.Errorf("x=%g t_x=%g T=%g: P(alive) %g, E[Y(90)] %g", x, tx, T, p, e)
				}
			}
		}
	}
	if e := m.ExpectedPurchases(1e9, 1, 1, 2); !math.IsNaN(e) {
		t.Errorf("a horizon of 10^9 days gave %g; the series cannot converge there and should say NaN", e)
	}
}
