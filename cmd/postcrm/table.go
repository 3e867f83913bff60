package main

import (
	"fmt"
	"io"
	"strings"

	"postcrm/textfmt"
)

// printTable writes rows under header as aligned columns: the first column
// left-aligned, the others (figures) right-aligned. Chinese characters take
// two cells on a terminal, which text/tabwriter does not know.
func printTable(w io.Writer, header []string, rows [][]string) {
	widths := make([]int, len(header))
	for _, r := range append([][]string{header}, rows...) {
		for i, cell := range r {
			widths[i] = max(widths[i], textfmt.DisplayWidth(cell))
		}
	}
	for _, r := range append([][]string{header}, rows...) {
		var b strings.Builder
		for i, cell := range r {
			pad := strings.Repeat(" ", widths[i]-textfmt.DisplayWidth(cell))
			if i == 0 {
				b.WriteString(cell + pad)
			} else {
				b.WriteString("  " + pad + cell)
			}
		}
		fmt.Fprintln(w, b.String())
	}
}
