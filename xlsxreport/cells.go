package xlsxreport

import (
	"fmt"

	"github.com/xuri/excelize/v2"

	"postcrm"
	"postcrm/textfmt"
)

// cellValue is what the sheet stores for a report cell, and the text it
// shows (for the column width). Money is stored in yuan: fen/100 is the
// nearest double to the two-decimal amount, and the totals were summed in
// fen before.
func cellValue(kind postcrm.ColumnKind, v any) (any, string) {
	switch x := v.(type) {
	case nil:
		return nil, ""
	case string:
		return x, x
	case int64:
		if kind == postcrm.ColFen {
			return float64(x) / 100, textfmt.Thousands(x/100) + ".00"
		}
		return x, textfmt.Thousands(x)
	case float64:
		switch kind {
		case postcrm.ColPercent:
			return x, fmt.Sprintf("%.1f%%", 100*x)
		default:
			return x, fmt.Sprintf("%+.2f", x)
		}
	}
	return fmt.Sprint(v), fmt.Sprint(v)
}

// textWidth is the width of s in Excel's character units.
func textWidth(s string) float64 { return float64(textfmt.DisplayWidth(s)) }

// styles are the workbook's cell styles, made once each.
type styles struct {
	f                                        *excelize.File
	title, subtitle, header, note, paragraph int
	cells                                    map[string]int
}

var border = []excelize.Border{
	{Type: "left", Color: "A6A6A6", Style: 1}, {Type: "right", Color: "A6A6A6", Style: 1},
	{Type: "top", Color: "A6A6A6", Style: 1}, {Type: "bottom", Color: "A6A6A6", Style: 1},
}

func newStyles(f *excelize.File) *styles {
	st := &styles{f: f, cells: make(map[string]int)}
	st.title = st.make(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}})
	st.subtitle = st.make(&excelize.Style{Font: &excelize.Font{Size: 10, Color: "595959"}})
	st.header = st.make(&excelize.Style{Font: &excelize.Font{Bold: true}, Border: border,
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	st.note = st.make(&excelize.Style{Font: &excelize.Font{Size: 9, Color: "595959"},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	st.paragraph = st.make(&excelize.Style{Font: &excelize.Font{Size: 12},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	return st
}

// make registers a style; a bad style is a programming error.
func (st *styles) make(s *excelize.Style) int {
	id, err := st.f.NewStyle(s)
	if err != nil {
		panic(fmt.Sprintf("xlsxreport style: %v", err))
	}
	return id
}

// numberFormats are the custom formats per column kind.
var numberFormats = map[postcrm.ColumnKind]string{
	postcrm.ColInt:     "#,##0",
	postcrm.ColFen:     "#,##0.00",
	postcrm.ColPercent: "0.0%",
	postcrm.ColPoints:  "+0.00;-0.00;0.00",
	postcrm.ColScore:   "0.0",
}

// cell is the style of a column kind on a row level.
func (st *styles) cell(kind postcrm.ColumnKind, level postcrm.RowLevel) int {
	key := string(kind) + "/" + string(level)
	if id, ok := st.cells[key]; ok {
		return id
	}
	s := &excelize.Style{Border: border, Alignment: &excelize.Alignment{Vertical: "center"}}
	if f, ok := numberFormats[kind]; ok {
		s.CustomNumFmt = &f
	}
	switch level {
	case postcrm.RowSubtotal:
		s.Font = &excelize.Font{Bold: true}
		s.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F2F2F2"}}
	case postcrm.RowTotal:
		s.Font = &excelize.Font{Bold: true}
		s.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFF2CC"}}
	}
	id := st.make(s)
	st.cells[key] = id
	return id
}
