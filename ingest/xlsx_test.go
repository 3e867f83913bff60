package ingest

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"postcrm"
)

// xlsxBook builds a workbook whose first sheet is "收寄明细"; fill writes
// its cells. A second sheet must be ignored.
func xlsxBook(t *testing.T, name string, date1904 bool, fill func(f *excelize.File, sheet string)) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "收寄明细"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		t.Fatal(err)
	}
	if date1904 {
		if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &date1904}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.NewSheet("说明"); err != nil {
		t.Fatal(err)
	}
	must(t, f.SetSheetRow("说明", "A1", &[]any{"这一页不是数据"}))
	fill(f, sheet)
	// Saved under an .xlsx name: excelize refuses others.
	saved := filepath.Join(t.TempDir(), "book.xlsx")
	if err := f.SaveAs(saved); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(filepath.Dir(saved), name)
	must(t, os.Rename(saved, path))
	return path
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// cellTime is what the cell shows: excelize writes a time's wall clock in
// UTC as the serial.
func cellTime(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, time.UTC)
}

func TestXLSXWaybills(t *testing.T) {
	for _, date1904 := range []bool{false, true} {
		path := xlsxBook(t, "收寄明细.xlsx", date1904, func(f *excelize.File, sheet string) {
			header := []any{"waybill_no", "收寄时间", "机构代码", "揽投员工号", "客户代码", "寄件人电话", "资费（元）", "重量(克)", "付费方式", "收寄渠道"}
			must(t, f.SetSheetRow(sheet, "A1", &header))
			must(t, f.SetSheetRow(sheet, "A2", &[]any{1190000000001, cellTime(2025, 3, 8, 14, 30), "13000101", "S1001", "", 13812345678, 12.5, 350, "现结", "营业厅"}))
			// Row 3 stays empty; row 4 has its time as text.
			must(t, f.SetSheetRow(sheet, "A4", &[]any{"1190000000002", "2025/3/8 9:05", "13000101", "S1001", "KH0001", "", 0.345, "", "月结", "上门揽收"}))
			must(t, f.SetSheetRow(sheet, "A6", &[]any{"1190000000003", cellTime(1999, 12, 31, 8, 0), "13000101", "S1001", "", "13812345678", 8, 100, "现结", "营业厅"}))
			style, err := f.NewStyle(&excelize.Style{CustomNumFmt: ptr("yyyy-mm-dd hh:mm:ss")})
			must(t, err)
			must(t, f.SetCellStyle(sheet, "B2", "B6", style))
			must(t, f.SetSheetDimension(sheet, "A1:J6")) // as Excel keeps it
		})
		tab := openTable(t, path)
		p, err := NewParser(postcrm.KindWaybills, tab, testRef(), testNow)
		must(t, err)
		var b postcrm.Batch
		var rejects []postcrm.Finding
		var rejectedRow []string
		for _, row := range readRows(t, tab) {
			if reject, rejected := p.Parse(row, &b); rejected {
				rejects = append(rejects, reject)
				rejectedRow = append([]string(nil), row.Fields...)
			}
		}
		if len(b.Waybills) != 2 {
			t.Fatalf("1904=%v: got %d waybills, rejects %+v", date1904, len(b.Waybills), rejects)
		}
		w0, w1 := b.Waybills[0], b.Waybills[1]
		if want := time.Date(2025, 3, 8, 14, 30, 0, 0, postcrm.ChinaTime); !w0.AcceptedAt.Equal(want) {
			t.Errorf("1904=%v: date cell read as %v, want %v", date1904, w0.AcceptedAt, want)
		}
		if w0.No != "1190000000001" || w0.SenderPhone != "13812345678" || w0.PostageFen != 1250 || w0.WeightG != 350 {
			t.Errorf("numeric cells read as %+v", w0)
		}
		if want := time.Date(2025, 3, 8, 9, 5, 0, 0, postcrm.ChinaTime); !w1.AcceptedAt.Equal(want) || w1.PostageFen != 35 {
			t.Errorf("text cells read as %+v", w1)
		}
		// The rejected date cell reads as the user saw it, in the finding
		// and in the row that goes to the rejects file.
		want := postcrm.Finding{Kind: postcrm.KindWaybills, Source: "收寄明细.xlsx", Line: 6, Field: "收寄时间",
			Reason: postcrm.ReasonBadTime, Message: "收寄时间“1999-12-31 08:00:00”早于 2000 年，应是占位值或录错了",
			Value: "1999-12-31 08:00:00", OfficeCode: "13000101", Rejected: true, Record: "1190000000003"}
		if len(rejects) != 1 || rejects[0] != want || rejectedRow[1] != "1999-12-31 08:00:00" {
			t.Errorf("rejects %+v (row %q), want %+v", rejects, rejectedRow, want)
		}
		if done, total := tab.Progress(); done != 6 || total != 6 {
			t.Errorf("progress %d/%d, want 6/6", done, total)
		}
	}
}

func ptr[T any](v T) *T { return &v }

// The format is told by content: a workbook named .csv is still read as
// one, and date cells of date columns become days.
func TestXLSXByContentWithDateCells(t *testing.T) {
	path := xlsxBook(t, "会员.csv", false, func(f *excelize.File, sheet string) {
		must(t, f.SetSheetRow(sheet, "A1", &[]any{"手机号", "注册日期", "机构代码"}))
		must(t, f.SetSheetRow(sheet, "A2", &[]any{"13712345678", time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC), 13000102}))
		must(t, f.SetSheetRow(sheet, "A3", &[]any{"13712345679", "20250302", "13000102"}))
		style, err := f.NewStyle(&excelize.Style{NumFmt: 14}) // the built-in short date
		must(t, err)
		must(t, f.SetCellStyle(sheet, "B2", "B2", style))
	})
	tab := openTable(t, path)
	readRows(t, tab)
	if done, total := tab.Progress(); done != 3 || total != 0 {
		t.Errorf("progress %d/%d; excelize leaves the dimension at A1, so the total is unknown", done, total)
	}
	out := parseFile(t, postcrm.KindMembers, path)
	want := []postcrm.Member{
		{Phone: "13712345678", RegisteredOn: 20250301, OfficeCode: "13000102"},
		{Phone: "13712345679", RegisteredOn: 20250302, OfficeCode: "13000102"},
	}
	if len(out.batch.Members) != 2 || out.batch.Members[0] != want[0] || out.batch.Members[1] != want[1] {
		t.Errorf("members %+v, rejects %+v; want %+v", out.batch.Members, out.rejects, want)
	}
}

func TestXLSXWithoutHeader(t *testing.T) {
	path := xlsxBook(t, "空表.xlsx", false, func(*excelize.File, string) {})
	if _, err := OpenTable(path); err == nil || err.Error() != "文件“空表.xlsx”是空的，找不到表头行" {
		t.Errorf("error %v", err)
	}
}
