package report_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/zhijian-qa/zhijian/pkg/report"
)

// FuzzPrintable: whatever a transcript or a file name holds, what reaches a terminal has
// no control character, DEL, C1 control or bidi override, and plain text is unchanged.
func FuzzPrintable(f *testing.F) {
	for _, s := range []string{"坐席：您好", "a\x1b[2Jb", "\x1b]0;title\x07", "x\u202eevil", "\x9b31m", "tab\tok", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := report.Printable(s)
		for _, r := range got {
			if r < 0x20 && r != '\t' || 0x7f <= r && r < 0xa0 || 0x202a <= r && r <= 0x202e || 0x2066 <= r && r <= 0x2069 {
				t.Fatalf("Printable(%q) = %q keeps %U", s, got, r)
			}
		}
		if !strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r >= 0x7f && r < 0xa0 || r >= 0x202a && r <= 0x2069 }) && got != s {
			t.Fatalf("Printable(%q) = %q changed plain text", s, got)
		}
	})
}

// FuzzDisplayPath: a path in a report is valid UTF-8, the path itself when it is and
// has no backslash, and two paths that differ in bytes never share a display name: not
// two names with different invalid bytes, and not a\xfe.txt written out in ASCII and
// the name with the byte 0xFE (they shared one, and with it a line of the store, a
// baseline's count and merge's overlap check).
func FuzzDisplayPath(f *testing.F) {
	f.Add("calls/a.txt", "calls/b.txt")
	f.Add("a\xff.txt", "a\xfe.txt")
	f.Add("a\xff.txt", `a\xff.txt`)
	f.Add(`a\\b`, "a\\b")
	f.Add(`a\\xfe`, `a\xfe`)
	f.Add("a\ufffd.txt", "a\xfe.txt")
	f.Fuzz(func(t *testing.T, a, b string) {
		da, db := report.DisplayPath(a), report.DisplayPath(b)
		if !utf8.ValidString(da) {
			t.Fatalf("DisplayPath(%q) = %q is not UTF-8", a, da)
		}
		if utf8.ValidString(a) && !strings.Contains(a, `\`) && da != a {
			t.Fatalf("DisplayPath(%q) = %q changed a UTF-8 path", a, da)
		}
		if a != b && da == db {
			t.Fatalf("%q and %q both display as %q", a, b, da)
		}
	})
}

// TestTextReportOfForgedEntries: merge writes the text report from shard reports, which
// anyone can write; what a rulebook would refuse (control characters in a rule id, a
// message, a severity, a section, a grade, the rulebook's name) reaches the terminal
// escaped. A message "x\x1b[31m\nfake.txt:1 …" recoloured it and printed a finding no
// rule made.
func TestTextReportOfForgedEntries(t *testing.T) {
	const esc = "\x1b[31m\n"
	score := 50.0
	f := report.Call{Path: "a.txt", Score: &score, Grade: "差" + esc, Skipped: []string{esc},
		Sections: []report.SectionScore{{Name: "规范" + esc, Points: 30}},
		Findings: []report.Finding{{Rule: "r" + esc, Severity: "error" + esc, Role: "agent" + esc, Message: "x" + esc + "fake.txt:1  [错误] other", Line: 1, Text: "好", Deduct: 5}},
		Bonuses:  []report.Bonus{{Rule: "b" + esc, Message: "m" + esc, Points: 1}}}
	for _, group := range []string{"", report.GroupRule, report.GroupAgent} {
		var b strings.Builder
		w := report.NewTextWriter(&b, report.Rulebook{Name: "rb" + esc, Version: "1" + esc}, report.TextOptions{GroupBy: group})
		if err := w.Add(f); err != nil {
			t.Fatal(err)
		}
		var tally report.Tally
		tally.Add(f)
		if err := w.Close(tally.Summary()); err != nil {
			t.Fatal(err)
		}
		if out := b.String(); strings.Contains(out, "\x1b") || strings.Contains(out, "\nfake.txt") {
			t.Errorf("group %q: %q", group, out)
		}
	}
}
