package report_test

import (
	"reflect"
	"strings"
	"testing"

	"postcrm"
	"postcrm/report"
)

// TestSummaryRowsAreTheUnitsReports: on a real store, each city's row of
// the province's page summary has the figures of that city's own report's
// total row, each office's row of a city's summary those of the office's
// report, and the summary's total row those of the workbook's; rows
// below an office are left to the office's report and the workbook, and
// every unit opens its report.
func TestSummaryRowsAreTheUnitsReports(t *testing.T) {
	_, src := openProvince(t)
	const month postcrm.Month = 202606
	for _, name := range []string{"ownership", "quality", "login", "revenue"} {
		for _, sc := range []report.Scope{{Level: report.ScopeProvince}, {Level: report.ScopeCity, Code: "石家庄市"}} {
			r := build(t, src, name, report.Request{Month: month, Scope: sc})
			if len(r.Summary) == 0 {
				t.Errorf("%s of %v: no summary", name, sc)
				continue
			}
			units := 0
			for _, st := range r.Summary {
				if st.Drill == nil {
					continue
				}
				drill := -1
				for j, c := range st.Columns {
					if c.Key == st.Drill.Column {
						drill = j
					}
				}
				for _, row := range st.Rows {
					if row.Level == postcrm.RowTotal {
						compareFigures(t, name+" "+st.Name+" total", st, row, tableNamed(t, r.Tables, st.Name))
						continue
					}
					if hasMoreLabels(st) {
						continue // a unit and a reason: not the unit's total
					}
					unit := row.Cells[drill].(string)
					sub := report.Scope{Level: report.ScopeCity, Code: unit}
					if st.Drill.Level == "office" {
						open, end := strings.LastIndex(unit, "（"), strings.LastIndex(unit, "）")
						if open < 0 || end < open {
							t.Logf("%s %s: %s is no office", name, st.Name, unit)
							continue
						}
						sub = report.Scope{Level: report.ScopeOffice, Code: unit[open+len("（") : end]}
					}
					own := build(t, src, name, report.Request{Month: month, Scope: sub})
					sheet := st.Name
					if sheet == "分地市" {
						sheet = "分营业部" // a city's revenue lists its offices
					}
					compareFigures(t, name+" "+st.Name+" "+unit, st, row, tableNamed(t, own.Tables, sheet))
					units++
				}
			}
			if units == 0 {
				t.Errorf("%s of %v: no unit compared", name, sc)
			}
		}
	}
}

// hasMoreLabels says whether the table has text columns beyond the unit.
func hasMoreLabels(t postcrm.Table) bool {
	n := 0
	for _, c := range t.Columns {
		if c.Kind == postcrm.ColText {
			n++
		}
	}
	return n > 1
}

func tableNamed(t *testing.T, tables []postcrm.Table, name string) postcrm.Table {
	t.Helper()
	for _, tb := range tables {
		if tb.Name == name {
			return tb
		}
	}
	t.Fatalf("no table %s", name)
	return postcrm.Table{}
}

// compareFigures compares row's figures with those of want's total row,
// column by column by key.
func compareFigures(t *testing.T, what string, st postcrm.Table, row postcrm.Row, want postcrm.Table) {
	t.Helper()
	total := want.Rows[len(want.Rows)-1]
	if total.Level != postcrm.RowTotal {
		t.Fatalf("%s: %s has no total row", what, want.Name)
	}
	for j, c := range st.Columns {
		if c.Kind == postcrm.ColText {
			continue
		}
		if got, exp := row.Cells[j], cell(t, want, total, c.Key); !reflect.DeepEqual(got, exp) {
			t.Errorf("%s %s: %v, the unit's report %v", what, c.Key, got, exp)
		}
	}
}
