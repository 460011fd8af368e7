package report

import (
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// MaxCellChars is the most a spreadsheet cell holds: 32,767 characters as Excel counts
// them (UTF-16 code units). A longer cell made the spreadsheet library refuse the
// workbook, and with it every report of the run ("cell value must be 0-32767
// characters", exit 2); a CSV cell that long is cut, or spread over rows, by Excel.
const MaxCellChars = 32767

// sheetText is s as a spreadsheet cell (CSV or XLSX) shows it: control characters but
// tab and line feed, DEL, the C1 controls, the bidirectional overrides and the two
// noncharacters XML forbids (U+FFFE, U+FFFF) written as \xNN or \u{NNNN}, as Printable
// does for a terminal. XML 1.0 cannot hold a control character, and the spreadsheet
// library silently replaced each with U+FFFD or dropped it (agents A\x1bB and A\x07B
// were one agent, A�B); a CSV printed with cat or head ran them; an override reversed a
// cell's words in Excel. Then a cell longer than MaxCellChars is cut visibly with
// l.clipped.
func sheetText(s string, l labelSet) string {
	return clipCell(sheetEscape(s), l)
}

// sheetEscape is sheetText without the cut.
func sheetEscape(s string) string {
	if strings.ContainsFunc(s, unsheetable) {
		var b strings.Builder
		for _, r := range s {
			switch {
			case !unsheetable(r):
				b.WriteRune(r)
			case r < 0x100:
				fmt.Fprintf(&b, `\x%02x`, r)
			default:
				fmt.Fprintf(&b, `\u{%04x}`, r)
			}
		}
		s = b.String()
	}
	return s
}

func unsheetable(r rune) bool {
	return r != '\n' && unprintable(r) || r == 0xfffe || r == 0xffff
}

// utf16Len is the length of s in UTF-16 code units, as Excel counts a cell.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// cutUnits is the longest prefix of s of at most n UTF-16 code units, whole characters.
func cutUnits(s string, n int) string {
	units := 0
	for i, r := range s {
		if units += utf16.RuneLen(r); units > n {
			return s[:i]
		}
	}
	return s
}

// clipCell cuts s to MaxCellChars with a visible end saying how long it was.
func clipCell(s string, l labelSet) string {
	if len(s) <= MaxCellChars {
		return s // fewer bytes than the limit: fewer units too
	}
	total := utf16Len(s)
	if total <= MaxCellChars {
		return s
	}
	end := fmt.Sprintf(l.clipped, utf8.RuneCountInString(s))
	return cutUnits(s, MaxCellChars-utf16Len(end)) + end
}

// clipRuns cuts the three runs of an utterance whose match is highlighted so that
// together they fit a cell, keeping the match and what is next to it: the start of pre
// goes, marked with …, and the end of post, marked with l.clipped.
func clipRuns(pre, m, post string, l labelSet) (string, string, string) {
	if len(pre)+len(m)+len(post) <= MaxCellChars || utf16Len(pre)+utf16Len(m)+utf16Len(post) <= MaxCellChars {
		return pre, m, post
	}
	end := fmt.Sprintf(l.clipped, utf8.RuneCountInString(pre)+utf8.RuneCountInString(m)+utf8.RuneCountInString(post))
	budget := MaxCellChars - utf16Len(end)
	m = cutUnits(m, budget)
	budget -= utf16Len(m)
	if half := budget / 2; utf16Len(pre) > half {
		kept := ""
		if half > 1 {
			kept = "…" + lastUnits(pre, half-1)
		}
		pre = kept
	}
	budget -= utf16Len(pre)
	return pre, m, cutUnits(post, budget) + end
}

// lastUnits is the longest suffix of s of at most n UTF-16 code units, whole characters.
func lastUnits(s string, n int) string {
	units := 0
	for i := len(s); i > 0; {
		r, size := utf8.DecodeLastRuneInString(s[:i])
		if units += utf16.RuneLen(r); units > n {
			return s[i:]
		}
		i -= size
	}
	return s
}

// SheetText is s as a cell of a workbook another package writes (the review workbook):
// control characters written out and the cell cut visibly to MaxCellChars, as in the
// report's own workbook. When match is in s, the cut keeps it and what is around it.
func SheetText(s, match string, lang Lang) string {
	l := labelsFor(lang)
	if pre, m, post, ok := splitMatch(sheetEscape(s), sheetEscape(match)); ok {
		pre, m, post = clipRuns(pre, m, post, l)
		return pre + m + post
	}
	return sheetText(s, l)
}
