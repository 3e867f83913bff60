package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"postcrm"
	"postcrm/analysis"
	"postcrm/demo"
	"postcrm/export"
	"postcrm/followup"
	"postcrm/sqlite"
	"postcrm/sqlstore"
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
	checkDemoOutputEnds(t, out.String())
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

	checkEval(t, db, dir)
	checkAlerts(t, db)
}

// evalLine reads the model's line of `postcrm eval`: warnings and false
// positives.
var evalLine = regexp.MustCompile(`本系统：预警 (\d+)，精确率 [0-9.]+，正常客户误报 (\d+)/\d+`)

func evalCounts(t *testing.T, args ...string) (out string, warnings, falsePositives int) {
	t.Helper()
	var buf bytes.Buffer
	if err := run(context.Background(), args, &buf, &buf); err != nil {
		t.Fatalf("eval: %v\n%s", err, buf.String())
	}
	m := evalLine.FindStringSubmatch(buf.String())
	if m == nil || !strings.Contains(buf.String(), "召回率（达到预警门槛的变化）") || !strings.Contains(buf.String(), "召回率（全部可检出的变化）") ||
		!strings.Contains(buf.String(), "AUC") {
		t.Fatalf("eval output:\n%s", buf.String())
	}
	warnings, _ = strconv.Atoi(m[1])
	falsePositives, _ = strconv.Atoi(m[2])
	return buf.String(), warnings, falsePositives
}

// checkEval: eval scores what analyze stored (a warning added to the
// store shows), re-analyses with --rerun, and re-analyses a month that was
// never analysed, saying so.
func checkEval(t *testing.T, db, dir string) {
	t.Helper()
	ctx := context.Background()
	s, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	const month postcrm.Month = 202610
	stored, err := s.Warnings(ctx, month)
	if err != nil {
		t.Fatal(err)
	}
	contract := 0
	for _, w := range stored {
		if w.Kind == postcrm.WarnDecline || w.Kind == postcrm.WarnChurn {
			contract++
		}
	}
	args := []string{"--db", db, "eval", "--month", "2026-10", "--dir", dir}
	out, warnings, fp := evalCounts(t, args...)
	if !strings.Contains(out, "评估 analyze 保存的预警") || warnings != contract {
		t.Fatalf("eval scored %d warnings, analyze stored %d decline and churn:\n%s", warnings, contract, out)
	}

	// A false alarm slipped into the stored warnings is scored as one.
	normal := judgedNormalCustomer(t, s, dir, month, stored)
	extra := postcrm.Warning{Month: month, Kind: postcrm.WarnDecline, CustomerCode: normal.Code, OfficeCode: normal.OfficeCode, Reason: "测试"}
	kinds := []postcrm.WarningKind{postcrm.WarnDecline, postcrm.WarnChurn, postcrm.WarnSlowStart, postcrm.WarnWalkinChurn}
	if err := s.SaveWarnings(ctx, month, kinds, append(stored, extra)); err != nil {
		t.Fatal(err)
	}
	if _, w2, fp2 := evalCounts(t, args...); w2 != warnings+1 || fp2 != fp+1 {
		t.Errorf("after storing a false alarm on %s: %d warnings, %d false; before %d, %d", normal.Code, w2, fp2, warnings, fp)
	}
	if out, w3, _ := evalCounts(t, append(args, "--rerun")...); !strings.Contains(out, "评估重新分析（未保存）的预警") || w3 == warnings+1 {
		t.Errorf("--rerun scored the stored warnings (%d):\n%s", w3, out)
	}
	if err := s.SaveWarnings(ctx, month, kinds, stored); err != nil {
		t.Fatal(err)
	}
	if out, _, _ := evalCounts(t, "--db", db, "eval", "--month", "2026-09", "--dir", dir); !strings.Contains(out, "2026-09 还没有分析过") || !strings.Contains(out, "评估重新分析（未保存）的预警") {
		t.Errorf("eval of a month never analysed:\n%s", out)
	}
}

// judgedNormalCustomer finds a customer the analysis judges in month, with
// no change in the truth and no stored warning.
func judgedNormalCustomer(t *testing.T, s *sqlstore.Store, dir string, month postcrm.Month, stored []postcrm.Warning) postcrm.Customer {
	t.Helper()
	truth, err := demo.LoadTruth(dir)
	if err != nil {
		t.Fatal(err)
	}
	unchanged := map[string]bool{}
	for _, c := range truth.Customers {
		unchanged[c.Code] = c.Change == "none"
	}
	for _, w := range stored {
		unchanged[w.CustomerCode] = false
	}
	customers, err := s.Customers(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	cfg := analysis.DefaultConfig()
	hs, err := analysis.ReadHistories(context.Background(), s, customers, month, cfg.HistoryMonths)
	if err != nil {
		t.Fatal(err)
	}
	skips, err := analysis.Classify(month, hs, cfg)
	if err != nil {
		t.Fatal(err)
	}
	for i, h := range hs {
		if skips[i] == analysis.Judged && unchanged[h.Customer.Code] {
			return h.Customer
		}
	}
	t.Fatal("no judged customer without a change")
	return postcrm.Customer{}
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
	// The demo's early alerts of its last day and the refund warnings
	// are warnings of the month too, which the analysis does not count.
	alerts := strings.Count(first, "\nsilent,") + strings.Count(first, "\nslowdown,") +
		strings.Count(first, "\nrefund_open,") + strings.Count(first, "\nrefund_rejected,")
	if len(lines)-1-alerts != total {
		t.Errorf("exported %d warnings (%d early alerts and refund warnings among them), the summary counts %d", len(lines)-1, alerts, total)
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
	// A holiday table declaring the rest of October a holiday lowers the
	// month's expectations; the store keeps it, so the next run without
	// --holidays analyses with it too, until holidays clear restores the
	// built-in calendar and the warnings.
	var holidays strings.Builder
	holidays.WriteString("日期,安排,节日\n")
	for d := 8; d <= 31; d++ {
		fmt.Fprintf(&holidays, "2026-10-%02d,放假,测试\n", d)
	}
	table := filepath.Join(filepath.Dir(db), "holidays.csv")
	if err := os.WriteFile(table, []byte(holidays.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	var held bytes.Buffer
	if err := run(context.Background(), []string{"--db", db, "analyze", "--month", "2026-10", "--holidays", table}, io.Discard, io.Discard); err != nil {
		t.Fatalf("analyze --holidays: %v", err)
	}
	if err := run(context.Background(), []string{"--db", db, "warnings", "--month", "2026-10"}, &held, io.Discard); err != nil {
		t.Fatal(err)
	}
	if held.String() == first {
		t.Error("a holiday table making most of the month a holiday changed no warning")
	}
	if _, kept := analyze(); kept != held.String() {
		t.Errorf("analysing again without --holidays did not use the stored holiday table")
	}
	var shown bytes.Buffer
	if err := run(context.Background(), []string{"--db", db, "holidays", "show"}, &shown, io.Discard); err != nil || shown.String() != holidays.String() {
		t.Errorf("holidays show printed %q (%v), want the table imported", shown.String(), err)
	}
	if err := run(context.Background(), []string{"--db", db, "holidays", "clear"}, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	if _, again := analyze(); again != first {
		t.Errorf("re-running the month with the built-in calendar changed the warnings")
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
		args = append([]string{"--db", db, "analyze", "--month", "2026-07", "--json"}, args...)
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
		ds, err := s.Dispatches(context.Background(), 202607)
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
	checkKeptMeasurements(t, db, sum.Measured)
}

// checkKeptMeasurements: analysing July (with August to October analysed
// already, and the months July is the later month of) kept July's measurement one and two months on in the store,
// at the follow-up version of now, and a new process measuring July
// without the store's copy finds the same cases.
func checkKeptMeasurements(t *testing.T, db string, measured []string) {
	t.Helper()
	if !slices.Contains(measured, "2026-07 +1") || !slices.Contains(measured, "2026-07 +2") {
		t.Errorf("analyze of 2026-07 measured %q, want July one and two months on among them", measured)
	}
	ctx := context.Background()
	s, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	version, err := s.FollowupVersion(ctx, 202607)
	if err != nil {
		t.Fatal(err)
	}
	for lag := 1; lag <= followup.StickyMonths; lag++ {
		key := postcrm.SummaryKey{Scope: "province", Name: fmt.Sprintf("measurement-lag%d", lag), Month: 202607}
		kept, found, err := s.Summary(ctx, key)
		if err != nil || !found || kept.Version != version {
			t.Fatalf("July +%d: kept %v at %q (%v), want version %q", lag, found, kept.Version, err, version)
		}
		var restarted followup.Cache
		fromStore, err := restarted.MonthCases(ctx, s, 202607, lag)
		if err != nil {
			t.Fatal(err)
		}
		fresh, err := followup.MonthCases(ctx, s, 202607, lag)
		if err != nil {
			t.Fatal(err)
		}
		if len(fresh) == 0 || !reflect.DeepEqual(fromStore, fresh) {
			t.Errorf("July +%d: %d cases from the kept measurement, %d measured afresh, or they differ", lag, len(fromStore), len(fresh))
		}
	}
}

// checkDemoOutputEnds: what a newcomer needs (the address and the four
// accounts) closes the output, after a rule, where no import count can
// push it off the screen; the imports take a line per kind, not per
// file; and the hints name the command as it was run (here from Go's
// build cache, as go run does), never a postcrm that is not there.
func checkDemoOutputEnds(t *testing.T, out string) {
	t.Helper()
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if len(lines) < 8 {
		t.Fatalf("demo output:\n%s", out)
	}
	tail := lines[len(lines)-8:]
	if !strings.HasPrefix(tail[0], "══") || !strings.HasPrefix(tail[7], "══") || !strings.Contains(tail[1], "http://localhost:8080/") ||
		!strings.Contains(tail[2], "演示账号（密码都是 demo-2026") {
		t.Errorf("the demo output does not end with the address and the accounts:\n%s", strings.Join(tail, "\n"))
	}
	for i, role := range []string{"省市场部", "地市管理员", "营业部经理", "揽投员"} {
		if !strings.Contains(tail[3+i], role) {
			t.Errorf("account line %d %q is not the %s", i+1, tail[3+i], role)
		}
	}
	if n := strings.Count(out, "收寄明细 "); n > 1 {
		t.Errorf("the waybill imports take %d lines", n)
	}
	if !strings.Contains(out, "go run ./cmd/postcrm --db ") || strings.Contains(out, "  postcrm --db") {
		t.Errorf("the hints do not say go run:\n%s", out)
	}
}
