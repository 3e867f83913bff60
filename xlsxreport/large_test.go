package xlsxreport_test

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/xuri/excelize/v2"

	"postcrm"
	"postcrm/xlsxreport"
)

// ownershipShaped is a report shaped like the ownership report at
// province scale: rows owners, an office subtotal after every nine, a
// province total, 15 columns of every kind.
func ownershipShaped(rows int) postcrm.Report {
	kinds := []postcrm.ColumnKind{postcrm.ColText, postcrm.ColText, postcrm.ColText, postcrm.ColInt, postcrm.ColInt,
		postcrm.ColInt, postcrm.ColFen, postcrm.ColPercent, postcrm.ColPercent, postcrm.ColFen, postcrm.ColPoints,
		postcrm.ColInt, postcrm.ColInt, postcrm.ColPercent, postcrm.ColScore}
	t := postcrm.Table{Name: "管户明细", Title: "按管户人"}
	for i, k := range kinds {
		t.Columns = append(t.Columns, postcrm.Column{Key: fmt.Sprintf("c%d", i), Header: fmt.Sprintf("列%d", i), Kind: k})
	}
	for y := range rows {
		r := postcrm.Row{}
		switch {
		case y == rows-1:
			r.Level = postcrm.RowTotal
		case y%10 == 9:
			r.Level = postcrm.RowSubtotal
		}
		for x, k := range kinds {
			var v any
			switch k {
			case postcrm.ColText:
				v = fmt.Sprintf("营业部%04d 揽投员%d", y/10, x)
			case postcrm.ColInt, postcrm.ColFen:
				v = int64(y*31 + x)
			default:
				if (x+y)%7 != 0 { // some rates undefined
					v = float64(y%100) / 100
				}
			}
			r.Cells = append(r.Cells, v)
		}
		t.Rows = append(t.Rows, r)
	}
	return postcrm.Report{Name: "ownership", Title: "协议客户管户报表", Period: "2026-06", Scope: "全省",
		Tables: []postcrm.Table{t}, Notes: []string{"测试用"}}
}

// TestEveryCellStyled checks the style of every data cell, not only the
// last row's: its column's number format, and bold with a fill on
// subtotal and total rows only.
func TestEveryCellStyled(t *testing.T) {
	r := ownershipShaped(95)
	var buf bytes.Buffer
	if err := xlsxreport.Write(&buf, r); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	formats := map[postcrm.ColumnKind]string{postcrm.ColInt: "#,##0", postcrm.ColFen: "#,##0.00", postcrm.ColPercent: "0.0%",
		postcrm.ColPoints: "+0.00;-0.00;0.00", postcrm.ColScore: "0.0"}
	fills := map[postcrm.RowLevel]string{postcrm.RowSubtotal: "F2F2F2", postcrm.RowTotal: "FFF2CC"}
	tb := r.Tables[0]
	for y, row := range tb.Rows {
		for x, c := range tb.Columns {
			ref, _ := excelize.CoordinatesToCellName(x+1, y+4)
			id, err := f.GetCellStyle(tb.Name, ref)
			if err != nil {
				t.Fatal(err)
			}
			st, err := f.GetStyle(id)
			if err != nil {
				t.Fatal(err)
			}
			format := ""
			if st.CustomNumFmt != nil {
				format = *st.CustomNumFmt
			}
			bold := st.Font != nil && st.Font.Bold
			fill := ""
			if len(st.Fill.Color) > 0 {
				fill = st.Fill.Color[0]
			}
			if format != formats[c.Kind] || bold != (row.Level != postcrm.RowDetail) || fill != fills[row.Level] || len(st.Border) != 4 {
				t.Fatalf("%s (%s, %q row): format %q, bold %v, fill %q, %d borders", ref, c.Kind, row.Level, format, bold, fill, len(st.Border))
			}
		}
	}
}

// BenchmarkWriteLarge writes an ownership-shaped workbook of 5,000 rows
// by 15 columns, the ownership report's size at province scale.
func BenchmarkWriteLarge(b *testing.B) {
	r := ownershipShaped(5000)
	for range b.N {
		if err := xlsxreport.Write(&bytes.Buffer{}, r); err != nil {
			b.Fatal(err)
		}
	}
}
