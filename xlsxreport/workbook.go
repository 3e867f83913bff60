// Package xlsxreport writes a computed report as an Excel workbook: one
// sheet per table with a title row naming the period and scope, a frozen
// header row, number formats, fitted column widths, subtotal and total
// rows set off in bold, a native chart where the report asks for one, and
// the report's narrative and notes in the workbook too.
package xlsxreport

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"postcrm"
)

// headerRows are the title, the period-and-scope line and the column
// headers; data starts below them.
const headerRows = 3

// Write writes r as an XLSX workbook to w.
func Write(w io.Writer, r postcrm.Report) error {
	f := excelize.NewFile()
	defer f.Close()
	st := newStyles(f)
	first := true
	sheet := func(name string) (string, error) {
		name = sheetName(name)
		if first {
			first = false
			return name, f.SetSheetName("Sheet1", name)
		}
		_, err := f.NewSheet(name)
		return name, err
	}
	if len(r.Narrative) > 0 {
		name, err := sheet("通报正文")
		if err != nil {
			return fmt.Errorf("add sheet: %w", err)
		}
		if err := writeText(f, st, name, r); err != nil {
			return fmt.Errorf("write narrative: %w", err)
		}
	}
	for _, t := range r.Tables {
		name, err := sheet(t.Name)
		if err != nil {
			return fmt.Errorf("add sheet %s: %w", t.Name, err)
		}
		if err := writeTable(f, st, name, r, t); err != nil {
			return fmt.Errorf("write sheet %s: %w", t.Name, err)
		}
	}
	f.SetActiveSheet(0)
	if err := f.Write(w); err != nil {
		return fmt.Errorf("write workbook: %w", err)
	}
	return nil
}

// sheetName keeps a name within Excel's 31 characters.
func sheetName(s string) string {
	r := []rune(s)
	if len(r) > 31 {
		r = r[:31]
	}
	return string(r)
}

// writeTitle writes the title and the period-and-scope line across n
// columns.
func writeTitle(f *excelize.File, st *styles, sheet, title string, r postcrm.Report, n int) error {
	if err := mergedRow(f, sheet, 1, n, title, st.title, 24); err != nil {
		return err
	}
	return mergedRow(f, sheet, 2, n, "统计期："+r.Period+"　　范围："+r.Scope, st.subtitle, 0)
}

// mergedRow writes text into row y merged across n columns, with a style
// and, unless 0, a row height: wrapped text in merged cells does not grow
// its row by itself.
func mergedRow(f *excelize.File, sheet string, y, n int, text string, style int, height float64) error {
	a, b := cell(1, y), cell(max(n, 1), y)
	if err := f.SetCellStr(sheet, a, text); err != nil {
		return err
	}
	if err := f.MergeCell(sheet, a, b); err != nil {
		return err
	}
	if err := f.SetCellStyle(sheet, a, b, style); err != nil {
		return err
	}
	if height == 0 {
		return nil
	}
	return f.SetRowHeight(sheet, y, height)
}

// writeTable writes one table: title rows, header, rows, notes, chart.
func writeTable(f *excelize.File, st *styles, sheet string, r postcrm.Report, t postcrm.Table) error {
	n := len(t.Columns)
	if err := writeTitle(f, st, sheet, r.Title+"　"+t.Title, r, n); err != nil {
		return err
	}
	widths := make([]float64, n)
	headers := make([]any, n)
	for i, c := range t.Columns {
		headers[i] = c.Header
		// Headers wrap onto two lines; a long one need not widen its column.
		widths[i] = max(6, (textWidth(c.Header)+1)/2)
	}
	if err := f.SetSheetRow(sheet, cell(1, headerRows), &headers); err != nil {
		return err
	}
	if err := f.SetCellStyle(sheet, cell(1, headerRows), cell(n, headerRows), st.header); err != nil {
		return err
	}
	if err := f.SetRowHeight(sheet, headerRows, 30); err != nil {
		return err
	}
	for i, row := range t.Rows {
		y := headerRows + 1 + i
		vals := make([]any, n)
		for j, c := range t.Columns {
			v, text := cellValue(c.Kind, row.Cells[j])
			vals[j] = v
			widths[j] = max(widths[j], textWidth(text))
		}
		if err := f.SetSheetRow(sheet, cell(1, y), &vals); err != nil {
			return err
		}
	}
	if err := styleRows(f, st, sheet, t); err != nil {
		return err
	}
	for j, w := range widths {
		col, _ := excelize.ColumnNumberToName(j + 1)
		if err := f.SetColWidth(sheet, col, col, min(w+2, 60)); err != nil {
			return err
		}
	}
	if err := writeNotes(f, st, sheet, r.Notes, headerRows+len(t.Rows)+2, n); err != nil {
		return err
	}
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: headerRows,
		TopLeftCell: cell(1, headerRows+1), ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	if err := printSetup(f, sheet, n > 6); err != nil {
		return err
	}
	if t.Chart != nil {
		// Below the notes, so that it prints on the table's pages.
		return addChart(f, sheet, t, headerRows+len(t.Rows)+len(r.Notes)+3)
	}
	return nil
}

// styleRows styles the data rows a rectangle at a time: rows of one level
// by columns of one kind share a style, and excelize styles a range in
// one call where cell by cell each call finds the sheet and row again.
func styleRows(f *excelize.File, st *styles, sheet string, t postcrm.Table) error {
	for _, ys := range runs(len(t.Rows), func(i, j int) bool { return t.Rows[i].Level == t.Rows[j].Level }) {
		level := t.Rows[ys[0]].Level
		top, bottom := headerRows+1+ys[0], headerRows+1+ys[1]
		for _, xs := range runs(len(t.Columns), func(i, j int) bool { return t.Columns[i].Kind == t.Columns[j].Kind }) {
			style := st.cell(t.Columns[xs[0]].Kind, level)
			if err := f.SetCellStyle(sheet, cell(xs[0]+1, top), cell(xs[1]+1, bottom), style); err != nil {
				return err
			}
		}
	}
	return nil
}

// runs splits 0…n-1 into maximal runs of neighbours that are the same,
// each as its first and last index.
func runs(n int, same func(i, j int) bool) [][2]int {
	var rs [][2]int
	for first := 0; first < n; {
		last := first
		for last+1 < n && same(last, last+1) {
			last++
		}
		rs = append(rs, [2]int{first, last})
		first = last + 1
	}
	return rs
}

// writeNotes writes the notes from row y down, each merged across n
// columns and wrapped.
func writeNotes(f *excelize.File, st *styles, sheet string, notes []string, y, n int) error {
	for i, note := range notes {
		if err := mergedRow(f, sheet, y+i, n, "说明："+note, st.note, 32); err != nil {
			return err
		}
	}
	return nil
}

// writeText writes the narrative as wrapped paragraphs, the way the
// bulletin is printed and sent.
func writeText(f *excelize.File, st *styles, sheet string, r postcrm.Report) error {
	const cols = 8
	if err := writeTitle(f, st, sheet, r.Title, r, cols); err != nil {
		return err
	}
	if err := f.SetColWidth(sheet, "A", "H", 12); err != nil {
		return err
	}
	for i, p := range r.Narrative {
		lines := int(textWidth(p)/(12*cols)) + 1
		if err := mergedRow(f, sheet, headerRows+i, cols, "　　"+p, st.paragraph, 18*float64(lines)+6); err != nil {
			return err
		}
	}
	if err := writeNotes(f, st, sheet, r.Notes, headerRows+len(r.Narrative)+1, cols); err != nil {
		return err
	}
	return printSetup(f, sheet, false)
}

// printSetup prints A4, one page wide, repeating the header rows.
func printSetup(f *excelize.File, sheet string, landscape bool) error {
	size, one, zero := 9, 1, 0 // 9 is A4
	orientation := "portrait"
	if landscape {
		orientation = "landscape"
	}
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &size, Orientation: &orientation,
		FitToWidth: &one, FitToHeight: &zero}); err != nil {
		return err
	}
	fit := true
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	return f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles",
		RefersTo: fmt.Sprintf("'%s'!$1:$%d", sheet, headerRows), Scope: sheet})
}

// cell is the A1 name of column x, row y (both from 1).
func cell(x, y int) string {
	name, _ := excelize.CoordinatesToCellName(x, y)
	return name
}
