// Package textfmt shapes numbers and text for people to read: thousands
// separators, and the columns a string takes on a terminal or in a
// spreadsheet.
package textfmt

import "golang.org/x/text/width"

// DisplayWidth is how many columns s takes in a terminal or a
// spreadsheet: Chinese and other wide characters take two.
func DisplayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}
