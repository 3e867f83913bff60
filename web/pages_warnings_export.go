package web

import (
	"bytes"
	"fmt"
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
	// Written to a buffer first, so that a failure is an error page, not
	// half a file.
	var buf bytes.Buffer
	contentType := "text/csv; charset=utf-8"
	if format == "csv" {
		err = table.WriteCSV(&buf, true) // with a BOM: Excel on a Chinese Windows reads GBK otherwise
	} else {
		contentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		err = table.WriteXLSX(&buf, f.Month)
	}
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", "warnings-"+f.Month+"."+format))
	h.Set("Cache-Control", "no-store")
	_, err = buf.WriteTo(w)
	return err
}
