package ingest

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"

	"postcrm"
	"postcrm/export"
)

// rejectColumns precede the original columns in a rejects file. None of
// them is a column name of an export, so the file re-imports as it is once
// the rows are fixed.
var rejectColumns = []string{"行号", "字段", "原因", "说明", "原值"}

// RejectsWriter writes rejected rows to a CSV file that Excel opens with
// the Chinese intact (UTF-8 with BOM): why each row was rejected, then the
// row as it was read, with any cell a spreadsheet would run as a formula
// quoted (export.SpreadsheetCell; the importers drop that quote again). The file is created on the first rejected row only.
type RejectsWriter struct {
	path   string
	header []string
	file   *os.File
	size   int64 // bytes in the file, once flushed
	buf    *bufio.Writer
	csv    *export.CSVWriter
	record []string
	count  int
}

// NewRejectsWriter prepares a rejects file at path for rows of a table
// with the given header.
func NewRejectsWriter(path string, header []string) *RejectsWriter {
	return &RejectsWriter{path: path, header: header}
}

// Write appends a rejected row with its rejecting finding.
func (w *RejectsWriter) Write(reject postcrm.Finding, row Row) error {
	if w.file == nil {
		if err := w.create(); err != nil {
			return err
		}
	}
	w.record = append(w.record[:0], strconv.Itoa(reject.Line), reject.Field,
		reject.Reason.Label(), reject.Message, reject.Value)
	w.record = append(w.record, row.Fields...)
	if err := w.csv.Write(w.record); err != nil {
		return fmt.Errorf("写退回文件“%s”出错：%w", w.path, err)
	}
	w.count++
	return nil
}

func (w *RejectsWriter) create() error {
	f, err := os.Create(w.path)
	if err != nil {
		return fmt.Errorf("无法创建退回文件“%s”：%w", w.path, err)
	}
	w.open(f)
	_, _ = w.buf.Write(utf8BOM) // errors surface on the next flush
	return w.csv.Write(append(append([]string(nil), rejectColumns...), w.header...))
}

func (w *RejectsWriter) open(f *os.File) {
	w.file, w.buf = f, bufio.NewWriterSize(sizeWriter{f, &w.size}, 64<<10)
	w.csv = export.NewCSVWriter(w.buf)
}

// sizeWriter counts what reaches the file.
type sizeWriter struct {
	f    *os.File
	size *int64
}

func (s sizeWriter) Write(p []byte) (int, error) {
	n, err := s.f.Write(p)
	*s.size += int64(n)
	return n, err
}

// mark writes out the rows so far and returns the file's length: an
// import resumed after them cuts the file there, so that the rows the
// killed import wrote ahead of its last committed batch are not listed
// twice.
func (w *RejectsWriter) mark() (int64, error) {
	if w.file == nil {
		return 0, nil
	}
	w.csv.Flush()
	if err := errors.Join(w.csv.Error(), w.buf.Flush()); err != nil {
		return 0, fmt.Errorf("写退回文件“%s”出错：%w", w.path, err)
	}
	return w.size, nil
}

// resume takes up a rejects file that a mark left size bytes long with
// count rows (rejectsLeft checked it is there): it is cut there and
// written on.
func (w *RejectsWriter) resume(size int64, count int) error {
	if size == 0 {
		return nil
	}
	f, err := os.OpenFile(w.path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err = f.Truncate(size); err == nil {
		_, err = f.Seek(size, io.SeekStart)
	}
	if err != nil {
		f.Close()
		return err
	}
	w.open(f)
	w.size, w.count = size, count
	return nil
}

// Count is the number of rows written.
func (w *RejectsWriter) Count() int { return w.count }

// Close flushes and closes the file, if any row was written.
func (w *RejectsWriter) Close() error {
	if w.file == nil {
		return nil
	}
	w.csv.Flush()
	err := errors.Join(w.csv.Error(), w.buf.Flush(), w.file.Close())
	w.file = nil
	if err != nil {
		return fmt.Errorf("写退回文件“%s”出错：%w", w.path, err)
	}
	return nil
}
