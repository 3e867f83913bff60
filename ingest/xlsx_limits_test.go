package ingest

import (
	"errors"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"postcrm/ingest/ingesttest"
)

// readAll opens a table and reads every row; the first error.
func readAll(path string) error {
	tab, err := OpenTable(path)
	if err != nil {
		return err
	}
	defer tab.Close()
	for {
		if _, err := tab.Next(); err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
	}
}

// Workbooks that unpack to far more than they weigh are refused, naming
// the file and the part, before anything large is unpacked.
func TestXLSXBombsAreRefusedUpFront(t *testing.T) {
	const gb = 1_000_000_000
	for _, c := range []struct {
		name  string
		write func(string) error
		want  string
	}{
		{"sheet.xlsx", func(p string) error { return ingesttest.SheetBomb(p, gb) }, "xl/worksheets/sheet1.xml 压缩比达"},
		{"strings.xlsx", func(p string) error { return ingesttest.SharedStringsBomb(p, gb) }, "xl/sharedStrings.xml 压缩比达"},
		{"part.xlsx", func(p string) error { return ingesttest.PartBomb(p, gb) }, "docProps/custom.xml 压缩比达"},
		{"big-strings.xlsx", func(p string) error { return ingesttest.LargeSharedStrings(p, 129<<20) },
			"xl/sharedStrings.xml 解压后有 130 MB，超过 128 MB 的上限"},
		{"big-sheet.xlsx", func(p string) error { return ingesttest.LargeSheet(p, 1025<<20) },
			"xl/worksheets/sheet1.xml 解压后有 1026 MB，超过 1024 MB 的上限"},
	} {
		path := filepath.Join(t.TempDir(), c.name)
		must(t, c.write(path))
		var err error
		if n := ingesttest.Allocated(func() { err = readAll(path) }); n > 16<<20 {
			t.Errorf("%s: allocated %d MB to refuse it", c.name, n>>20)
		}
		if err == nil || !strings.Contains(err.Error(), "文件“"+c.name+"”") || !strings.Contains(err.Error(), c.want) ||
			!strings.Contains(err.Error(), "已拒绝导入") {
			t.Errorf("%s: error %v, want one naming the file and %q", c.name, err, c.want)
		}
	}
}

// What the directory cannot tell, the stream bounds: one cell, one row,
// the text of all cells.
func TestXLSXStreamBounds(t *testing.T) {
	for _, c := range []struct {
		name  string
		write func(string) error
		want  string
	}{
		{"long-cell.xlsx", func(p string) error { return ingesttest.LongCell(p, 17<<20) },
			"读到第 2 行时：其中的 xl/worksheets/sheet1.xml 有一段内容（一个单元格或标记）超过 16 MB 的上限"},
		{"wide.xlsx", func(p string) error { return ingesttest.WideRow(p, 16385) }, "第 1 行超过 16384 列的上限"},
		{"long-row.xlsx", func(p string) error { return ingesttest.RepeatedString(p, 1<<20, 1, 17) }, "第 2 行的内容超过 16 MB 的上限"},
		{"lying.xlsx", func(p string) error { return ingesttest.LyingSheetBomb(p, 1_000_000_000) },
			"其中的 xl/worksheets/sheet1.xml 解压出的内容与压缩包目录写明的大小或校验和不符"},
		{"deep.xlsx", func(p string) error { return ingesttest.DeepCell(p, 100_000) }, "第 2 行的单元格里标记嵌套超过 32 层"},
		{"repeated.xlsx", func(p string) error { return ingesttest.RepeatedString(p, 1<<20, 70, 15) },
			"到第 19 行，单元格文字合计已超过 256 MB 的上限"},
	} {
		path := filepath.Join(t.TempDir(), c.name)
		must(t, c.write(path))
		err := readAll(path)
		if err == nil || !strings.Contains(err.Error(), "“"+c.name+"”") || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one naming the file and %q", c.name, err, c.want)
		}
	}
}
