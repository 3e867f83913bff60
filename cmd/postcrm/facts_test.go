package main

import (
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"postcrm/clickhouse"
	"postcrm/clickhouse/chtest"
	"postcrm/report"
	"postcrm/sqlite"
)

// TestFactsOnClickHouse imports the same demo files into a SQLite store
// and into a SQLite store whose waybills go to the ClickHouse test
// cluster (--facts), then analyses a month on each: the import counts,
// the analysis summary, the stored warnings and every report must be the
// same.
func TestFactsOnClickHouse(t *testing.T) {
	facts := chtest.FreshDatabase(t)
	data := t.TempDir()
	if _, err := runCLI(t, data, "generate", "--scale", "small", "--out", data); err != nil {
		t.Fatal(err)
	}
	files := []string{filepath.Join(data, "org.csv"), filepath.Join(data, "customers.csv")}
	for _, m := range []string{"05", "06", "07", "08", "09", "10"} {
		files = append(files, filepath.Join(data, "waybills-2026-"+m+".csv"))
	}
	elapsed := regexp.MustCompile(`用时 [^\n]*|/[^ ：]*/`) // times and temporary paths differ
	var outs [2]string
	var dirs [2]string
	for i, extra := range [][]string{nil, {"--facts", facts}} {
		dir := t.TempDir()
		dirs[i] = dir
		cli := func(args ...string) string {
			t.Helper()
			out, err := runCLI(t, dir, append(extra, args...)...)
			if err != nil {
				t.Fatalf("postcrm %s: %v\n%s", strings.Join(args, " "), err, out)
			}
			return elapsed.ReplaceAllString(out, "")
		}
		var b strings.Builder
		b.WriteString(cli("import", "org", files[0]))
		b.WriteString(cli("import", "customers", files[1]))
		for _, f := range files[2:] {
			b.WriteString(cli("import", "--rejects", filepath.Join(dir, "rejects.csv"), "waybills", f))
		}
		// again: every waybill is stored already
		b.WriteString(cli("import", "--restart", "--rejects", filepath.Join(dir, "rejects.csv"), "waybills", files[len(files)-1]))
		b.WriteString(cli("analyze", "--month", "2026-10", "--no-dispatch", "--json"))
		warnings, err := runCLI(t, dir, "warnings", "--month", "2026-10", "--format", "csv")
		if err != nil {
			t.Fatal(err)
		}
		if strings.Count(warnings, "\n") < 10 {
			t.Fatalf("too few warnings to compare:\n%s", warnings)
		}
		b.WriteString(warnings)
		for _, name := range report.Names() {
			b.WriteString(cli("report", name, "--month", "2026-10", "--format", "json"))
		}
		outs[i] = b.String()
	}
	if outs[0] != outs[1] {
		t.Errorf("SQLite alone and SQLite with the waybills on ClickHouse differ:\n--- SQLite\n%s\n--- with --facts\n%s", outs[0], outs[1])
	}
	if !strings.Contains(outs[0], "新增 0，") {
		t.Errorf("the second import of a file should add nothing:\n%s", outs[0])
	}
	// with --facts the waybills are on the cluster and not in SQLite
	ctx := context.Background()
	cluster, err := clickhouse.Open(ctx, facts)
	if err != nil {
		t.Fatal(err)
	}
	defer cluster.Close()
	state, err := sqlite.Open(ctx, filepath.Join(dirs[1], "crm.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer state.Close()
	onCluster, err := cluster.LastDataDay(ctx)
	if err != nil || onCluster == 0 {
		t.Errorf("the cluster's last waybill day with --facts: %v %v", onCluster, err)
	}
	if inSQLite, err := state.LastDataDay(ctx); err != nil || inSQLite != 0 {
		t.Errorf("the SQLite store's last waybill day with --facts: %v %v, want none", inSQLite, err)
	}
}
