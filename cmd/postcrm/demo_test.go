package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"postcrm"
	"postcrm/demo"
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
}
