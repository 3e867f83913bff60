package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"postcrm"
	"postcrm/report"
	"postcrm/xlsxreport"
)

// TestReportScope: the one mapping from a user's scope and ?scope= to a
// report's scope never goes wider than the user's scope.
func TestReportScope(t *testing.T) {
	offices := []postcrm.Office{{Code: "13000001", City: "石家庄市"}, {Code: "13000002", City: "石家庄市"}, {Code: "13100001", City: "唐山市"}}
	sjz := offices[:2]
	province := postcrm.Scope{Role: postcrm.RoleProvinceAdmin}
	city := postcrm.Scope{Role: postcrm.RoleCityManager, City: "石家庄市"}
	office := postcrm.Scope{Role: postcrm.RoleOfficeManager, City: "石家庄市", OfficeCode: "13000001"}
	courier := postcrm.Scope{Role: postcrm.RoleCourier, City: "石家庄市", OfficeCode: "13000001", StaffID: "K001"}
	for _, c := range []struct {
		user    postcrm.Scope
		offices []postcrm.Office
		asked   string
		want    report.Scope
		err     error // nil, ErrNotFound, or any httpError (400)
	}{
		{province, offices, "", report.Scope{}, nil},
		{province, offices, "province", report.Scope{}, nil},
		{province, offices, "city:唐山市", report.Scope{Level: report.ScopeCity, Code: "唐山市"}, nil},
		{province, offices, "office:13100001", report.Scope{Level: report.ScopeOffice, Code: "13100001"}, nil},
		{province, offices, "city:NOWHERE", report.Scope{}, postcrm.ErrNotFound},
		{province, offices, "office:NOPE", report.Scope{}, postcrm.ErrNotFound},
		{province, offices, "region:x", report.Scope{}, errBadRequest},
		{city, sjz, "", report.Scope{Level: report.ScopeCity, Code: "石家庄市"}, nil},
		{city, sjz, "office:13000002", report.Scope{Level: report.ScopeOffice, Code: "13000002"}, nil},
		{city, sjz, "province", report.Scope{}, postcrm.ErrNotFound},
		{city, sjz, "city:唐山市", report.Scope{}, postcrm.ErrNotFound},
		{city, offices, "city:唐山市", report.Scope{}, postcrm.ErrNotFound}, // not even if the offices were wider
		{city, sjz, "office:13100001", report.Scope{}, postcrm.ErrNotFound},
		{office, offices[:1], "", report.Scope{Level: report.ScopeOffice, Code: "13000001"}, nil},
		{office, offices[:1], "city:石家庄市", report.Scope{}, postcrm.ErrNotFound},
		{office, offices[:1], "office:13000002", report.Scope{}, postcrm.ErrNotFound},
		{courier, offices[:1], "", report.Scope{}, postcrm.ErrNotFound},
		{courier, offices[:1], "office:13000001", report.Scope{}, postcrm.ErrNotFound},
	} {
		got, err := reportScope(c.user, c.offices, c.asked)
		var he *httpError
		switch {
		case c.err == errBadRequest:
			if !errors.As(err, &he) || he.status != http.StatusBadRequest {
				t.Errorf("%s asks %q: want 400, got %v", c.user.Role, c.asked, err)
			}
		case !errors.Is(err, c.err) || (err == nil && got != c.want):
			t.Errorf("%s asks %q: got %+v, %v; want %+v, %v", c.user.Role, c.asked, got, err, c.want, c.err)
		}
	}
}

// errBadRequest marks the cases that must answer 400.
var errBadRequest = errors.New("400")

// reportCases are, per walking user, the scope their pages default to.
var reportCases = []struct {
	user  string
	scope report.Scope
}{
	{provinceUser, report.Scope{}},
	{cityUser, report.Scope{Level: report.ScopeCity, Code: "石家庄市"}},
	{officeUser, report.Scope{Level: report.ScopeOffice, Code: "13000001"}},
}

// built is the report the report package builds for the request: what
// the page, the API and the workbook must all show.
func built(t *testing.T, f *fixture, name string, req report.Request) postcrm.Report {
	t.Helper()
	r, err := report.Build(context.Background(), f.store, name, req)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// reportRequestFor is May 2026 (the evening board: 20 May, the
// fixture's last day) for the scope; the evening board needs an office.
func reportRequestFor(name string, sc report.Scope) (report.Request, string) {
	if name == "evening" {
		if sc.Level != report.ScopeOffice {
			sc = report.Scope{Level: report.ScopeOffice, Code: "13000001"}
		}
		return report.Request{Month: 202605, Day: postcrm.NewDate(2026, 5, 20), Scope: sc}, "day=2026-05-20&scope=" + url.QueryEscape(scopeParam(sc))
	}
	return report.Request{Month: 202605, Scope: sc}, "month=2026-05"
}

// TestReportPagesAndAPI: each role reads each report it may in its own
// scope by default: the API answers exactly the report package's report
// for that scope, and the page shows every table's headers and total
// row as the workbook has them, or at a wide scope those of the report's
// summary, saying where the detail is.
func TestReportPagesAndAPI(t *testing.T) {
	onEveryStore(t, func(t *testing.T, f *fixture) {
		for _, c := range reportCases {
			role := f.user(t, c.user).Role
			for _, name := range report.Names() {
				if !(Route{Roles: reportRoles[name]}).allows(role) {
					continue
				}
				req, query := reportRequestFor(name, c.scope)
				want := built(t, f, name, req)
				resp := f.session(t, c.user).api("GET", "/api/v1/reports/"+name+"?"+query, "")
				var got postcrm.Report
				if err := json.Unmarshal([]byte(body(t, resp)), &got); err != nil || resp.StatusCode != http.StatusOK {
					t.Fatalf("%s %s: %d %v", c.user, name, resp.StatusCode, err)
				}
				if a, b := mustJSON(t, got), mustJSON(t, roundTrip(t, want)); a != b {
					t.Errorf("%s %s: API\n%s\nwant\n%s", c.user, name, a, b)
				}
				html := page(t, f, c.user, "/reports/"+name+"?"+query)
				shown := want.Tables
				if len(want.Summary) > 0 {
					shown = want.Summary
				}
				if (len(want.Summary) > 0) != strings.Contains(html, `id="report-summary-note"`) {
					t.Errorf("%s %s: %d summary tables, the page's note on the detail: %v", c.user, name, len(want.Summary), !strings.Contains(html, `id="report-summary-note"`))
				}
				for _, tb := range shown {
					if !strings.Contains(html, ">"+htmlText(tb.Columns[len(tb.Columns)-1].Header)+"<") {
						t.Errorf("%s %s: no header %q", c.user, name, tb.Columns[len(tb.Columns)-1].Header)
					}
				}
				if !strings.Contains(html, `class="row-total"`) {
					t.Errorf("%s %s: no total row", c.user, name)
				}
				if !strings.Contains(html, want.Scope) || !strings.Contains(html, want.Period) {
					t.Errorf("%s %s: the page does not name scope %s and period %s", c.user, name, want.Scope, want.Period)
				}
			}
		}
	})
}

// htmlText is how html/template writes a header's text.
func htmlText(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// roundTrip is r as a client decodes it (numbers become float64).
func roundTrip(t *testing.T, r postcrm.Report) postcrm.Report {
	t.Helper()
	var out postcrm.Report
	if err := json.Unmarshal([]byte(mustJSON(t, r)), &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestReportFiguresOnThePage checks figures against the fixture by hand:
// 4 contract customers × 20 days × 12.00 yuan in May is 960.00 for the
// province and 720.00 for 石家庄市 (3 customers); on 20 May office
// 13000001's board has K001 with CUST-A's and CUST-B's items, 2 and
// 24.00 yuan.
func TestReportFiguresOnThePage(t *testing.T) {
	f := newFixture(t)
	rowOf := func(html, first string) string {
		m := regexp.MustCompile(`<tr[^>]*><td[^>]*>` + regexp.QuoteMeta(first) + `</td>.*?</tr>`).FindString(html)
		if m == "" {
			t.Fatalf("no row %q", first)
		}
		return m
	}
	province := page(t, f, provinceUser, "/reports/revenue?month=2026-05")
	if r := rowOf(province, "2026-05"); !strings.Contains(r, ">960.00<") {
		t.Errorf("province May revenue row: %s", r)
	}
	city := page(t, f, cityUser, "/reports/revenue?month=2026-05")
	if r := rowOf(city, "2026-05"); !strings.Contains(r, ">720.00<") {
		t.Errorf("石家庄市 May revenue row: %s", r)
	}
	board := page(t, f, officeUser, "/reports/evening")
	if !strings.Contains(board, "2026-05-20") {
		t.Error("the evening board does not default to the latest day with data")
	}
	if r := rowOf(board, courierUser); !strings.Contains(r, "<td class=\"num\">2</td>") || !strings.Contains(r, ">24.00<") {
		t.Errorf("K001 on the board: %s", r)
	}
}

// TestReportWorkbookIsTheCommandLines: the downloaded workbook has the
// same sheets and cells as the one xlsxreport writes for the report the
// report package builds for that scope and month.
func TestReportWorkbookIsTheCommandLines(t *testing.T) {
	f := newFixture(t)
	for _, c := range reportCases[:2] {
		for _, name := range report.Names() {
			req, query := reportRequestFor(name, c.scope)
			resp := f.session(t, c.user).get("/reports/" + name + ".xlsx?" + query)
			data := body(t, resp)
			if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Disposition"), "attachment") {
				t.Fatalf("%s %s.xlsx: %d", c.user, name, resp.StatusCode)
			}
			var want bytes.Buffer
			if err := xlsxreport.Write(&want, built(t, f, name, req)); err != nil {
				t.Fatal(err)
			}
			a, b := workbookCells(t, []byte(data)), workbookCells(t, want.Bytes())
			if mustJSON(t, a) != mustJSON(t, b) {
				t.Errorf("%s %s.xlsx differs from the report package's", c.user, name)
			}
			if len(a) == 0 {
				t.Errorf("%s %s.xlsx: no sheets", c.user, name)
			}
		}
	}
}

// workbookCells is every sheet's name and cells.
func workbookCells(t *testing.T, data []byte) [][][]string {
	t.Helper()
	book, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer book.Close()
	var out [][][]string
	for _, sheet := range book.GetSheetList() {
		rows, err := book.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, append([][]string{{sheet}}, rows...))
	}
	return out
}

// TestReportScopeEnforced: asking for a scope beyond one's own is 404 on
// the page, the workbook and the API; a report the role does not read
// is 403; the index lists just the role's reports.
func TestReportScopeEnforced(t *testing.T) {
	f := newFixture(t)
	other := "?scope=" + url.QueryEscape("city:唐山市")
	for _, path := range []string{"/reports/bulletin" + other, "/reports/bulletin.xlsx" + other, "/reports/evening?scope=office:13100001"} {
		if resp := f.session(t, cityUser).get(path); resp.StatusCode != http.StatusNotFound {
			t.Errorf("city manager %s: %d, want 404", path, resp.StatusCode)
		}
	}
	resp := f.session(t, cityUser).api("GET", "/api/v1/reports/revenue"+other, "")
	if b := body(t, resp); resp.StatusCode != http.StatusNotFound || !strings.Contains(b, `"error.not_found"`) {
		t.Errorf("city manager API out of scope: %d %s", resp.StatusCode, b)
	}
	if resp := f.session(t, officeUser).get("/reports/quality"); resp.StatusCode != http.StatusForbidden {
		t.Errorf("office manager /reports/quality: %d, want 403", resp.StatusCode)
	}
	if resp := f.session(t, courierUser).get("/reports/evening"); resp.StatusCode != http.StatusForbidden {
		t.Errorf("courier /reports/evening: %d, want 403", resp.StatusCode)
	}
	if resp := f.session(t, provinceUser).get("/reports/evening?scope=province"); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("evening board for the province: %d, want 400", resp.StatusCode)
	}
	if resp := f.session(t, provinceUser).get("/reports/login?scope=region:x"); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("malformed scope: %d, want 400", resp.StatusCode)
	}
	var ix reportIndex
	if err := json.Unmarshal([]byte(body(t, f.session(t, officeUser).api("GET", "/api/v1/reports", ""))), &ix); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range ix.Reports {
		names = append(names, r.Name)
	}
	if strings.Join(names, ",") != "ownership,evening" || ix.Scope != "office:13000001" || len(ix.Scopes) != 1 {
		t.Errorf("office manager's index: %v, scope %s, choices %v", names, ix.Scope, ix.Scopes)
	}
}

// TestBulletinPrints: the bulletin page links the print stylesheet, which
// lays it out on A4 without the navigation, and carries the narrative.
func TestBulletinPrints(t *testing.T) {
	f := newFixture(t)
	html := page(t, f, provinceUser, "/reports/bulletin?month=2026-05")
	if !strings.Contains(html, `<link rel="stylesheet" href="/static/print.css" media="print">`) {
		t.Error("the bulletin does not link the print stylesheet")
	}
	want := built(t, f, "bulletin", report.Request{Month: 202605})
	if len(want.Narrative) == 0 || !strings.Contains(html, "<p>"+htmlText(want.Narrative[0])+"</p>") {
		t.Error("the bulletin page lacks the narrative")
	}
	css := body(t, f.session(t, provinceUser).get("/static/print.css"))
	for _, rule := range []string{"size: A4", ".topbar", "display: none", "break-before: page", "color: #000"} {
		if !strings.Contains(css, rule) {
			t.Errorf("print.css has no %q", rule)
		}
	}
}

// TestEveningBoardRefreshes: the board asks app.js to reload it, and it
// and every other report page have no inline script, event handler or
// style for the CSP to block.
func TestEveningBoardRefreshes(t *testing.T) {
	f := newFixture(t)
	resp := f.session(t, officeUser).get("/reports/evening")
	if !strings.Contains(body(t, resp), `data-refresh="60"`) {
		t.Error("the evening board has no data-refresh")
	}
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
		t.Errorf("CSP %q", csp)
	}
	js := body(t, f.session(t, officeUser).get("/static/app.js"))
	if !strings.Contains(js, `querySelector("[data-refresh]")`) || !strings.Contains(js, "location.reload()") {
		t.Error("app.js does not reload a page with data-refresh")
	}
	paths := []string{"/reports"}
	for _, name := range report.Names() {
		paths = append(paths, "/reports/"+name+"?month=2026-05")
	}
	handler := regexp.MustCompile(`\son[a-z]+=`)
	for _, path := range paths {
		html := page(t, f, provinceUser, path)
		if strings.Count(html, "<script") != strings.Count(html, "<script src=") || strings.Contains(html, " style=") || handler.MatchString(html) {
			t.Errorf("%s has inline script or style", path)
		}
	}
}
