package xlsxreport_test

import (
	"archive/zip"
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"postcrm"
	"postcrm/report"
	"postcrm/report/reporttest"
	"postcrm/sqlite"
	"postcrm/storetest"
	"postcrm/xlsxreport"
)

// allReports builds every report for June 2026 from a generated province
// in a real store; the evening board for the first office.
func allReports(t *testing.T) []postcrm.Report {
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "postcrm.db"))
	storetest.Opened(t, s, err)
	p := reporttest.New(2, 3000)
	p.Load(t, s)
	var out []postcrm.Report
	for _, name := range report.Names() {
		req := report.Request{Month: 202606}
		if name == "evening" {
			req.Day, req.Scope = reporttest.Last, report.Scope{Level: report.ScopeOffice, Code: p.Offices[0].Code}
		}
		r, err := report.Build(ctx, s, name, req)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out = append(out, r)
	}
	return out
}

func writeAll(t *testing.T, dir string, reports []postcrm.Report) []string {
	var paths []string
	for _, r := range reports {
		var buf bytes.Buffer
		if err := xlsxreport.Write(&buf, r); err != nil {
			t.Fatalf("write %s: %v", r.Name, err)
		}
		path := filepath.Join(dir, r.Name+".xlsx")
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, path)
	}
	return paths
}

// TestWorkbookLayout reopens each workbook and checks what a reader
// relies on: sheets, title rows, headers, frozen panes, number formats,
// totals, the narrative and the charts.
func TestWorkbookLayout(t *testing.T) {
	reports := allReports(t)
	paths := writeAll(t, t.TempDir(), reports)
	for i, r := range reports {
		f, err := excelize.OpenFile(paths[i])
		if err != nil {
			t.Fatalf("%s: %v", r.Name, err)
		}
		defer f.Close()
		sheets := f.GetSheetList()
		if len(r.Narrative) > 0 {
			if sheets[0] != "通报正文" {
				t.Errorf("%s: first sheet %q", r.Name, sheets[0])
			}
			text, _ := f.GetCellValue(sheets[0], "A3")
			if !strings.Contains(text, r.Narrative[0]) {
				t.Errorf("%s: narrative not in the workbook: %q", r.Name, text)
			}
			sheets = sheets[1:]
		}
		if len(sheets) != len(r.Tables) {
			t.Fatalf("%s: sheets %v for %d tables", r.Name, sheets, len(r.Tables))
		}
		for j, tb := range r.Tables {
			checkSheet(t, f, sheets[j], r, tb)
		}
		hasChart := false
		for _, tb := range r.Tables {
			hasChart = hasChart || tb.Chart != nil
		}
		if got := chartCount(t, paths[i]); (got > 0) != hasChart {
			t.Errorf("%s: %d charts in the workbook, report asks for a chart: %v", r.Name, got, hasChart)
		}
	}
}

func checkSheet(t *testing.T, f *excelize.File, sheet string, r postcrm.Report, tb postcrm.Table) {
	t.Helper()
	title, _ := f.GetCellValue(sheet, "A1")
	period, _ := f.GetCellValue(sheet, "A2")
	if !strings.Contains(title, r.Title) || !strings.Contains(period, r.Period) || !strings.Contains(period, r.Scope) {
		t.Errorf("%s/%s: title rows %q, %q", r.Name, sheet, title, period)
	}
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	for k, c := range tb.Columns {
		if rows[2][k] != c.Header {
			t.Errorf("%s/%s: header %d is %q, want %q", r.Name, sheet, k, rows[2][k], c.Header)
		}
	}
	panes, err := f.GetPanes(sheet)
	if err != nil || !panes.Freeze || panes.YSplit != 3 {
		t.Errorf("%s/%s: panes %+v (%v), want the three title and header rows frozen", r.Name, sheet, panes, err)
	}
	// The last row of each table: figures stored as numbers, money in
	// yuan, with the column's number format.
	last := tb.Rows[len(tb.Rows)-1]
	y := 3 + len(tb.Rows)
	for k, c := range tb.Columns {
		ref, _ := excelize.CoordinatesToCellName(k+1, y)
		raw, _ := f.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
		switch v := last.Cells[k].(type) {
		case int64:
			want := float64(v)
			if c.Kind == postcrm.ColFen {
				want = float64(v) / 100
			}
			if got, err := strconv.ParseFloat(raw, 64); err != nil || got != want {
				t.Errorf("%s/%s %s: cell %s = %q, want %v", r.Name, sheet, c.Key, ref, raw, want)
			}
			style, _ := f.GetCellStyle(sheet, ref)
			st, _ := f.GetStyle(style)
			wantFmt := map[postcrm.ColumnKind]string{postcrm.ColFen: "#,##0.00", postcrm.ColInt: "#,##0"}[c.Kind]
			if st == nil || st.CustomNumFmt == nil || *st.CustomNumFmt != wantFmt {
				t.Errorf("%s/%s %s: number format %v, want %q", r.Name, sheet, c.Key, st, wantFmt)
			}
		case nil:
			if raw != "" {
				t.Errorf("%s/%s %s: cell %s = %q, want empty", r.Name, sheet, c.Key, ref, raw)
			}
		}
	}
	// The first column is wide enough for its longest text, CJK counting double.
	width, _ := f.GetColWidth(sheet, "A")
	for _, rw := range tb.Rows {
		if s, ok := rw.Cells[0].(string); ok && width < float64(len([]rune(s))) {
			t.Errorf("%s/%s: column A width %.1f for %q", r.Name, sheet, width, s)
		}
	}
}

// chartCount counts the chart parts of a workbook.
func chartCount(t *testing.T, path string) int {
	z, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	n := 0
	for _, f := range z.File {
		if strings.HasPrefix(f.Name, "xl/charts/chart") {
			n++
		}
	}
	return n
}

// TestLibreOfficeOpens converts every workbook to PDF with LibreOffice:
// a workbook it cannot open gives no PDF. Set POSTCRM_REPORT_PDF_DIR to
// keep the PDFs (and PNGs of their first pages, with pdftoppm) for a look.
func TestLibreOfficeOpens(t *testing.T) {
	lo, err := exec.LookPath("libreoffice")
	if err != nil {
		if os.Getenv("POSTCRM_TEST_LIBREOFFICE_REQUIRED") == "1" {
			t.Fatal("libreoffice not found and POSTCRM_TEST_LIBREOFFICE_REQUIRED=1")
		}
		t.Skip("libreoffice not installed (Debian: libreoffice-calc-nogui)")
	}
	dir := t.TempDir()
	out := os.Getenv("POSTCRM_REPORT_PDF_DIR")
	if out == "" {
		out = filepath.Join(dir, "pdf")
	}
	paths := writeAll(t, dir, allReports(t))
	// A profile of its own, so that a desktop LibreOffice or a parallel
	// test run does not hold the lock.
	args := append([]string{"-env:UserInstallation=file://" + filepath.Join(dir, "profile"),
		"--headless", "--convert-to", "pdf", "--outdir", out}, paths...)
	cmd := exec.Command(lo, args...)
	msg, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("libreoffice: %v\n%s", err, msg)
	}
	for _, p := range paths {
		pdf := filepath.Join(out, strings.TrimSuffix(filepath.Base(p), ".xlsx")+".pdf")
		b, err := os.ReadFile(pdf)
		if err != nil || !bytes.HasPrefix(b, []byte("%PDF")) {
			t.Errorf("LibreOffice could not convert %s (%v)\n%s", filepath.Base(p), err, msg)
			continue
		}
		if ppm, err := exec.LookPath("pdftoppm"); err == nil && os.Getenv("POSTCRM_REPORT_PDF_DIR") != "" {
			if msg, err := exec.Command(ppm, "-png", "-r", "70", "-f", "1", "-l", "2", pdf, strings.TrimSuffix(pdf, ".pdf")).CombinedOutput(); err != nil {
				t.Errorf("pdftoppm %s: %v\n%s", pdf, err, msg)
			}
		}
	}
}
