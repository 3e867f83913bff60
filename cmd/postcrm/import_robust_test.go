package main

import (
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"postcrm/ingest/ingesttest"
)

// allocated is how many bytes the program allocated while f ran, an upper
// bound of how much more memory it held at any moment.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// A workbook of a megabyte that unpacks to a gigabyte, in its sheet, its
// shared strings or a part no import reads, is refused naming the file,
// and refusing it costs next to no memory.
func TestImportRefusesWorkbookBombs(t *testing.T) {
	dir := t.TempDir()
	importOrg(t, dir)
	for name, write := range map[string]func(string, int64) error{
		"收寄-sheet.xlsx": ingesttest.SheetBomb, "收寄-strings.xlsx": ingesttest.SharedStringsBomb, "收寄-part.xlsx": ingesttest.PartBomb,
	} {
		path := filepath.Join(dir, name)
		if err := write(path, 1_000_000_000); err != nil {
			t.Fatal(err)
		}
		var out string
		var err error
		if n := allocated(func() { out, err = runCLI(t, dir, "import", "waybills", path) }); n > 64<<20 {
			t.Errorf("%s: the import allocated %d MB", name, n>>20)
		}
		if err == nil || !strings.Contains(err.Error(), "文件“"+name+"”") || !strings.Contains(err.Error(), "压缩比达") ||
			!strings.Contains(err.Error(), "已拒绝导入") {
			t.Errorf("%s: %v\n%s", name, err, out)
		}
	}
}
