package btyd

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The CDNOW files and their sums as recorded in testdata/cdnow/README.md.
const (
	cdnowSummary      = "cdnow_customers_summary.csv"
	cdnowTransactions = "cdnow_customers_summary_with_transactions.csv"
)

var cdnowSHA256 = map[string]string{
	cdnowSummary:      "09d92ca80daaabe8be0f997d4c539f9c9606106baa5b199081fe01cbce5fa9f6",
	cdnowTransactions: "7ddd11b55be3227edfc1d58675154e96971b0de3ad37ddd9280d1dba154b8b2f",
}

// readCDNOW reads one of the CDNOW files after checking that its bytes are
// the published ones.
func readCDNOW(t testing.TB, name string) []Summary {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "testdata", "cdnow", name))
	if err != nil {
		t.Fatal(err)
	}
	if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != cdnowSHA256[name] {
		t.Fatalf("%s is not the published file: sha256 %x", name, sum)
	}
	rows, _, err := ReadSummaryCSV(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return rows
}

func within(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if !(math.Abs(got-want) <= tol) {
		t.Errorf("%s = %.7g, want %.7g ± %g", what, got, want, tol)
	}
}

func withinRel(t *testing.T, what string, got, want, rel float64) {
	t.Helper()
	within(t, what, got, want, rel*math.Abs(want))
}

func fitCDNOW(t *testing.T, fit func([]Weighted) (BGNBD, error)) BGNBD {
	t.Helper()
	m, err := fit(Aggregate(readCDNOW(t, cdnowSummary)))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func withinParameters(t *testing.T, got, want BGNBD, tol float64) {
	t.Helper()
	within(t, "r", got.R, want.R, tol)
	within(t, "alpha", got.Alpha, want.Alpha, tol)
	within(t, "a", got.A, want.A, tol)
	within(t, "b", got.B, want.B, tol)
}

// Fader, Hardie & Lee (2005), "Counting your customers the easy way",
// section 4: the BG/NBD estimates on the CDNOW sample, in weeks.
func TestBGNBDReproducesFaderHardieLeeOnCDNOW(t *testing.T) {
	customers := readCDNOW(t, cdnowSummary)
	if len(customers) != 2357 {
		t.Fatalf("read %d customers, the sample has 2357", len(customers))
	}
	m, err := FitBGNBD(Aggregate(customers))
	if err != nil {
		t.Fatal(err)
	}
	withinParameters(t, m, BGNBD{R: 0.2426, Alpha: 4.4135, A: 0.7929, B: 2.4258}, 1.5e-3)
	within(t, "log-likelihood", m.LogLik, -9582.43, 0.01)
	if m.Customers != 2357 {
		t.Errorf("fit used %d customers", m.Customers)
	}

	// Customer 1516 of the paper's section 5. The published figures fit
	// its exact recency, 216 days = 30.857 weeks, to 3e-6 and 4e-5; the
	// file rounds it to 30.86, which moves the 52-week figure by 1.1e-4
	// (to 25.75949): the rounding, not the arithmetic, which
	// TestExpectedPurchasesAgreesWithPapersFormula checks.
	c := customers[1515]
	if c.X != 26 || c.Tx != 30.86 || c.T != 31 {
		t.Fatalf("customer 1516 is %+v, not x=26 t_x=30.86 T=31", c)
	}
	exactTx := 216.0 / 7
	withinRel(t, "P(alive) of 1516", m.PAlive(c.X, exactTx, c.T), 0.9688523, 1e-4)
	withinRel(t, "E[Y(52)] of 1516", m.ExpectedPurchases(52, c.X, exactTx, c.T), 25.75659, 1e-4)

	// Fitting must have found the maximum: the published parameters
	// cannot do better, and LogLikelihood agrees with the fit.
	published := BGNBD{R: 0.2426, Alpha: 4.4135, A: 0.7929, B: 2.4258}
	rows := Aggregate(customers)
	atPublished, err := published.LogLikelihood(rows)
	if err != nil {
		t.Fatal(err)
	}
	atFit, _ := m.LogLikelihood(rows)
	if atPublished > atFit || math.Abs(atFit-m.LogLik) > 1e-9 {
		t.Errorf("log-likelihood at the published parameters %.6f, at the fit %.6f (reported %.6f)", atPublished, atFit, m.LogLik)
	}
}

// The figures of Hardie's spreadsheet for CDNOW ("Implementing the BG/NBD
// Model for Customer Base Analysis in Excel"), as lifetimes checks them:
// customer 1 (x=2, t_x=30.43, T=38.86) over 39 weeks, and E[X(t)].
func TestBGNBDMatchesHardieSpreadsheet(t *testing.T) {
	m := fitCDNOW(t, FitBGNBD)
	within(t, "E[Y(39) | 2, 30.43, 38.86]", m.ExpectedPurchases(39, 2, 30.43, 38.86), 1.226, 5e-4)
	for _, c := range []struct{ t, want float64 }{
		{0.1429, 0.0078}, {1, 0.0532}, {3, 0.1506}, {31.8571, 1.0405}, {32, 1.0437}, {78, 1.8576},
	} {
		within(t, "E[X(t)]", m.ExpectedRepeatPurchases(c.t), c.want, 5e-4)
	}
}

// The MBG/NBD estimates on CDNOW of the BTYDplus R package (Platzer), as
// the lifetimes package checks them.
func TestMBGNBDReproducesBTYDplusOnCDNOW(t *testing.T) {
	m := fitCDNOW(t, FitMBGNBD)
	withinParameters(t, m, BGNBD{R: 0.525, Alpha: 6.183, A: 0.891, B: 1.614}, 1e-3)
	if m.PAlive(0, 0, 30) >= 1 {
		t.Errorf("an MBG/NBD customer without repeat purchases can have dropped out, yet P(alive) = %g", m.PAlive(0, 0, 30))
	}
}

// Fader & Hardie (2013), "The Gamma-Gamma Model of Monetary Value": the
// estimates on the 946 CDNOW repeat buyers.
func TestGammaGammaReproducesFaderHardieOnCDNOW(t *testing.T) {
	customers := readCDNOW(t, cdnowTransactions)
	g, err := FitGammaGamma(customers)
	if err != nil {
		t.Fatal(err)
	}
	if g.Customers != 946 {
		t.Errorf("fit used %d repeat buyers, the sample has 946", g.Customers)
	}
	within(t, "p", g.P, 6.2488, 1.5e-3)
	within(t, "q", g.Q, 3.7446, 1.5e-3)
	within(t, "gamma", g.Gamma, 15.4478, 1.5e-3)
	published := GammaGamma{P: 6.2488, Q: 3.7446, Gamma: 15.4478}
	atPublished, err := published.LogLikelihood(customers)
	if err != nil {
		t.Fatal(err)
	}
	if atPublished > g.LogLik {
		t.Errorf("log-likelihood at the published parameters %.6f beats the fit's %.6f", atPublished, g.LogLik)
	}
	// A customer without repeat purchases gets the population mean,
	// whatever stands in its spend column.
	withinRel(t, "E[Z] for x=0", g.ExpectedSpend(123, 0), g.P*g.Gamma/(g.Q-1), 1e-15)
	t.Logf("p=%.6f q=%.6f gamma=%.6f LL=%.4f", g.P, g.Q, g.Gamma, g.LogLik)
}

// cdnowSample is the event log behind the summaries (testdata/cdnow/README.md).
const cdnowSample = "CDNOW_sample.txt"

func init() {
	cdnowSHA256[cdnowSample] = "6fae10155c0b0ba363c2c386e30f77990d22328220efd862a5edd1443420d94a"
}

// The calibration period ends 1997-09-30; the holdout runs from
// 1997-10-01 to 1998-06-30, 39 weeks.
const (
	cdnowCalibrationEnd = "19970930"
	cdnowHoldoutWeeks   = 39.0
)

// readCDNOWHoldout returns the published calibration summaries and, per
// customer, the purchase days of the holdout period counted from the event
// log (several orders on one day are one purchase, as in the summaries).
// The log's calibration days must reproduce the summaries' x.
func readCDNOWHoldout(t *testing.T) (calibration []Summary, holdout []float64) {
	t.Helper()
	calibration = readCDNOW(t, cdnowSummary)
	data, err := os.ReadFile(filepath.Join("..", "testdata", "cdnow", cdnowSample))
	if err != nil {
		t.Fatal(err)
	}
	if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != cdnowSHA256[cdnowSample] {
		t.Fatalf("%s is not the published file: sha256 %x", cdnowSample, sum)
	}
	days := make([]map[string]bool, len(calibration))
	for line := range strings.Lines(string(data)) {
		f := strings.Fields(line)
		if len(f) != 5 {
			t.Fatalf("%s: line %q", cdnowSample, line)
		}
		id, err := strconv.Atoi(f[1])
		if err != nil || id < 1 || id > len(calibration) {
			t.Fatalf("%s: sample id %q", cdnowSample, f[1])
		}
		if days[id-1] == nil {
			days[id-1] = map[string]bool{}
		}
		days[id-1][f[2]] = true
	}
	holdout = make([]float64, len(calibration))
	for i, ds := range days {
		calibrationDays := 0
		for d := range ds {
			if d <= cdnowCalibrationEnd {
				calibrationDays++
			} else {
				holdout[i]++
			}
		}
		if float64(calibrationDays-1) != calibration[i].X {
			t.Fatalf("customer %d: %d purchase days in the calibration period, the summary says x = %g", i+1, calibrationDays, calibration[i].X)
		}
	}
	return calibration, holdout
}
