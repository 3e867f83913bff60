package export

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"postcrm"
)

// sample is two warnings, a contract customer's with names and a walk-in's.
func sample() []postcrm.WarningRow {
	return []postcrm.WarningRow{
		{Warning: postcrm.Warning{Kind: postcrm.WarnDecline, CustomerCode: "0013", OfficeCode: "06310135", OwnerStaffID: "007",
			ExpectedItems: 155.34, ActualItems: 85, ExpectedFen: 290282, ActualFen: 172846, RevenueAtRiskFen: 117436, Score: 380.937,
			Reason: "本月发件 85 件，下降 45%，少收约 1,174 元"},
			CustomerName: "石家庄某某电商", OfficeName: "长安营业部", City: "石家庄", OwnerName: "王芳"},
		{Warning: postcrm.Warning{Kind: postcrm.WarnWalkinChurn, SenderPhone: "13800000001", OfficeCode: "06310135",
			ExpectedItems: 3, RevenueAtRiskFen: 5, Score: 0.5, Reason: "x"},
			OfficeName: "长安营业部", City: "石家庄"},
	}
}

func TestWarningsCommandLineTable(t *testing.T) {
	tb := Warnings(sample(), WarningOptions{})
	// The header the README documents for `postcrm warnings`.
	header := strings.Split("kind,customer_code,sender_phone,office_code,owner_staff_id,expected_items,actual_items,"+
		"expected_revenue,actual_revenue,revenue_at_risk,score,reason", ",")
	if !slices.Equal(tb.Header, header) {
		t.Fatalf("header %v, want %v", tb.Header, header)
	}
	got := map[string]string{}
	for i, k := range tb.Header {
		got[k] = tb.Rows[0][i]
	}
	want := map[string]string{"kind": "decline", "customer_code": "0013", "owner_staff_id": "007", "expected_items": "155.3",
		"actual_items": "85", "expected_revenue": "2902.82", "revenue_at_risk": "1174.36", "score": "380.94"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
	if tb.Rows[1][slices.Index(tb.Header, "revenue_at_risk")] != "0.05" {
		t.Errorf("5 fen as %q", tb.Rows[1][slices.Index(tb.Header, "revenue_at_risk")])
	}
}

func TestWarningsLabelledWithNames(t *testing.T) {
	tb := Warnings(sample(), WarningOptions{
		Names:     true,
		Label:     func(k string) string { return "L:" + k },
		KindLabel: func(k postcrm.WarningKind) string { return "K:" + string(k) },
	})
	keys := WarningKeys(true)
	if len(keys) != len(WarningKeys(false))+4 {
		t.Fatalf("keys with names %v", keys)
	}
	for i, k := range keys {
		if tb.Header[i] != "L:"+k {
			t.Errorf("header %d = %q, want label of %q", i, tb.Header[i], k)
		}
	}
	row := tb.Rows[0]
	for _, want := range []string{"K:decline", "石家庄某某电商", "长安营业部", "石家庄", "王芳"} {
		if !slices.Contains(row, want) {
			t.Errorf("row %v lacks %q", row, want)
		}
	}
	if row[slices.Index(keys, "owner_name")] != "王芳" || tb.Rows[1][slices.Index(keys, "owner_name")] != "" {
		t.Errorf("owner names %q, %q", row[slices.Index(keys, "owner_name")], tb.Rows[1][slices.Index(keys, "owner_name")])
	}
}

func TestWriteCSV(t *testing.T) {
	tb := Warnings(sample(), WarningOptions{})
	for _, bom := range []bool{false, true} {
		var buf bytes.Buffer
		if err := tb.WriteCSV(&buf, bom); err != nil {
			t.Fatal(err)
		}
		text := buf.String()
		if strings.HasPrefix(text, utf8BOM) != bom {
			t.Errorf("bom=%v: file starts %q", bom, text[:8])
		}
		records, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(text, utf8BOM))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(records[0], tb.Header) || len(records) != 1+len(tb.Rows) || !slices.Equal(records[1], tb.Rows[0]) {
			t.Errorf("bom=%v: read back %v", bom, records)
		}
	}
}

// openXLSX writes tb as a workbook and opens it again.
func openXLSX(t *testing.T, tb Table) (*excelize.File, string) {
	t.Helper()
	var buf bytes.Buffer
	if err := tb.WriteXLSX(&buf, "2026-10 预警"); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f, f.GetSheetName(0)
}

func TestWriteXLSXCells(t *testing.T) {
	tb := Warnings(sample(), WarningOptions{Names: true})
	f, sheet := openXLSX(t, tb)
	if sheet != "2026-10 预警" {
		t.Errorf("sheet %q", sheet)
	}
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || !slices.Equal(rows[0], tb.Header) {
		t.Fatalf("rows %v", rows)
	}
	col := func(key string) string {
		name, _ := excelize.ColumnNumberToName(slices.Index(tb.Header, key) + 1)
		return name
	}
	for _, c := range []struct {
		key, value string
		numeric    bool
	}{
		{"customer_code", "0013", false},
		{"owner_staff_id", "007", false},
		{"actual_items", "85", true},
		{"revenue_at_risk", "1174.36", true},
		{"score", "380.94", true},
	} {
		cell := col(c.key) + "2"
		v, _ := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
		typ, _ := f.GetCellType(sheet, cell)
		if v != c.value {
			t.Errorf("%s (%s) = %q, want %q", cell, c.key, v, c.value)
		}
		// Numbers carry no type attribute; text is a shared or inline string.
		if isNumber := typ == excelize.CellTypeUnset || typ == excelize.CellTypeNumber; isNumber != c.numeric {
			t.Errorf("%s (%s): cell type %v, numeric %v", cell, c.key, typ, c.numeric)
		}
	}
	shown, _ := f.GetCellValue(sheet, col("actual_revenue")+"3")
	if shown != "0.00" {
		t.Errorf("zero yuan shown as %q, want the yuan format's 0.00", shown)
	}
	style, _ := f.GetCellStyle(sheet, col("revenue_at_risk")+"2")
	st, err := f.GetStyle(style)
	if err != nil || st.NumFmt != yuanFormat {
		t.Errorf("revenue at risk style %+v (%v), want number format %d", st, err, yuanFormat)
	}
}

func TestWriteXLSXLayout(t *testing.T) {
	long := strings.Repeat("很长的原因", 40)
	rows := sample()
	rows[1].Reason = long
	tb := Warnings(rows, WarningOptions{Names: true})
	f, sheet := openXLSX(t, tb)
	panes, err := f.GetPanes(sheet)
	if err != nil {
		t.Fatal(err)
	}
	if !panes.Freeze || panes.YSplit != 1 || panes.XSplit != 0 {
		t.Errorf("panes %+v, want the header row frozen", panes)
	}
	width := func(key string) float64 {
		name, _ := excelize.ColumnNumberToName(slices.Index(tb.Header, key) + 1)
		w, err := f.GetColWidth(sheet, name)
		if err != nil {
			t.Fatal(err)
		}
		return w
	}
	// "石家庄某某电商" is 7 wide characters: 14 columns and the margin.
	if w := width("customer_name"); w != 16 {
		t.Errorf("customer name width %v, want 16", w)
	}
	if w := width("kind"); w != float64(len("walkin_churn")+2) {
		t.Errorf("kind width %v", w)
	}
	if w := width("reason"); w != maxWidth {
		t.Errorf("a %d-character reason makes the column %v wide, want the cap %d", len([]rune(long)), w, maxWidth)
	}
	if w := width("city"); w != 8 {
		t.Errorf("city column %v, want 8 for 石家庄", w)
	}
	narrow := Table{Header: []string{"a"}, Kinds: []Kind{Text}, Rows: [][]string{{"1"}}}
	if ws := narrow.widths(); ws[0] != minWidth {
		t.Errorf("a one-character column is %v wide, want the minimum %d", ws[0], minWidth)
	}
}

func TestWriteXLSXEmpty(t *testing.T) {
	tb := Warnings(nil, WarningOptions{})
	f, sheet := openXLSX(t, tb)
	rows, err := f.GetRows(sheet)
	if err != nil || len(rows) != 1 || !slices.Equal(rows[0], WarningKeys(false)) {
		t.Errorf("empty table as %v (%v)", rows, err)
	}
}
