package ingest

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// xlsxRows streams the first sheet of a workbook straight from the
// archive, cell by cell; only the shared strings are held in memory, and
// the workbook's bounds (see maxPartBytes) are checked before anything is
// unpacked. Cells read as stored: date cells come as serial numbers
// whatever their display format, and Parser reads them exactly.
type xlsxRows struct {
	pkg     *xlsxPackage
	file    string // the workbook, for its hash
	part    string // the sheet's part name
	sheet   io.ReadCloser
	xml     *xml.Decoder
	strings *sharedStrings
	epoch   time.Time // of the workbook's date serials
	line    int
	skip    int // rows up to this one are read and passed over (resume)
	done    atomic.Int64
	total   int64

	fields   []string // of the row being read
	rowBytes int      // their length so far
	allBytes int64    // the length of every value read
	maxBytes int64    // what allBytes may reach
	value    []byte   // of the cell being read, with its type and reference
	cellType string
	cellRef  string
	path     []string // open elements from <c> down
}

func openXLSX(path string) (*xlsxRows, error) {
	pkg, err := openPackage(path)
	if err != nil {
		return nil, err
	}
	x, err := readBook(pkg)
	if err != nil {
		pkg.close()
		return nil, err
	}
	x.file = path
	return x, nil
}

func readBook(pkg *xlsxPackage) (*xlsxRows, error) {
	book, err := readWorkbook(pkg)
	if err != nil {
		return nil, err
	}
	sheet := pkg.find(book.sheet)
	if sheet == nil {
		return nil, errors.New("工作簿里没有工作表")
	}
	x := &xlsxRows{pkg: pkg, part: sheet.Name, epoch: excelEpoch1900,
		maxBytes: max(minSheetTextBytes, sheetTextPerByte*int64(sheet.UncompressedSize64))}
	if book.date1904 {
		x.epoch = excelEpoch1904
	}
	if x.strings, err = readSharedStrings(pkg, pkg.find(book.strings)); err != nil {
		return nil, err
	}
	if x.sheet, err = pkg.open(sheet, maxPartBytes); err != nil {
		return nil, err
	}
	x.xml = xml.NewDecoder(x.sheet)
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
	for {
		tok, err := x.xml.RawToken()
		if errors.Is(err, io.EOF) {
			return Row{}, io.EOF
		}
		if err != nil {
			return Row{}, fmt.Errorf("读到第 %d 行时：%w", x.line, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			x.start(t)
			if len(x.path) > maxDepth {
				return Row{}, &workbookLimitError{x.part, fmt.Sprintf("第 %d 行的单元格里标记嵌套超过 %d 层", x.line, maxDepth)}
			}
		case xml.CharData:
			if x.inValue() {
				x.value = append(x.value, t...)
			}
		case xml.EndElement:
			switch {
			case len(x.path) > 0:
				if x.path = x.path[:len(x.path)-1]; len(x.path) == 0 {
					if err := x.endCell(); err != nil {
						return Row{}, err
					}
				}
			case t.Name.Local == "row":
				x.done.Store(int64(x.line))
				if x.line > x.skip && cleanFields(x.fields) {
					return Row{Line: x.line, End: x.line, Fields: x.fields}, nil
				}
			}
		}
	}
}

// start notes where a start tag puts the reader: in a row, a cell, or
// deeper in a cell; the dimension gives the progress total.
func (x *xlsxRows) start(t xml.StartElement) {
	switch {
	case len(x.path) > 0:
		x.path = append(x.path, t.Name.Local)
	case t.Name.Local == "row":
		x.line++
		if r, err := strconv.Atoi(attr(t, "r")); err == nil && r > x.line {
			x.line = r
		}
		x.fields, x.rowBytes = x.fields[:0], 0
	case t.Name.Local == "c":
		x.path = append(x.path, "c")
		x.value = x.value[:0]
		x.cellType, x.cellRef = attr(t, "t"), attr(t, "r")
	case t.Name.Local == "dimension":
		x.total = lastRowOf(attr(t, "ref"))
	}
}

// inValue says whether text read now belongs to the cell's value: its <v>,
// or the text of an inline string.
func (x *xlsxRows) inValue() bool {
	return len(x.path) == 2 && x.path[1] == "v" || len(x.path) > 1 && isTextOf(x.path[1:], "is")
}

// endCell puts the cell's value in its column: the one its reference
// names, else the one after the previous cell.
func (x *xlsxRows) endCell() error {
	col := columnOf(x.cellRef)
	if col == 0 {
		col = len(x.fields) + 1
	}
	if col > maxColumns {
		return fmt.Errorf("第 %d 行超过 %d 列的上限", x.line, maxColumns)
	}
	value := string(x.value)
	if x.cellType == "s" {
		i, err := strconv.Atoi(strings.TrimSpace(value))
		var ok bool
		if value, ok = x.strings.get(i); err != nil || !ok {
			return fmt.Errorf("第 %d 行的单元格引用了不存在的共享文本（编号 %s）", x.line, string(x.value))
		}
	} else if x.cellType == "inlineStr" {
		value = unescapeOOXML(value)
	}
	if x.rowBytes += len(value); x.rowBytes > maxRecordBytes {
		return fmt.Errorf("第 %d 行的内容超过 %s 的上限", x.line, sizeText(maxRecordBytes))
	}
	if x.allBytes += int64(len(value)); x.allBytes > x.maxBytes {
		return &workbookLimitError{x.part, fmt.Sprintf("到第 %d 行，单元格文字合计已超过 %s 的上限（多半是大量单元格引用同一段长文字）", x.line, sizeText(x.maxBytes))}
	}
	for len(x.fields) < col-1 {
		x.fields = append(x.fields, "")
	}
	if col <= len(x.fields) {
		x.fields[col-1] = value // a cell named twice: the last stands
	} else {
		x.fields = append(x.fields, value)
	}
	return nil
}

// columnOf reads the column of a cell reference ("AB12" is 28); 0 when the
// reference is missing or unreadable.
func columnOf(ref string) int {
	col := 0
	for i := 0; i < len(ref) && ref[i] >= 'A' && ref[i] <= 'Z'; i++ {
		if col = col*26 + int(ref[i]-'A'+1); col > maxColumns {
			return col
		}
	}
	return col
}

// attr is the value of the element's attribute named local (any prefix).
func attr(t xml.StartElement, local string) string {
	for _, a := range t.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
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
	return errors.Join(x.sheet.Close(), x.pkg.close())
}
