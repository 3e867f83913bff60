package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"postcrm"
	"postcrm/demo"
	"postcrm/export"
	"postcrm/sqlite"
)

// The small demo end to end: generate, import every file through the
// command line, and check the store against the generator's manifest,
// which knows every planted bad row, repeated row and correction.
func TestDemoImportsExactlyWhatTheGeneratorPlanted(t *testing.T) {
	if testing.Short() {
		t.Skip("imports the whole small demo")
	}
	tmp := t.TempDir()
	dir, db := filepath.Join(tmp, "data"), filepath.Join(tmp, "demo.db")
	var out, errOut bytes.Buffer
	args := []string{"--db", db, "demo", "--scale", "small", "--dir", dir, "--end", "2026-10"}
	if err := run(context.Background(), args, &out, &errOut); err != nil {
		t.Fatalf("demo: %v\n%s", err, errOut.String())
	}
	if !strings.Contains(out.String(), "全省合计") || !strings.Contains(out.String(), "石家庄市") {
		t.Errorf("demo output lacks the per-city stats:\n%s", out.String())
	}
	m, err := demo.ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}

	ctx := context.Background()
	s, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	runs, err := s.ImportRuns(ctx)
	if err != nil {
		t.Fatal(err)
	}
	bySource := map[string]postcrm.ImportRun{}
	for _, r := range runs {
		bySource[r.Source] = r
	}
	for _, f := range m.Files {
		r, ok := bySource[f.Name]
		switch {
		case !ok:
			t.Errorf("%s was not imported", f.Name)
		case r.Read != f.Rows || r.Rejected != f.Rejected || r.Updated != f.Corrected ||
			(f.Kind == postcrm.KindWaybills && r.Unchanged != f.Repeated):
			t.Errorf("%s: read %d rejected %d updated %d unchanged %d; manifest says rows %d rejected %d corrected %d repeated %d",
				f.Name, r.Read, r.Rejected, r.Updated, r.Unchanged, f.Rows, f.Rejected, f.Corrected, f.Repeated)
		}
	}

	stats, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var waybills int64
	for _, c := range stats {
		waybills += c.Waybills
	}
	if waybills != int64(m.Waybills) {
		t.Errorf("stored %d waybills, the generator made %d distinct good ones", waybills, m.Waybills)
	}

	stored, err := s.Findings(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	type key struct {
		file   string
		line   int
		reason postcrm.Reason
	}
	have := map[key]bool{}
	for _, f := range stored {
		have[key{f.Source, f.Line, f.Reason}] = f.Rejected
	}
	for _, f := range m.Findings {
		rejected, ok := have[key{f.File, f.Line, f.Reason}]
		if !ok || rejected != f.Rejected {
			t.Errorf("planted %s at %s:%d (rejected=%v) not found as such among the stored findings", f.Reason, f.File, f.Line, f.Rejected)
		}
	}
	s.Close()
	checkAnalysis(t, db)
	checkAnalyzeDispatches(t, db)

	var evalOut bytes.Buffer
	if err := run(context.Background(), []string{"--db", db, "eval", "--month", "2026-10", "--dir", dir}, &evalOut, &evalOut); err != nil {
		t.Fatalf("eval: %v\n%s", err, evalOut.String())
	}
	if !strings.Contains(evalOut.String(), "精确率") || !strings.Contains(evalOut.String(), "AUC") {
		t.Errorf("eval output:\n%s", evalOut.String())
	}
}

// checkAnalysis runs the month's analysis on the imported demo twice and
// checks the summary, the exports and that the re-run kept the warnings.
func checkAnalysis(t *testing.T, db string) {
	t.Helper()
	analyze := func() (analysisSummary, string) {
		var out, errOut bytes.Buffer
		if err := run(context.Background(), []string{"--db", db, "analyze", "--month", "2026-10", "--json"}, &out, &errOut); err != nil {
			t.Fatalf("analyze: %v\n%s", err, errOut.String())
		}
		var sum analysisSummary
		if err := json.Unmarshal(out.Bytes(), &sum); err != nil {
			t.Fatalf("analyze --json: %v\n%s", err, out.String())
		}
		var csvOut bytes.Buffer
		if err := run(context.Background(), []string{"--db", db, "warnings", "--month", "2026-10"}, &csvOut, &errOut); err != nil {
			t.Fatal(err)
		}
		return sum, csvOut.String()
	}
	sum, first := analyze()
	if sum.Month != "2026-10" || sum.ContractCustomersAnalyzed == 0 || sum.WalkinModel.Customers == 0 ||
		sum.WalkinModel.Model != "bgnbd" || sum.WalkinModel.TimeUnit != "day" || sum.SpendModel.Model != "gamma_gamma" {
		t.Errorf("summary %+v", sum)
	}
	for _, k := range []string{"decline", "churn", "walkin_churn"} {
		if _, ok := sum.Warnings[k]; !ok {
			t.Errorf("summary lacks warnings.%s: %+v", k, sum.Warnings)
		}
	}
	lines := strings.Split(strings.TrimSpace(first), "\n")
	if lines[0] != strings.Join(export.WarningKeys(false), ",") {
		t.Errorf("warnings header %q", lines[0])
	}
	total := 0
	for _, n := range sum.Warnings {
		total += n
	}
	if len(lines)-1 != total {
		t.Errorf("exported %d warnings, the summary counts %d", len(lines)-1, total)
	}
	xlsx := filepath.Join(filepath.Dir(db), "warnings.xlsx")
	if err := run(context.Background(), []string{"--db", db, "warnings", "--month", "2026-10", "--format", "xlsx", "-o", xlsx}, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	book, err := excelize.OpenFile(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	defer book.Close()
	sheetRows, err := book.GetRows(book.GetSheetName(0))
	if err != nil {
		t.Fatal(err)
	}
	if len(sheetRows) != len(lines) || strings.Join(sheetRows[0], ",") != lines[0] {
		t.Errorf("workbook has %d rows (header %v), the CSV %d", len(sheetRows), sheetRows[0], len(lines))
	}
	if len(sheetRows) > 1 {
		numType, _ := book.GetCellType(book.GetSheetName(0), "J2")
		textType, _ := book.GetCellType(book.GetSheetName(0), "D2")
		if numType == textType {
			t.Errorf("revenue at risk stored like the office code (%v): not a number", numType)
		}
	}
	if _, again := analyze(); again != first {
		t.Errorf("re-running the month changed the warnings")
	}
	var walkins bytes.Buffer
	if err := run(context.Background(), []string{"--db", db, "walkins", "--month", "2026-10"}, &walkins, &walkins); err != nil {
		t.Fatal(err)
	}
	if rows := strings.Count(walkins.String(), "\n") - 1; rows != sum.WalkinModel.Customers {
		t.Errorf("walk-in export has %d rows for %d walk-ins", rows, sum.WalkinModel.Customers)
	}
}

// checkAnalyzeDispatches analyses a month the demo did not: with
// --no-dispatch nothing is dispatched, without it every warning stored is
// dispatched or held out, and the summary counts what the store holds.
func checkAnalyzeDispatches(t *testing.T, db string) {
	t.Helper()
	analyze := func(args ...string) analysisSummary {
		var out, errOut bytes.Buffer
		args = append([]string{"--db", db, "analyze", "--month", "2026-09", "--json"}, args...)
		if err := run(context.Background(), args, &out, &errOut); err != nil {
			t.Fatalf("analyze: %v\n%s", err, errOut.String())
		}
		var sum analysisSummary
		if err := json.Unmarshal(out.Bytes(), &sum); err != nil {
			t.Fatalf("analyze --json: %v\n%s", err, out.String())
		}
		return sum
	}
	dispatches := func() []postcrm.Dispatch {
		s, err := sqlite.Open(context.Background(), db)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		ds, err := s.Dispatches(context.Background(), 202609)
		if err != nil {
			t.Fatal(err)
		}
		return ds
	}
	if sum := analyze("--no-dispatch"); sum.Dispatch != nil || len(dispatches()) != 0 {
		t.Fatalf("--no-dispatch dispatched: %+v, %d stored", sum.Dispatch, len(dispatches()))
	}
	sum := analyze()
	warnings := 0
	for _, n := range sum.Warnings {
		warnings += n
	}
	ds := dispatches()
	held := 0
	for _, d := range ds {
		if d.HeldOut {
			held++
		}
	}
	d := sum.Dispatch
	if d == nil || warnings == 0 || len(ds) != warnings || d.Dispatched+d.HeldOut+d.Unassigned != warnings || d.HeldOut != held {
		t.Errorf("analyze dispatched %+v; %d warnings, %d dispatches stored (%d held out)", d, warnings, len(ds), held)
	}
}
