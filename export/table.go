// Package export writes lists as CSV and XLSX files, so that the command
// line and the web application export the same columns the same way.
package export

import (
	"fmt"
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"

	"postcrm/textfmt"
)

// Kind says how a column's values are typed in a workbook.
type Kind int

const (
	Text   Kind = iota // codes, phones and staff IDs stay text so that leading zeros survive
	Number             // counts and scores
	Yuan               // money, shown with two decimals
)

// Table is a header and its rows, already formatted as text; Kinds says
// which columns a workbook stores as numbers.
type Table struct {
	Header []string
	Kinds  []Kind
	Rows   [][]string
}

// YuanText formats fen as yuan with two decimals.
func YuanText(fen int64) string { return strconv.FormatFloat(float64(fen)/100, 'f', 2, 64) }

// Decimal formats x with the given number of decimals.
func Decimal(x float64, digits int) string { return strconv.FormatFloat(x, 'f', digits, 64) }

// utf8BOM makes Excel on a Chinese Windows read a CSV as UTF-8, not GBK.
const utf8BOM = "\uFEFF"

// WriteCSV writes the table; with bom the file starts with a UTF-8 byte
// order mark for Excel.
func (t Table) WriteCSV(w io.Writer, bom bool) error {
	if bom {
		if _, err := io.WriteString(w, utf8BOM); err != nil {
			return fmt.Errorf("write csv: %w", err)
		}
	}
	cw := NewCSVWriter(w)
	if err := cw.Write(t.Header); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	for _, row := range t.Rows {
		if err := cw.Write(row); err != nil {
			return fmt.Errorf("write csv: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	return nil
}

// yuanFormat is Excel's built-in "#,##0.00".
const yuanFormat = 4

// WriteXLSX writes the table as a one-sheet workbook: header row frozen and
// bold, figures stored as numbers (money as "#,##0.00"), and every column
// as wide as its widest cell.
func (t Table) WriteXLSX(w io.Writer, sheet string) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := t.fillSheet(f, sheet); err != nil {
		return fmt.Errorf("write xlsx: %w", err)
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("write xlsx: %w", err)
	}
	return nil
}

func (t Table) fillSheet(f *excelize.File, sheet string) error {
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	yuan, err := f.NewStyle(&excelize.Style{NumFmt: yuanFormat})
	if err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	// Column widths must precede the rows in a stream.
	for i, width := range t.widths() {
		if err := sw.SetColWidth(i+1, i+1, width); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	cells := make([]any, len(t.Header))
	for i, h := range t.Header {
		cells[i] = excelize.Cell{StyleID: bold, Value: h}
	}
	if err := sw.SetRow("A1", cells); err != nil {
		return err
	}
	for r, row := range t.Rows {
		for i, v := range row {
			cells[i] = t.cell(i, v, yuan)
		}
		cell, err := excelize.CoordinatesToCellName(1, r+2)
		if err != nil {
			return err
		}
		if err := sw.SetRow(cell, cells); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// cell is column i's value v as a workbook cell: a number where the column
// holds figures and v parses as one, else the text as it is.
func (t Table) cell(i int, v string, yuanStyle int) any {
	if t.Kinds[i] == Text {
		return v
	}
	x, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return v
	}
	if t.Kinds[i] == Yuan {
		return excelize.Cell{StyleID: yuanStyle, Value: x}
	}
	return x
}

// Width limits in Excel's character units: a code needs no less than
// the minimum, and a long reason wraps the screen beyond the maximum.
const (
	minWidth = 6
	maxWidth = 60
)

// widths is each column's width: its widest cell, counting a Chinese
// character as two, plus a margin.
func (t Table) widths() []float64 {
	ws := make([]float64, len(t.Header))
	measure := func(i int, s string) {
		if n := float64(textfmt.DisplayWidth(s) + 2); n > ws[i] {
			ws[i] = n
		}
	}
	for i, h := range t.Header {
		measure(i, h)
	}
	for _, row := range t.Rows {
		for i, v := range row {
			measure(i, v)
		}
	}
	for i := range ws {
		ws[i] = min(max(ws[i], minWidth), maxWidth)
	}
	return ws
}
