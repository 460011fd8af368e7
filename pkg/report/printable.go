package report

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// DisplayPath is a file path as reports name it, valid UTF-8, and one name per file. A
// name that is not valid UTF-8 (written by a system with another encoding) has its
// invalid bytes written as \xNN and its backslashes doubled: reports are UTF-8, and JSON
// would turn each such byte into U+FFFD, two different files with one name. A valid UTF-8
// path is shown as it is, unless it reads as such an escaped name (a file literally named
// a\xfe.txt, or a\\b.txt): then its backslashes are doubled too, a\\xfe.txt, so that it
// is not taken for the file whose name has the byte 0xFE (the two were one path in every
// report, the store, a baseline and merge, which refused the batch's shards as overlapping).
func DisplayPath(p string) string {
	if utf8.ValidString(p) && (!strings.Contains(p, `\`) || !unescapes(p)) {
		return p
	}
	var b strings.Builder
	for i := 0; i < len(p); {
		r, size := utf8.DecodeRuneInString(p[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, p[i])
		case r == '\\':
			b.WriteString(`\\`)
		default:
			b.WriteString(p[i : i+size])
		}
		i += size
	}
	return b.String()
}

// unescapes tells whether every backslash of d begins \\ or \xNN (lower-case hex), the
// escapes DisplayPath writes.
func unescapes(d string) bool {
	_, ok := unescape(d)
	return ok
}

// unescape undoes the escapes DisplayPath writes: \\ and \xNN.
func unescape(d string) (string, bool) {
	var b strings.Builder
	for i := 0; i < len(d); i++ {
		switch {
		case d[i] != '\\':
			b.WriteByte(d[i])
		case i+1 < len(d) && d[i+1] == '\\':
			b.WriteByte('\\')
			i++
		case i+3 < len(d) && d[i+1] == 'x' && isHex(d[i+2]) && isHex(d[i+3]):
			b.WriteByte(unhex(d[i+2])<<4 | unhex(d[i+3]))
			i += 3
		default:
			return "", false
		}
	}
	return b.String(), true
}

// rawPath undoes DisplayPath: the bytes of the name a display path was made from, when
// it was escaped; otherwise d itself. A merged report has only display paths.
func rawPath(d string) string {
	if !strings.Contains(d, `\`) {
		return d
	}
	if raw, ok := unescape(d); ok && DisplayPath(raw) == d {
		return raw
	}
	return d
}

func isHex(c byte) bool { return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' }

func unhex(c byte) byte {
	if c <= '9' {
		return c - '0'
	}
	return c - 'a' + 10
}

// Printable is s safe to print on a terminal: control characters (but tab), DEL, the C1
// controls and the bidirectional overrides that reorder what a terminal shows are
// written as \xNN or \u{NNNN}. A transcript or a file name must never move the cursor,
// recolour the screen or retitle the window of the QA reader who looks at its findings.
func Printable(s string) string {
	if !strings.ContainsFunc(s, unprintable) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case !unprintable(r):
			b.WriteRune(r)
		case r < 0x100:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			fmt.Fprintf(&b, `\u{%04x}`, r)
		}
	}
	return b.String()
}

func unprintable(r rune) bool {
	return r < 0x20 && r != '\t' || 0x7f <= r && r < 0xa0 ||
		0x202a <= r && r <= 0x202e || 0x2066 <= r && r <= 0x2069
}

// printableFile is f with every text that came from an input made Printable, for the
// reports read on a terminal.
func printableFile(f Call) Call {
	f.Path, f.Error = Printable(f.Path), Printable(f.Error)
	if len(f.Metadata) > 0 {
		m := make(map[string]string, len(f.Metadata))
		for k, v := range f.Metadata {
			m[Printable(k)] = Printable(v)
		}
		f.Metadata = m
	}
	f.Warnings, f.Skipped, f.Grade = printableAll(f.Warnings), printableAll(f.Skipped), Printable(f.Grade)
	if len(f.Sections) > 0 {
		ss := append([]SectionScore(nil), f.Sections...)
		for i := range ss {
			ss[i].Name = Printable(ss[i].Name)
		}
		f.Sections = ss
	}
	if len(f.Bonuses) > 0 {
		bs := append([]Bonus(nil), f.Bonuses...)
		for i := range bs {
			bs[i].Rule, bs[i].Message, bs[i].Text, bs[i].Match = Printable(bs[i].Rule), Printable(bs[i].Message), Printable(bs[i].Text), Printable(bs[i].Match)
		}
		f.Bonuses = bs
	}
	f.Findings = printableFindings(f.Findings)
	f.Suppressed = printableFindings(f.Suppressed)
	f.Notes = printableFindings(f.Notes)
	if len(f.NearMisses) > 0 {
		nm := append([]NearMiss(nil), f.NearMisses...)
		for i := range nm {
			nm[i].Heard, nm[i].Phrase = Printable(nm[i].Heard), Printable(nm[i].Phrase)
		}
		f.NearMisses = nm
	}
	return f
}

func printableAll(ss []string) []string {
	if len(ss) == 0 {
		return ss
	}
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = Printable(s)
	}
	return out
}

func printableFindings(fs []Finding) []Finding {
	if len(fs) == 0 {
		return fs
	}
	out := append([]Finding(nil), fs...)
	for i := range out {
		out[i].Text, out[i].Match = Printable(out[i].Text), Printable(out[i].Match)
		// A rulebook refuses control characters in its ids and messages, but merge takes
		// them from shard reports, which anyone can write: "x\x1b[31m\nfake.txt:1 …"
		// recoloured the terminal and printed a finding no rule made.
		out[i].Rule, out[i].Message = Printable(out[i].Rule), Printable(out[i].Message)
	}
	return out
}
