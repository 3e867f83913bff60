package demo

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"
)

// Encodings of the generated files, as the manifest names them.
const (
	EncodingUTF8    = "UTF-8"
	EncodingUTF8BOM = "UTF-8 BOM"
	EncodingGB18030 = "GB18030"
	EncodingXLSX    = "XLSX"
)

// csvOut writes one export file line by line, counting lines the way the
// importer reports them (the header is line 1).
type csvOut struct {
	name    string
	file    *os.File
	encoder io.WriteCloser // nil for UTF-8
	w       *bufio.Writer
	line    int
}

func createCSV(dir, name, encoding string, header []string) (*csvOut, error) {
	f, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		return nil, fmt.Errorf("创建模拟数据文件: %w", err)
	}
	out := &csvOut{name: name, file: f}
	var sink io.Writer = f
	if encoding == EncodingGB18030 {
		out.encoder = transform.NewWriter(f, simplifiedchinese.GB18030.NewEncoder())
		sink = out.encoder
	}
	out.w = bufio.NewWriterSize(sink, 64<<10) // fits the cache the lines are built in
	if encoding == EncodingUTF8BOM {
		out.w.WriteString("\ufeff")
	}
	out.fields(header)
	return out, nil
}

// buffer returns a slice to append one line to; pass it to write.
func (c *csvOut) buffer() []byte { return c.w.AvailableBuffer() }

// write writes a line built on buffer(), without its newline.
func (c *csvOut) write(line []byte) {
	c.w.Write(append(line, '\n'))
	c.line++
}

// fields writes a line of fields; values never contain commas or quotes.
func (c *csvOut) fields(f []string) {
	b := c.buffer()
	for i, v := range f {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, v...)
	}
	c.write(b)
}

// rows is the number of data lines written so far.
func (c *csvOut) rows() int { return c.line - 1 }

func (c *csvOut) close() error {
	err := c.w.Flush()
	if c.encoder != nil {
		err = firstErr(err, c.encoder.Close())
	}
	err = firstErr(err, c.file.Close())
	if err != nil {
		return fmt.Errorf("写入 %s: %w", c.name, err)
	}
	return nil
}

func firstErr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// splitLine turns a generated line back into fields, to spoil one of them.
func splitLine(line []byte) []string { return strings.Split(string(line), ",") }
