package web

import (
	"regexp"
	"strings"
	"testing"

	"postcrm"
)

// TestReportCellsReadAsPeopleWrite: a money column of city-sized figures
// reads in 万元 (its header says so), one of a courier's few hundred
// yuan keeps yuan; a ratio over nothing is "—"; counts have thousands
// separators.
func TestReportCellsReadAsPeopleWrite(t *testing.T) {
	table := postcrm.Table{
		Columns: []postcrm.Column{
			{Header: "地市", Kind: postcrm.ColText},
			{Header: "协议客户收入", Kind: postcrm.ColFen},
			{Header: "管户人收入", Kind: postcrm.ColFen},
			{Header: "同比", Kind: postcrm.ColPercent},
			{Header: "邮件", Kind: postcrm.ColInt},
		},
		Rows: []postcrm.Row{
			{Cells: []any{"石家庄市", int64(2140004), int64(35000), 0.157, int64(23802)}},
			{Cells: []any{"唐山市", int64(1178748), int64(1200), nil, int64(950)}},
			{Level: postcrm.RowTotal, Cells: []any{"全省合计", int64(16070972), int64(36200), -0.133, int64(24752)}},
		},
	}
	tv := tableViewOf(&Request{Lang: "zh"}, table, nil)
	if got := tv.Headers[1].Text; got != "协议客户收入（万元）" {
		t.Errorf("the large money column is headed %q", got)
	}
	if got := tv.Headers[2].Text; got != "管户人收入" {
		t.Errorf("the small money column is headed %q", got)
	}
	want := [][]string{
		{"石家庄市", "2.14", "350.00", "15.7%", "23,802"},
		{"唐山市", "1.18", "12.00", "—", "950"},
		{"全省合计", "16.07", "362.00", "-13.3%", "24,752"},
	}
	for i, row := range tv.Rows {
		for j, c := range row.Cells {
			if c.Text != want[i][j] {
				t.Errorf("row %d column %d reads %q, want %q", i, j, c.Text, want[i][j])
			}
		}
	}
}

// TestReportPagesOfferNoJSON: the report pages are for people; the JSON
// is for programs, which find it in the API description.
func TestReportPagesOfferNoJSON(t *testing.T) {
	f := newFixture(t)
	for _, path := range []string{"/reports", "/reports/bulletin", "/reports/ownership", "/reports/evening"} {
		if page := page(t, f, provinceUser, path); strings.Contains(page, ">JSON<") || strings.Contains(page, `href="/api/`) {
			t.Errorf("%s links to JSON", path)
		}
	}
}

var firstCell = regexp.MustCompile(`<tr(?: class="[^"]*")?><td>(?:<a href="[^"]*">)?([^<]*)(?:</a>)?</td>`)

// TestReportsListCitiesInTheProvincesOrder: 石家庄 before 唐山 in the
// ownership report's rows and in the scope choice, as the province lists
// them (by code point 唐 comes first).
func TestReportsListCitiesInTheProvincesOrder(t *testing.T) {
	f := newFixture(t)
	page := page(t, f, provinceUser, "/reports/ownership?month=2026-05")
	var cities []string
	for _, m := range firstCell.FindAllStringSubmatch(page[strings.Index(page, "<tbody>"):], -1) {
		if len(cities) == 0 || cities[len(cities)-1] != m[1] {
			cities = append(cities, m[1])
		}
	}
	if len(cities) < 2 || cities[0] != "石家庄市" || cities[1] != "唐山市" {
		t.Errorf("the ownership rows list the cities %v", cities)
	}
	if a, b := strings.Index(page, `value="city:石家庄市"`), strings.Index(page, `value="city:唐山市"`); a < 0 || b < 0 || a > b {
		t.Errorf("the scope choice lists 石家庄市 at %d, 唐山市 at %d", a, b)
	}
}

// TestEveningBoardSaysHowFreshItIs: the board says up to which day the
// data goes, and calls the day's figures the day's, not "today's".
func TestEveningBoardSaysHowFreshItIs(t *testing.T) {
	f := newFixture(t)
	board := page(t, f, officeUser, "/reports/evening")
	if !strings.Contains(board, `id="data-as-of"`) || !strings.Contains(board, "数据截至 2026-05-20") {
		t.Error("the evening board does not say up to which day its data goes")
	}
	if strings.Contains(board, "今日") {
		t.Error("the evening board of a past day speaks of today")
	}
}

// TestOfficeReportLeavesOutTheOfficesName: an office manager's ownership
// report does not repeat the city and the office on every row (on a
// phone they would be all one saw); the title names them once.
func TestOfficeReportLeavesOutTheOfficesName(t *testing.T) {
	f := newFixture(t)
	page := page(t, f, officeUser, "/reports/ownership?month=2026-05")
	head := page[strings.Index(page, "<thead>"):]
	head = head[:strings.Index(head, "</tr>")]
	if strings.Contains(head, ">地市<") || strings.Contains(head, ">营业部<") || !strings.Contains(head, ">管户人工号<") {
		t.Errorf("the office's report is headed %s", head)
	}
	if !strings.Contains(page, "（石家庄市 ") {
		t.Error("the title does not name the city and office")
	}
	if !strings.Contains(page, "全营业部合计") {
		t.Error("the total row lost its label")
	}
}
