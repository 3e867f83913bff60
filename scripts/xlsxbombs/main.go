// Command xlsxbombs writes the hostile workbooks that scripts/xlsxbench
// imports: each about a megabyte (a few for the larger ones) that unpacks
// to far more, made with postcrm/ingest/ingesttest as the importers'
// tests make them.
//
//	xlsxbombs -dir /tmp/bombs
//
// It is a separate program, not a postcrm command: the files are attacks
// on the importer, for measuring it, not something its users need.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"postcrm/ingest/ingesttest"
)

func main() {
	dir := flag.String("dir", ".", "where to write the workbooks")
	flag.Parse()
	const gb = 1 << 30
	bombs := []struct {
		name  string
		write func(string) error
	}{
		{"sheet-1gb.xlsx", func(p string) error { return ingesttest.SheetBomb(p, gb) }},
		{"shared-strings-1gb.xlsx", func(p string) error { return ingesttest.SharedStringsBomb(p, gb) }},
		{"other-part-1gb.xlsx", func(p string) error { return ingesttest.PartBomb(p, gb) }},
		{"shared-strings-129mb.xlsx", func(p string) error { return ingesttest.LargeSharedStrings(p, 129<<20) }},
		{"sheet-1025mb.xlsx", func(p string) error { return ingesttest.LargeSheet(p, 1025<<20) }},
		{"cell-17mb.xlsx", func(p string) error { return ingesttest.LongCell(p, 17<<20) }},
		{"repeated-string.xlsx", func(p string) error { return ingesttest.RepeatedString(p, 1<<20, 70, 15) }},
	}
	for _, b := range bombs {
		if err := b.write(filepath.Join(*dir, b.name)); err != nil {
			fmt.Fprintln(os.Stderr, "xlsxbombs:", err)
			os.Exit(1)
		}
		fmt.Println(filepath.Join(*dir, b.name))
	}
}
