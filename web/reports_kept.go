package web

import (
	"bytes"
	"encoding/json"
	"fmt"

	"postcrm"
)

// unkeptReports are built on every request. The sign-in report counts
// the audit log's sign-ins, which no data version follows; the evening
// board is one an office and day, cheap to build, and keeping each would
// grow the store by every office's board every day.
var unkeptReports = map[string]bool{"login": true, "evening": true}

// keptReportForm prefixes the versions a report is kept at, so that a
// report kept before its document gained a field (the page's summary) is
// built again rather than read without it.
const keptReportForm = "summary/"

// keptReport is the report q asks for, kept per report, scope, month and
// data versions: a report reads imports, analyses and the follow-up,
// nothing else.
func (s *Server) keptReport(req *Request, name string, q reportQuery) (postcrm.Report, error) {
	ctx := req.Context()
	build := func() (storedReport, error) {
		r, err := q.reports.Build(ctx, name, q.req)
		return storedReport{r}, err
	}
	if unkeptReports[name] {
		r, err := build()
		return r.Report, err
	}
	key := postcrm.SummaryKey{Scope: scopeParam(q.req.Scope), Name: "report-" + name, Month: q.req.Month}
	version := func() (string, error) {
		v, err := s.kept.dataVersion(ctx)
		return keptReportForm + v, err
	}
	r, err := kept(ctx, s.kept, key, version, build)
	return r.Report, err
}

// storedReport is a report as kept: its JSON, read back with each cell
// of the type its column's kind says (JSON alone makes every number a
// float64).
type storedReport struct{ postcrm.Report }

func (r storedReport) MarshalJSON() ([]byte, error) { return json.Marshal(r.Report) }

func (r *storedReport) UnmarshalJSON(b []byte) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&r.Report); err != nil {
		return err
	}
	for _, tables := range [][]postcrm.Table{r.Tables, r.Summary} {
		if err := typeCells(tables); err != nil {
			return err
		}
	}
	return nil
}

// typeCells gives each number cell of the tables the type its column's
// kind says.
func typeCells(tables []postcrm.Table) error {
	for ti := range tables {
		t := &tables[ti]
		for ri := range t.Rows {
			for ci, cell := range t.Rows[ri].Cells {
				n, ok := cell.(json.Number)
				if !ok {
					continue
				}
				if ci >= len(t.Columns) {
					return fmt.Errorf("table %s: a number beyond its columns", t.Name)
				}
				v, err := typedCell(t.Columns[ci].Kind, n)
				if err != nil {
					return fmt.Errorf("table %s, column %s: %w", t.Name, t.Columns[ci].Key, err)
				}
				t.Rows[ri].Cells[ci] = v
			}
		}
	}
	return nil
}

// typedCell is a number cell as its column's kind holds it.
func typedCell(kind postcrm.ColumnKind, n json.Number) (any, error) {
	switch kind {
	case postcrm.ColInt, postcrm.ColFen:
		return n.Int64()
	case postcrm.ColPercent, postcrm.ColPoints, postcrm.ColScore:
		return n.Float64()
	}
	return nil, fmt.Errorf("a number in a %s column", kind)
}
