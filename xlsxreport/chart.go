package xlsxreport

import (
	"fmt"

	"github.com/xuri/excelize/v2"

	"postcrm"
)

var chartTypes = map[postcrm.ChartKind]excelize.ChartType{
	postcrm.ChartColumn:        excelize.Col,
	postcrm.ChartStackedColumn: excelize.ColStacked,
	postcrm.ChartLine:          excelize.Line,
}

// addChart draws the table's chart over its first run of detail rows,
// with its top left corner in column A of row y.
func addChart(f *excelize.File, sheet string, t postcrm.Table, y int) error {
	c := t.Chart
	rows := 0
	for rows < len(t.Rows) && t.Rows[rows].Level == postcrm.RowDetail {
		rows++
	}
	if rows == 0 {
		return nil
	}
	first, last := headerRows+1, headerRows+rows
	ref := func(col int) string {
		name, _ := excelize.ColumnNumberToName(col + 1)
		return fmt.Sprintf("'%s'!$%s$%d:$%s$%d", sheet, name, first, name, last)
	}
	vary, zero := false, 0.0
	chart := &excelize.Chart{
		VaryColors: &vary,
		// From zero, or a stacked column hides its lower segments.
		YAxis:     excelize.ChartAxis{Minimum: &zero},
		Type:      chartTypes[c.Kind],
		Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: c.Title}}},
		Legend:    excelize.ChartLegend{Position: "bottom"},
		Dimension: excelize.ChartDimension{Width: 720, Height: 360},
	}
	for _, s := range c.Series {
		name, _ := excelize.ColumnNumberToName(s + 1)
		chart.Series = append(chart.Series, excelize.ChartSeries{
			Name:       fmt.Sprintf("'%s'!$%s$%d", sheet, name, headerRows),
			Categories: ref(c.Category),
			Values:     ref(s),
		})
	}
	if err := f.AddChart(sheet, cell(1, y), chart); err != nil {
		return fmt.Errorf("add chart: %w", err)
	}
	// The chart prints on a page of its own rather than cut in two.
	return f.InsertPageBreak(sheet, cell(1, y))
}
