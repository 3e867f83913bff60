package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"postcrm/export"
)

// Row is one data row of a table.
type Row struct {
	// Line is the 1-based line where a CSV record starts (a quoted field
	// may span lines) or the sheet row number in an XLSX file.
	Line int
	// End is the last line the row took in a CSV file (a quoted field
	// may span lines); in an XLSX file, its sheet row number.
	End int
	// Fields are the values with surrounding spaces (and an ="…" wrapper)
	// removed. The slice is reused by the next call to Next; the strings
	// stay valid.
	Fields []string
	// BadQuotes marks a CSV line whose quotes do not pair ("老王"快递店):
	// Fields are then the line cut at every separator, and Parse rejects
	// the row. The next row starts on the next line.
	BadQuotes bool
}

// Table is an export file opened for streaming: CSV in UTF-8 or GB18030
// (detected) or the first sheet of an XLSX workbook (detected by content).
type Table struct {
	Header []string // column names as in the file, trimmed
	Source string   // the file's base name, as findings name it
	path   string
	size   int64 // of the file, in bytes
	rows   rowSource
	// serialEpoch is day 0 of the Excel date serials that date cells of an
	// XLSX file hold; zero for CSV.
	serialEpoch time.Time
}

// rowSource is what a file format provides to a Table.
type rowSource interface {
	next() (Row, error) // io.EOF at the end; blank rows already skipped
	progress() (done, total int64)
	close() error
	// mark returns where reading would go on after the row that ended
	// at line end, if the source is resumable; resume goes on from such
	// a place. contentHash is the
	// SHA-256 of the file, once every row has been read.
	resumable() bool
	mark(end int) (position, error)
	resume(pos position) error
	contentHash() (string, error)
}

// maxColumns bounds the columns of a row in either format: Excel's own
// limit (column XFD). No export has more; a longer line is not a table.
const maxColumns = 16384

var (
	zipMagic = []byte("PK\x03\x04")
	oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0} // legacy .xls (and .doc)
)

// OpenTable opens an export file and reads its header row. Every error
// names the file in Chinese, for the person who picked it.
func OpenTable(path string) (*Table, error) { return OpenTableAs(path, filepath.Base(path)) }

// OpenTableAs is OpenTable for a file stored under another name than
// source, the one its user knows it by (an upload).
func OpenTableAs(path, source string) (*Table, error) { return openTracked(path, source, false) }

// openTracked is OpenTableAs; with track, a CSV file is hashed as it is
// read and the table can mark and resume (see resume.go).
func openTracked(path, source string, track bool) (*Table, error) {
	t := &Table{Source: source, path: path}
	head, err := readHead(path)
	if info, statErr := os.Stat(path); statErr == nil {
		t.size = info.Size()
	}
	if err != nil {
		return nil, fmt.Errorf("无法打开文件“%s”：%w", t.Source, err)
	}
	switch {
	case bytes.HasPrefix(head, zipMagic):
		x, err := openXLSX(path)
		if err != nil {
			return nil, fmt.Errorf("文件“%s”无法作为 Excel（.xlsx）工作簿读取：%w", t.Source, err)
		}
		t.rows, t.serialEpoch = x, x.epoch
	case bytes.HasPrefix(head, oleMagic):
		return nil, fmt.Errorf("文件“%s”是旧版 Excel（.xls）格式，请在 Excel 中另存为 .xlsx 或 CSV 后再导入", t.Source)
	case looksBinary(head):
		return nil, fmt.Errorf("文件“%s”不是 CSV 或 Excel（.xlsx）文件", t.Source)
	default:
		c, err := openCSV(path, track)
		if err != nil {
			return nil, fmt.Errorf("无法读取文件“%s”：%w", t.Source, err)
		}
		t.rows = c
	}
	header, err := t.rows.next()
	if err != nil {
		_ = t.rows.close()
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("文件“%s”是空的，找不到表头行", t.Source)
		}
		return nil, fmt.Errorf("读取文件“%s”的表头行出错：%w", t.Source, err)
	}
	t.Header = append([]string(nil), header.Fields...)
	return t, nil
}

// Next returns the next data row, skipping blank ones, or io.EOF.
func (t *Table) Next() (Row, error) {
	row, err := t.rows.next()
	if err != nil && !errors.Is(err, io.EOF) {
		return row, fmt.Errorf("读取文件“%s”出错：%w", t.Source, err)
	}
	return row, err
}

// Progress reports how far reading has come: bytes of the file for CSV,
// rows of the sheet for XLSX (total is 0 when the sheet does not say).
// It may be called from another goroutine while rows are read.
func (t *Table) Progress() (done, total int64) { return t.rows.progress() }

// Close releases the file (and any temporary files of an XLSX workbook).
func (t *Table) Close() error { return t.rows.close() }

// readHead returns the first bytes of the file, enough to tell formats apart.
func readHead(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	head := make([]byte, 512)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil, err
	}
	return head[:n], nil
}

// looksBinary spots files that are no text at all (images, PDFs, archives):
// text has no NUL bytes, except UTF-16, which starts with a byte order mark.
func looksBinary(head []byte) bool {
	if bytes.HasPrefix(head, utf16LEBOM) || bytes.HasPrefix(head, utf16BEBOM) {
		return false
	}
	return bytes.IndexByte(head, 0) >= 0
}

// cleanField trims the spaces around a value, the ="…" wrapper that
// exports use to keep Excel from eating leading zeros of codes, and the
// quote that keeps a spreadsheet from running a value as a formula (as
// the rejects files write it).
func cleanField(s string) string {
	if mayHaveSpaceAround(s) {
		s = strings.TrimSpace(s)
	}
	if len(s) >= 3 && s[0] == '=' && s[1] == '"' && s[len(s)-1] == '"' {
		s = strings.TrimSpace(s[2 : len(s)-1])
	}
	if len(s) >= 2 && s[0] == '\'' {
		s = export.PlainCell(s)
	}
	return s
}

// mayHaveSpaceAround is a cheap test that spares most values the rune
// decoding strings.TrimSpace does for Chinese text at their ends. Unicode
// spaces beyond ASCII begin with byte 0xC2 or 0xE1–0xE3; CJK characters
// begin with 0xE4 or more and end with a continuation byte.
func mayHaveSpaceAround(s string) bool {
	if s == "" {
		return false
	}
	first, last := s[0], s[len(s)-1]
	if first <= ' ' || last <= ' ' || (first >= 0x80 && first < 0xE4) {
		return true
	}
	if last < 0x80 {
		return false
	}
	// Find where the last character starts.
	i := len(s) - 1
	for i > 0 && i > len(s)-utf8.UTFMax && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[i] < 0xE4
}

// cleanFields cleans fields in place and reports whether any is non-empty.
func cleanFields(fields []string) bool {
	any := false
	for i, f := range fields {
		fields[i] = cleanField(f)
		any = any || fields[i] != ""
	}
	return any
}
