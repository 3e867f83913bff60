package report

import (
	"slices"

	"postcrm"
)

// The page's summary of a wide scope: a province's or a city's report
// lists every owner, person or offending record, megabytes at a
// province's size. Its page shows the same figures summed to the unit
// below the scope (the cities of the province, the offices of a city),
// each opening that unit's own report; the workbook keeps every row.

// unitLabel is the index of the label naming the unit below the scope in
// a set labelled city, office, …: the city at province scope, the office
// in a city.
func unitLabel(sc Scope) int {
	if sc.Level == ScopeProvince {
		return 0
	}
	return 1
}

// unitDrill is the drill-down of a table whose column key names the
// units below the scope.
func unitDrill(sc Scope, key string) *postcrm.Drill {
	level := "office"
	if sc.Level == ScopeProvince {
		level = "city"
	}
	return &postcrm.Drill{Column: key, Level: level}
}

// byUnit is the heading's "by city" or "by office" for the scope.
func byUnit(sc Scope) string { return "（按" + unitHeader(sc) + "）" }

// summaryTable renders the set's lines summed to the unit below the scope
// (label unitLabel) and the further labels in extra, the other label
// columns left out, with a total line named total; the unit's column
// (the first text column left) drills down. The sums are the workbook's lines added up as
// its subtotals are, so a unit's figures equal its subtotal there.
func summaryTable(name, title string, cols []col, s *lineSet, sc Scope, total string, extra ...int) postcrm.Table {
	keep := append([]int{unitLabel(sc)}, extra...)
	units := newLineSet(s.width, s.labels)
	all := s.lines()
	for i := range all {
		labels := make([]string, s.labels)
		for _, k := range keep {
			labels[k] = all[i].labels[k]
		}
		units.at(labels...).add(&all[i])
	}
	lines := units.lines()
	sortLines(lines)
	totalLabels := make([]string, s.labels)
	totalLabels[keep[0]] = total
	lines = append(lines, units.sum(postcrm.RowTotal, totalLabels, lines))
	t := withoutEmptyLabels(render(name, title, cols, lines))
	for _, c := range t.Columns {
		if c.Kind == postcrm.ColText {
			t.Drill = unitDrill(sc, c.Key)
			break
		}
	}
	return t
}

// withoutEmptyLabels drops the text columns that are empty in every row.
func withoutEmptyLabels(t postcrm.Table) postcrm.Table {
	var keep []int
	for j, c := range t.Columns {
		if c.Kind != postcrm.ColText || slices.ContainsFunc(t.Rows, func(r postcrm.Row) bool { return r.Cells[j] != "" }) {
			keep = append(keep, j)
		}
	}
	out := postcrm.Table{Name: t.Name, Title: t.Title}
	for _, j := range keep {
		out.Columns = append(out.Columns, t.Columns[j])
	}
	for _, r := range t.Rows {
		cells := make([]any, len(keep))
		for i, j := range keep {
			cells[i] = r.Cells[j]
		}
		out.Rows = append(out.Rows, postcrm.Row{Level: r.Level, Cells: cells})
	}
	return out
}
