package ingest

import (
	"errors"
	"io"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/xuri/excelize/v2"
)

// rawCells asks excelize for stored values: date cells then come as serial
// numbers whatever their display format, and Parser reads them exactly.
var rawCells = excelize.Options{RawCellValue: true}

// xlsxRows streams the first sheet of a workbook. excelize keeps large
// sheets in a temporary file rather than in memory.
type xlsxRows struct {
	book  *excelize.File
	rows  *excelize.Rows
	line  int
	done  atomic.Int64
	total int64
	epoch time.Time // of the workbook's date serials
}

func openXLSX(path string) (*xlsxRows, error) {
	book, err := excelize.OpenFile(path)
	if err != nil {
		return nil, err
	}
	sheets := book.GetSheetList()
	if len(sheets) == 0 {
		book.Close()
		return nil, errors.New("工作簿里没有工作表")
	}
	x := &xlsxRows{book: book, epoch: excelEpoch1900}
	if props, err := book.GetWorkbookProps(); err == nil && props.Date1904 != nil && *props.Date1904 {
		x.epoch = excelEpoch1904
	}
	if dim, err := book.GetSheetDimension(sheets[0]); err == nil {
		x.total = lastRowOf(dim)
	}
	if x.rows, err = book.Rows(sheets[0]); err != nil {
		book.Close()
		return nil, err
	}
	return x, nil
}

// lastRowOf reads the last row number of a range such as "A1:M1200"; 0
// (unknown) for a single cell, which is what writers that do not keep the
// dimension leave there.
func lastRowOf(dim string) int64 {
	_, end, _ := strings.Cut(dim, ":")
	n, _ := strconv.ParseInt(strings.TrimLeft(end, "ABCDEFGHIJKLMNOPQRSTUVWXYZ$"), 10, 64)
	return n
}

func (x *xlsxRows) next() (Row, error) {
	for x.rows.Next() {
		x.line++
		x.done.Store(int64(x.line))
		fields, err := x.rows.Columns(rawCells)
		if err != nil {
			return Row{}, err
		}
		if cleanFields(fields) {
			return Row{Line: x.line, Fields: fields}, nil
		}
	}
	if err := x.rows.Error(); err != nil {
		return Row{}, err
	}
	return Row{}, io.EOF
}

// progress gives the total as unknown once rows run past it: a stale
// dimension must not show more than 100 %.
func (x *xlsxRows) progress() (int64, int64) {
	done := x.done.Load()
	if done > x.total {
		return done, 0
	}
	return done, x.total
}

func (x *xlsxRows) close() error {
	return errors.Join(x.rows.Close(), x.book.Close())
}
