package report

import (
	"strings"
	"testing"
	"unicode/utf16"
)

func units(s string) int { return len(utf16.Encode([]rune(s))) }

// TestSheetText: control characters are written out, line feeds and tabs kept, and a
// cell past Excel's 32,767 characters (counted in UTF-16, so 😀 counts two) is cut
// with a note of its length.
func TestSheetText(t *testing.T) {
	zh, en := labelsFor(LangZH), labelsFor(LangEN)
	for _, tc := range []struct {
		name, in string
		l        labelSet
		want     string // the whole cell, or its end when cut
		cut      bool
	}{
		{"plain", "坐席：您好", zh, "坐席：您好", false},
		{"controls", "a\x1b[2J\x07b\x7f\u0085\u202ec\ufffe\uffff", zh, `a\x1b[2J\x07b\x7f\x85\u{202e}c\u{fffe}\u{ffff}`, false},
		{"kept", "a\tb\nc", zh, "a\tb\nc", false},
		{"CR", "a\r\nb", zh, `a\x0d` + "\nb", false},
		{"just fits", strings.Repeat("嗯", MaxCellChars), zh, strings.Repeat("嗯", MaxCellChars), false},
		{"astral just fits", strings.Repeat("😀", MaxCellChars/2) + "a", zh, strings.Repeat("😀", MaxCellChars/2) + "a", false},
		{"one over", strings.Repeat("嗯", MaxCellChars+1), zh, "嗯…［已截断：全文 32768 字，见 JSON 报告］", true},
		{"astral over", strings.Repeat("😀", MaxCellChars/2+1), en, "😀… [cut: 16384 characters in all, see the JSON report]", true},
		{"escapes make it long", strings.Repeat("\x1b", 9000), en, "… [cut: 36000 characters in all, see the JSON report]", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := sheetText(tc.in, tc.l)
			if n := units(got); n > MaxCellChars {
				t.Fatalf("%d units", n)
			}
			if tc.cut && (!strings.HasSuffix(got, tc.want) || units(got) < MaxCellChars-1) || !tc.cut && got != tc.want {
				t.Errorf("got %d units ending %q, want %q", units(got), got[max(0, len(got)-80):], tc.want)
			}
		})
	}
}

// TestClipRuns: an utterance whose match is highlighted keeps the match and what is
// around it; the runs together fit a cell.
func TestClipRuns(t *testing.T) {
	l := labelsFor(LangZH)
	for _, tc := range []struct {
		name           string
		pre, m, post   string
		wantPre, wantM string // prefixes of what is kept
		cut            bool
	}{
		{"short", "你好，", "我也没办法", "。", "你好，", "我也没办法", false},
		{"long before", strings.Repeat("嗯", 40000), "我也没办法", "啊", "…嗯", "我也没办法", true},
		{"long after", "好", "我也没办法", strings.Repeat("啊", 40000), "好", "我也没办法", true},
		{"long both", strings.Repeat("嗯", 40000), "我也没办法", strings.Repeat("啊", 40000), "…嗯", "我也没办法", true},
		{"long match", "", strings.Repeat("办", 40000), "", "", "办办", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pre, m, post := clipRuns(tc.pre, tc.m, tc.post, l)
			if n := units(pre + m + post); n > MaxCellChars {
				t.Fatalf("%d units", n)
			}
			if !strings.HasPrefix(pre, tc.wantPre) || !strings.HasPrefix(m, tc.wantM) {
				t.Errorf("pre %.20q, match %.20q", pre, m)
			}
			if tc.cut != strings.HasSuffix(post, "见 JSON 报告］") {
				t.Errorf("post ends %q", post[max(0, len(post)-60):])
			}
		})
	}
}

// TestCSVCell: every leading = + - @ tab or CR is defused but a number's sign.
func TestCSVCell(t *testing.T) {
	for in, want := range map[string]string{
		"":                  "",
		"好":                 "好",
		"=1+2":              "'=1+2",
		"+1":                "+1",
		"-5":                "-5",
		"-2.5":              "-2.5",
		"-1+cmd|' /C calc'": "'-1+cmd|' /C calc'",
		"+A1":               "'+A1",
		"@SUM(1)":           "'@SUM(1)",
		"\tx":               "'\tx",
		"\rx":               "'\rx",
	} {
		if got := cell(in); got != want {
			t.Errorf("cell(%q) = %q, want %q", in, got, want)
		}
	}
}
