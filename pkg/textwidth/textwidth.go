// Package textwidth lines up columns of mixed Chinese and Latin text on a terminal,
// where a Chinese character takes two columns (text/tabwriter counts it as one).
package textwidth

import (
	"strings"

	"golang.org/x/text/width"
)

// Of returns the number of terminal columns s takes.
func Of(s string) int {
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

// Table renders rows as columns separated by two spaces, each padded to its widest cell;
// the last column is not padded.
func Table(rows [][]string, indent string) string {
	var widths []int
	for _, row := range rows {
		for i, cell := range row {
			if i >= len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], Of(cell))
		}
	}
	var b strings.Builder
	for _, row := range rows {
		b.WriteString(indent)
		for i, cell := range row {
			b.WriteString(cell)
			if i < len(row)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-Of(cell)+2))
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}
