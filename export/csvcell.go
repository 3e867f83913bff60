package export

import (
	"encoding/csv"
	"io"
	"regexp"
	"strings"
)

// formulaStarts are the first characters that make Excel, LibreOffice or
// Google Sheets read a CSV cell as a formula (or as a DDE call), OWASP's
// list plus NUL: a name such as =HYPERLINK("http://…?"&A2) would run when
// the file is opened.
const formulaStarts = "=+-@\t\r\x00"

// plainNumber is a decimal number as the exports write one: spreadsheets
// read it as a number, never as a formula, so -12.5 stays a number.
var plainNumber = regexp.MustCompile(`^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$`)

// SpreadsheetCell is s as a CSV cell that a spreadsheet shows as the text
// it is: a cell that would be read as a formula gets a leading single
// quote, which keeps the rest readable; numbers and other text pass
// unchanged. PlainCell undoes it.
func SpreadsheetCell(s string) string {
	if s == "" || !strings.ContainsRune(formulaStarts, rune(s[0])) || plainNumber.MatchString(s) {
		return s
	}
	return "'" + s
}

// PlainCell is the value SpreadsheetCell was given: an importer reading
// a file that this program (or another careful exporter) wrote gets the
// value back without the protecting quote.
func PlainCell(s string) string {
	if len(s) >= 2 && s[0] == '\'' && strings.ContainsRune(formulaStarts, rune(s[1])) && !plainNumber.MatchString(s[1:]) {
		return s[1:]
	}
	return s
}

// CSVWriter writes CSV records for people to open in a spreadsheet: every
// cell goes through SpreadsheetCell. Every CSV the program writes for
// people is written through one.
type CSVWriter struct {
	csv  *csv.Writer
	cell []string
}

// NewCSVWriter writes to w.
func NewCSVWriter(w io.Writer) *CSVWriter { return &CSVWriter{csv: csv.NewWriter(w)} }

// Write writes one record.
func (w *CSVWriter) Write(record []string) error {
	w.cell = w.cell[:0]
	for _, v := range record {
		w.cell = append(w.cell, SpreadsheetCell(v))
	}
	return w.csv.Write(w.cell)
}

// Flush writes what is buffered; Error tells whether it went wrong.
func (w *CSVWriter) Flush() { w.csv.Flush() }

// Error is the first error of a Write or Flush.
func (w *CSVWriter) Error() error { return w.csv.Error() }
