package web

import (
	"io"
	"net/http"

	"postcrm"
	"postcrm/export"
)

// warningsExport sends every warning the list's filters select (all its
// pages, in its order) as XLSX or CSV, with the page's column names in
// the user's language and the names beside the codes.
func (s *Server) warningsExport(w http.ResponseWriter, req *Request) error {
	f, q, err := s.warningQuery(req)
	if err != nil {
		return err
	}
	format := req.URL.Query().Get("format")
	if format != "csv" && format != "xlsx" {
		return userError(http.StatusBadRequest, "error.bad_format", format)
	}
	rows, _, err := s.store.ScopedWarnings(req.Context(), req.Scope, q)
	if err != nil {
		return err
	}
	table := export.Warnings(rows, export.WarningOptions{
		Names:     true,
		Label:     func(key string) string { return req.T("warnings.col." + key) },
		KindLabel: func(k postcrm.WarningKind) string { return req.T("kind." + string(k)) },
	})
	name := "warnings-" + f.Month + "." + format
	local := req.T("warnings.title") + "-" + f.Month + "." + format
	if format == "csv" {
		// With a BOM: Excel on a Chinese Windows reads GBK otherwise.
		return download(w, "text/csv; charset=utf-8", name, local, func(out io.Writer) error { return table.WriteCSV(out, true) })
	}
	return download(w, xlsxType, name, local, func(out io.Writer) error { return table.WriteXLSX(out, f.Month) })
}
