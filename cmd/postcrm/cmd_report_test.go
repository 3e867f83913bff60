package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"postcrm"
	"postcrm/report"
	"postcrm/report/reporttest"
	"postcrm/sqlite"
)

// reportDB stores a generated province in dir/crm.db, the file runCLI uses.
func reportDB(t *testing.T) (string, *reporttest.Province) {
	dir := t.TempDir()
	s, err := sqlite.Open(context.Background(), filepath.Join(dir, "crm.db"))
	if err != nil {
		t.Fatal(err)
	}
	p := reporttest.New(3, 1000)
	p.Load(t, s)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return dir, p
}

func TestReportList(t *testing.T) {
	out, err := runCLI(t, t.TempDir(), "report", "--list")
	if err != nil || out != strings.Join(report.Names(), "\n")+"\n" {
		t.Errorf("report --list: %v\n%s", err, out)
	}
}

func TestReportCommand(t *testing.T) {
	dir, p := reportDB(t)
	xlsx := filepath.Join(dir, "收入结构.xlsx")
	out, err := runCLI(t, dir, "report", "revenue", "--month", "2026-05", "-o", xlsx)
	if err != nil || !strings.Contains(out, xlsx) {
		t.Fatalf("report revenue: %v\n%s", err, out)
	}
	if st, err := os.Stat(xlsx); err != nil || st.Size() == 0 {
		t.Errorf("workbook: %v", err)
	}

	jsonOf := func(args ...string) postcrm.Report {
		t.Helper()
		out, err := runCLI(t, dir, append([]string{"report"}, args...)...)
		if err != nil {
			t.Fatalf("report %v: %v\n%s", args, err, out)
		}
		var r postcrm.Report
		if err := json.Unmarshal([]byte(out), &r); err != nil {
			t.Fatalf("report %v: %v\n%s", args, err, out)
		}
		return r
	}
	// The data ends on 2026-06-30: June is the default month.
	if r := jsonOf("ownership", "--format", "json"); r.Period != "2026-06" || r.Scope != "全省" || r.Title != "协议客户管户报表" {
		t.Errorf("ownership: period %q scope %q title %q", r.Period, r.Scope, r.Title)
	}
	// Flags after the name, --scope LEVEL CODE as two words.
	r := jsonOf("bulletin", "--scope", "city", "唐山市", "--month", "2026-06", "--format", "json")
	if r.Scope != "唐山市" || len(r.Tables[0].Rows) != 3 || len(r.Narrative) == 0 {
		t.Errorf("bulletin for 唐山市: scope %q, %d rows (want two offices and the total)", r.Scope, len(r.Tables[0].Rows))
	}
	office := p.Offices[0]
	r = jsonOf("--format", "json", "evening", "--scope", "office:"+office.Code, "--day", "2026-06-15")
	if r.Period != "2026-06-15" || !strings.Contains(r.Scope, office.Name) {
		t.Errorf("evening: period %q scope %q", r.Period, r.Scope)
	}
}

// TestEveningBoardOfEveryOffice: without --scope the evening board is
// written for every office of the province, one sheet each, in the
// province's order of cities; with a city, for that city's offices.
func TestEveningBoardOfEveryOffice(t *testing.T) {
	dir, p := reportDB(t)
	xlsx := filepath.Join(dir, "夕会.xlsx")
	if out, err := runCLI(t, dir, "report", "evening", "-o", xlsx); err != nil || !strings.Contains(out, xlsx) {
		t.Fatalf("report evening -o: %v\n%s", err, out)
	}
	f, err := excelize.OpenFile(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var want []string
	cityOf := map[string]string{}
	for _, o := range p.Offices {
		want = append(want, o.Name+o.Code)
		cityOf[o.Name+o.Code] = o.City
	}
	sheets := f.GetSheetList()
	if len(sheets) != len(want) {
		t.Fatalf("sheets %v, want one per office %v", sheets, want)
	}
	for _, w := range want {
		if !slices.Contains(sheets, w) {
			t.Errorf("no sheet for %s in %v", w, sheets)
		}
	}
	if !slices.IsSortedFunc(sheets, func(a, b string) int { return postcrm.CompareCities(cityOf[a], cityOf[b]) }) {
		t.Errorf("sheets %v are not in the province's order of cities", sheets)
	}
	out, err := runCLI(t, dir, "report", "evening", "--scope", "city", p.Offices[0].City, "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	var r postcrm.Report
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, o := range p.Offices {
		if o.City == p.Offices[0].City {
			n++
		}
	}
	if r.Scope != p.Offices[0].City || len(r.Tables) != n {
		t.Errorf("the boards of %s: scope %q, %d tables, want %d", p.Offices[0].City, r.Scope, len(r.Tables), n)
	}
}

func TestReportErrors(t *testing.T) {
	dir, _ := reportDB(t)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"report"}, "请给出报表名称"},
		{[]string{"report", "nosuch"}, "没有“nosuch”这张报表"},
		{[]string{"report", "revenue", "--scope", "city"}, "后面要跟地市名称或机构代码"},
		{[]string{"report", "revenue", "--scope", "county", "x"}, "--scope 应为 city 或 office"},
		{[]string{"report", "revenue", "--scope", "city", "火星市"}, "没有“火星市”这个地市"},
		{[]string{"report", "revenue", "--month", "2026-13"}, "--month 的月份应为 YYYY-MM"},
		{[]string{"report", "evening", "--scope", "city", "火星市"}, "没有营业部"},
		{[]string{"report", "revenue", "--format", "csv"}, "--format 应为 xlsx 或 json"},
		{[]string{"report", "revenue", "extra"}, "多余的参数"},
	} {
		_, err := runCLI(t, dir, c.args...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("postcrm %s: want an error containing %q, got %v", strings.Join(c.args, " "), c.want, err)
		}
	}
}
