package evaluate

import (
	"context"
	"math"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"postcrm"
	"postcrm/analysis"
	"postcrm/calendar"
	"postcrm/demo"
	"postcrm/ingest"
	"postcrm/sqlite"
	"postcrm/sqlstore"
)

func TestQualityBarOnTheDemoProvince(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and imports a city-sized demo province")
	}
	ctx := context.Background()
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	last := QualityMonths[len(QualityMonths)-1]
	if _, err := demo.Generate(demo.Options{Dir: data, Scale: demo.City, Seed: 1, End: 20261031}); err != nil {
		t.Fatal(err)
	}
	store, err := sqlite.Open(ctx, filepath.Join(dir, "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	start := time.Now()
	importDemo(t, store, data, last)
	t.Logf("imported in %v", time.Since(start).Round(time.Second))

	truth, err := demo.LoadTruth(data)
	if err != nil {
		t.Fatal(err)
	}
	customers, err := store.Customers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cfg := analysis.DefaultConfig()
	var model, naive Score
	offSeasonSeen := false
	for _, month := range QualityMonths {
		r, err := Month(ctx, store, store, customers, truth.Customers, month, calendar.Default(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		m := r.Model
		t.Logf("%d: %d customers judged in %v", month, r.Judged, r.Elapsed.Round(time.Millisecond))
		t.Log(m)
		t.Log(r.Naive)
		if fpr := m.FalsePositiveRate(); fpr > MaxFalsePositiveRate {
			t.Errorf("%d: false-positive rate %.4f among normal customers, want at most %.2f", month, fpr, MaxFalsePositiveRate)
		}
		if m.OffSeasonFlags > 0 {
			t.Errorf("%d: %d seasonal customers warned in their off-season", month, m.OffSeasonFlags)
		}
		offSeasonSeen = offSeasonSeen || m.OffSeason
		model.add(m)
		naive.add(r.Naive)
	}
	t.Log(model)
	t.Log(naive)
	if !offSeasonSeen {
		t.Error("no tested month is the seasonal customers' off-season: the off-season check tested nothing")
	}
	if p := model.Precision(); p < MinPrecision {
		t.Errorf("precision %.3f over the months, want at least %.2f", p, MinPrecision)
	}
	if r := model.MaterialRecall(); r < MinRecall {
		t.Errorf("recall %.3f of the material changes over the months, want at least %.2f", r, MinRecall)
	}
	checkWalkins(t, store, truth, last)
}

// checkWalkins fits the walk-in model at the end of month and holds it to
// the quality bar: parameters within 15% of the generator's, and P(alive)
// ranking alive above dead walk-ins at least 97% as well as the true
// parameters do.
func checkWalkins(t *testing.T, store *sqlstore.Store, truth demo.Truth, month postcrm.Month) {
	t.Helper()
	ws, model, err := analysis.ModelWalkins(context.Background(), store, month)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Walkins(month, ws, model, truth)
	if err != nil {
		t.Fatal(err)
	}
	t.Log(r)
	for name, v := range map[string][2]float64{"r": {r.Fitted.R, r.True.R}, "alpha": {r.Fitted.Alpha, r.True.Alpha},
		"a": {r.Fitted.A, r.True.A}, "b": {r.Fitted.B, r.True.B}} {
		if rel := math.Abs(v[0]/v[1] - 1); rel > 0.15 {
			t.Errorf("walk-in %s = %.4f, %.0f%% off the true %.4f", name, v[0], 100*rel, v[1])
		}
	}
	if r.AUC < 0.97*r.TrueAUC {
		t.Errorf("P(alive) AUC %.4f is below 97%% of the true-parameter AUC %.4f", r.AUC, r.TrueAUC)
	}
}

// importDemo imports the org, customer and waybill exports, the waybills
// up to the month last.
func importDemo(t *testing.T, s *sqlstore.Store, dir string, last postcrm.Month) {
	t.Helper()
	m, err := demo.ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	now := func() time.Time { return m.Last.AddDays(1).Time() }
	for _, f := range m.Files {
		if f.Kind == postcrm.KindMembers || (f.Kind == postcrm.KindWaybills && fileMonth(f.Name) > last) {
			continue
		}
		path := filepath.Join(dir, f.Name)
		opt := ingest.Options{RejectsPath: path + ".rejects.csv", Now: now}
		if _, err := ingest.Import(context.Background(), s, f.Kind, path, opt); err != nil {
			t.Fatalf("import %s: %v", f.Name, err)
		}
	}
}

// fileMonth reads the month of a waybills-YYYY-MM.csv name.
func fileMonth(name string) postcrm.Month {
	m, err := postcrm.ParseMonth(strings.TrimSuffix(strings.TrimPrefix(name, "waybills-"), ".csv"))
	if err != nil {
		return 0
	}
	return m
}
