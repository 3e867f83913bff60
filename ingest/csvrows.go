package ingest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"sync/atomic"
)

// csvRows reads a CSV (or tab-separated) export.
type csvRows struct {
	file *os.File
	size int64
	read *countingReader
	scan *csvScanner
}

func openCSV(path string) (*csvRows, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	c := &csvRows{file: f, size: info.Size(), read: &countingReader{r: f}}
	text := bufio.NewReaderSize(newCharsetReader(c.read), 64<<10)
	c.scan = newCSVScanner(text, separator(text))
	return c, nil
}

// separator is a comma, unless the first line has tabs and no commas: tab
// separated files saved as ".csv" are common.
func separator(text *bufio.Reader) byte {
	head, _ := text.Peek(text.Size())
	for len(head) > 0 {
		line, rest, _ := bytes.Cut(head, []byte{'\n'})
		if len(bytes.TrimSpace(line)) > 0 {
			if bytes.IndexByte(line, '\t') >= 0 && bytes.IndexByte(line, ',') < 0 {
				return '\t'
			}
			break
		}
		head = rest
	}
	return ','
}

func (c *csvRows) next() (Row, error) {
	for {
		fields, line, err := c.scan.next()
		if errors.Is(err, errRecordTooLong) {
			return Row{}, fmt.Errorf("第 %d 行开始的一条记录超过 %d MB，可能有没配对的引号", line, maxRecordBytes>>20)
		}
		if errors.Is(err, errTooManyColumns) {
			return Row{}, fmt.Errorf("第 %d 行超过 %d 列的上限", line, maxColumns)
		}
		bad := errors.Is(err, errUnbalancedQuote)
		if err != nil && !bad {
			return Row{}, err
		}
		if cleanFields(fields) {
			return Row{Line: line, Fields: fields, BadQuotes: bad}, nil
		}
	}
}

func (c *csvRows) progress() (int64, int64) { return c.read.n.Load(), c.size }

func (c *csvRows) close() error { return c.file.Close() }

// countingReader counts the bytes read from the file, for progress.
type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}
