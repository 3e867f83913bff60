package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"log/slog"
	"math"
	"net/http"
	"net/http/httptest"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"postcrm"
	"postcrm/report"
	"postcrm/sqlstore"
)

// TestProvinceSummaryTotalsEqualTheWorkbooks: the province's report
// pages show the figures summed to the cities, and every count and sum of
// money on their total rows is the workbook's total, to the fen.
func TestProvinceSummaryTotalsEqualTheWorkbooks(t *testing.T) {
	onEveryStore(t, func(t *testing.T, f *fixture) {
		for _, name := range []string{"ownership", "quality", "login", "bulletin", "revenue"} {
			query := "?month=2026-05&scope=province"
			r := apiReport(t, f, name, query)
			shown := r.Tables
			if len(r.Summary) > 0 {
				shown = r.Summary
			}
			sections := pageTables(page(t, f, provinceUser, "/reports/"+name+query))
			if len(sections) != len(shown) {
				t.Fatalf("%s: %d tables on the page, the report has %d", name, len(sections), len(shown))
			}
			resp := f.session(t, provinceUser).get("/reports/" + name + ".xlsx" + query)
			sheets := workbookSheets(t, []byte(body(t, resp)))
			compared := 0
			for i, tb := range shown {
				if !slices.ContainsFunc(tb.Rows, func(r postcrm.Row) bool { return r.Level == postcrm.RowTotal }) {
					continue
				}
				compared += compareTotals(t, name+" "+tb.Name, tb, sections[i], sheets[tb.Name])
			}
			if compared == 0 {
				t.Errorf("%s: no figure compared", name)
			}
		}
	})
}

// apiReport is the report as the API gives it.
func apiReport(t *testing.T, f *fixture, name, query string) postcrm.Report {
	t.Helper()
	var r postcrm.Report
	resp := f.session(t, provinceUser).api("GET", "/api/v1/reports/"+name+query, "")
	if err := json.Unmarshal([]byte(body(t, resp)), &r); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("%s: %d %v", name, resp.StatusCode, err)
	}
	return r
}

// pageTable is a table as the page shows it: headers, and the total row's
// cells (a 万元 cell's exact yuan where it has one).
type pageTable struct {
	headers, total []string
}

var (
	sectionRE = regexp.MustCompile(`(?s)<section class="report-section report-table-section">.*?</section>`)
	thRE      = regexp.MustCompile(`<th[^>]*>([^<]*)</th>`)
	totalRE   = regexp.MustCompile(`<tr class="row-total">(.*?)</tr>`)
	tdRE      = regexp.MustCompile(`<td[^>]*?(?: title="([^"]*)")?>(?:<a [^>]*>)?([^<]*)`)
)

func pageTables(page string) []pageTable {
	var out []pageTable
	for _, s := range sectionRE.FindAllString(page, -1) {
		var pt pageTable
		for _, m := range thRE.FindAllStringSubmatch(s, -1) {
			pt.headers = append(pt.headers, html.UnescapeString(m[1]))
		}
		if m := totalRE.FindStringSubmatch(s); m != nil {
			for _, c := range tdRE.FindAllStringSubmatch(m[1], -1) {
				pt.total = append(pt.total, html.UnescapeString(cmpOr(c[1], c[2])))
			}
		}
		out = append(out, pt)
	}
	return out
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// workbookSheets is each sheet's raw cells by the sheet's name.
func workbookSheets(t *testing.T, data []byte) map[string][][]string {
	t.Helper()
	book, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer book.Close()
	out := make(map[string][][]string)
	for _, sheet := range book.GetSheetList() {
		if out[sheet], err = book.GetRows(sheet, excelize.Options{RawCellValue: true}); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// compareTotals compares the page's total row with the sheet's, column by
// column as their headers match, counts and money exactly; it returns how
// many figures it compared.
func compareTotals(t *testing.T, what string, tb postcrm.Table, pt pageTable, sheet [][]string) int {
	t.Helper()
	if len(pt.total) != len(pt.headers) || len(pt.total) == 0 {
		t.Errorf("%s: the page's total row has %d cells under %d headers", what, len(pt.total), len(pt.headers))
		return 0
	}
	kinds := make(map[string]postcrm.ColumnKind)
	for _, c := range tb.Columns {
		kinds[c.Header] = c.Kind
	}
	var head, total []string
	for _, row := range sheet {
		if head == nil && len(row) > 0 && containsAll(row, tb.Columns[len(tb.Columns)-1].Header) {
			head = row
		}
		if containsAll(row, pt.total[0]) && head != nil {
			total = row
		}
	}
	if head == nil || total == nil {
		t.Errorf("%s: the workbook has no header row or no total row %q", what, pt.total[0])
		return 0
	}
	n := 0
	for j, h := range pt.headers {
		h = strings.TrimSuffix(h, "（万元）")
		k := indexOf(head, h)
		kind := kinds[h]
		if k < 0 || (kind != postcrm.ColInt && kind != postcrm.ColFen) {
			continue
		}
		cell := ""
		if k < len(total) {
			cell = total[k]
		}
		if cell == "" && pt.total[j] == "" {
			continue // no figure on either: a total's rank
		}
		book, err := strconv.ParseFloat(cmpOr(cell, "0"), 64)
		onPage, err2 := strconv.ParseFloat(strings.ReplaceAll(pt.total[j], ",", ""), 64)
		if err != nil || err2 != nil {
			t.Errorf("%s %s: page %q, workbook %q", what, h, pt.total[j], cell)
			continue
		}
		if math.Round(book*100) != math.Round(onPage*100) {
			t.Errorf("%s %s: page %s, workbook %s", what, h, pt.total[j], cell)
		}
		n++
	}
	return n
}

func containsAll(row []string, v string) bool { return indexOf(row, v) >= 0 }

func indexOf(row []string, v string) int {
	for i, c := range row {
		if c == v {
			return i
		}
	}
	return -1
}

// TestProvinceReportPagesStayLight: at a province's size (550 offices in
// 11 cities, 4,950 staff, 11,000 contract customers of whom a fifth lack
// their industry, 26 months of office rollups) every report page of the
// province, of a city and of an office weighs under 300 KB, while the
// workbooks keep every owner and offending record.
func TestProvinceReportPagesStayLight(t *testing.T) {
	if testing.Short() {
		t.Skip("fills a province")
	}
	ctx := context.Background()
	s := openSQLite(t)
	fillProvinceForReports(t, s)
	srv := New(s, Options{Logger: slog.New(slog.NewTextHandler(testLog, nil)), UploadDir: t.TempDir(), Now: benchNow})
	t.Cleanup(srv.Close)
	h := srv.Handler()
	get := func(id, path string) *httptest.ResponseRecorder {
		u, err := s.User(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		token, _, err := srv.startSession(ctx, u, "127.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		req := httptest.NewRequest("GET", path, nil)
		req.AddCookie(&http.Cookie{Name: sessionCookie, Value: token})
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			t.Fatalf("GET %s as %s: %d %.300s", path, id, rec.Code, rec.Body.String())
		}
		return rec
	}
	const limit = 300 << 10
	for _, c := range []struct{ user, scope string }{{"P0001", "province"}, {"C0001", "city:地市05"}, {staffID(5, 0), "office:" + fmt.Sprintf("13%02d%04d", 5, 5)}} {
		role := postcrm.RoleProvinceAdmin
		switch c.user {
		case "C0001":
			role = postcrm.RoleCityManager
		case staffID(5, 0):
			role = postcrm.RoleOfficeManager
		}
		for _, name := range []string{"ownership", "quality", "bulletin", "revenue", "login"} {
			if !slices.Contains(reportRoles[name], role) {
				continue
			}
			path := "/reports/" + name + "?month=2026-10&scope=" + c.scope
			html := get(c.user, path).Body.String()
			t.Logf("%-9s %-18s %7.1f KB", name, c.scope, float64(len(html))/1024)
			if len(html) > limit {
				t.Errorf("%s weighs %d KB", path, len(html)>>10)
			}
			if c.scope == "province" {
				// Sums of this size are shown in 万元 on the page.
				r, err := report.Build(ctx, s, name, report.Request{Month: 202610})
				if err != nil {
					t.Fatal(err)
				}
				sheets := workbookSheets(t, get(c.user, "/reports/"+name+".xlsx?month=2026-10&scope=province").Body.Bytes())
				shown := r.Tables
				if len(r.Summary) > 0 {
					shown = r.Summary
				}
				for i, tb := range shown {
					if slices.ContainsFunc(tb.Rows, func(r postcrm.Row) bool { return r.Level == postcrm.RowTotal }) {
						compareTotals(t, name+" "+tb.Name, tb, pageTables(html)[i], sheets[tb.Name])
					}
				}
			}
		}
	}
	book := workbookSheets(t, get("P0001", "/reports/ownership.xlsx?month=2026-10&scope=province").Body.Bytes())
	if rows := len(book["管户情况"]); rows < provinceCustomersPerOffice*benchOffices/10 {
		t.Errorf("the province's ownership workbook has %d rows", rows)
	}
}

const provinceCustomersPerOffice = 20

// fillProvinceForReports stores the province of benchProvince, a
// province, a city and an office account, each office's contract
// customers spread over its couriers (one in ten unowned, one in five
// without an industry), and the office rollups.
func fillProvinceForReports(t *testing.T, s *sqlstore.Store) {
	ctx := context.Background()
	org := benchOrg()
	var customers []postcrm.Customer
	for i, o := range org.Offices {
		for k := range provinceCustomersPerOffice {
			c := postcrm.Customer{Code: fmt.Sprintf("KH%04d%03d", i, k), Name: fmt.Sprintf("客户%d-%d", i, k), OfficeCode: o.Code,
				ContractDate: postcrm.NewDate(2024, 1, 1+k), Industry: "电商", ContactName: "联系人", ContactPhone: fmt.Sprintf("139%08d", i*100+k),
				Status: postcrm.StatusActive}
			if k%10 != 0 {
				c.OwnerStaffID = staffID(i, 1+k%(benchStaffPerOffice-1))
			}
			if k%5 == 0 {
				c.Industry = ""
			}
			customers = append(customers, c)
		}
	}
	org.Staff = append(org.Staff, postcrm.Staff{ID: "P0001", Name: "省市场部", Role: postcrm.RoleProvinceAdmin},
		postcrm.Staff{ID: "C0001", Name: "地市管理员", Role: postcrm.RoleCityManager, City: "地市05"})
	for _, b := range []postcrm.Batch{org, {Kind: postcrm.KindCustomers, Customers: customers}} {
		if _, err := s.Apply(ctx, b); err != nil {
			t.Fatal(err)
		}
	}
	for _, id := range []string{"P0001", "C0001", staffID(5, 0)} {
		if err := s.CreateUser(ctx, postcrm.User{Name: id, PasswordHash: "unused", CreatedAt: benchNow()}); err != nil {
			t.Fatal(err)
		}
	}
	if err := benchOfficeMonths(ctx, s); err != nil {
		t.Fatal(err)
	}
}

var unitLinkRE = regexp.MustCompile(`<td><a href="([^"]+)">([^<]+)</a></td>`)

// TestSummaryUnitsOpenTheirReports: on the province's ownership page each
// city opens the city's report, whose offices open theirs, where the
// owners are; the city manager's page links the same offices.
func TestSummaryUnitsOpenTheirReports(t *testing.T) {
	f := newFixture(t)
	links := func(user, path string) map[string]string {
		out := make(map[string]string)
		for _, m := range unitLinkRE.FindAllStringSubmatch(page(t, f, user, path), -1) {
			out[m[2]] = html.UnescapeString(m[1])
		}
		return out
	}
	cities := links(provinceUser, "/reports/ownership?month=2026-05")
	city := cities["石家庄市"]
	if city != "/reports/ownership?month=2026-05&scope=city%3A%E7%9F%B3%E5%AE%B6%E5%BA%84%E5%B8%82" || len(cities) < 2 {
		t.Fatalf("the province's cities link to %v", cities)
	}
	offices := links(provinceUser, city)
	if len(offices) == 0 {
		t.Fatal("the city's report links no office")
	}
	if mine := links(cityUser, "/reports/ownership?month=2026-05"); !reflect.DeepEqual(mine, offices) {
		t.Errorf("the city manager's offices link to %v, the province's view of the city to %v", mine, offices)
	}
	for name, href := range offices {
		if !strings.Contains(href, "scope=office%3A") {
			t.Errorf("%s links to %s", name, href)
		}
		owners := page(t, f, provinceUser, href)
		if !strings.Contains(owners, ">管户人<") || strings.Contains(owners, `id="report-summary-note"`) {
			t.Errorf("%s's report (%s) does not list its owners", name, href)
		}
	}
}
