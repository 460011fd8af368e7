package report

import (
	"os"
	"strings"
	"testing"
)

// TestDocsListEveryFormat keeps docs/report-formats.md's table equal to the registry:
// every format with its extensions, and whether it is written as calls finish.
func TestDocsListEveryFormat(t *testing.T) {
	data, err := os.ReadFile("../../docs/report-formats.md")
	if err != nil {
		t.Fatal(err)
	}
	// The formats' table runs from its heading row to the first line that is not a row.
	text := string(data)
	start := strings.Index(text, "| format | extensions |")
	if start < 0 {
		t.Fatal("docs/report-formats.md has no | format | extensions | table")
	}
	text, _, _ = strings.Cut(text[start:], "\n\n")
	rows := map[string][]string{}
	for _, line := range strings.Split(text, "\n") {
		cells := strings.Split(line, "|")
		if len(cells) == 6 && strings.HasPrefix(strings.TrimSpace(cells[1]), "`") {
			rows[strings.Trim(strings.TrimSpace(cells[1]), "`")] = cells[2:5]
		}
	}
	for _, f := range Formats {
		row, ok := rows[f.Name]
		if !ok {
			t.Errorf("docs/report-formats.md has no row for %s", f.Name)
			continue
		}
		var exts []string
		for _, e := range f.Extensions {
			exts = append(exts, "`"+e+"`")
		}
		if got := strings.TrimSpace(row[0]); got != strings.Join(exts, " ") {
			t.Errorf("%s: docs give extensions %q, registry %q", f.Name, got, strings.Join(exts, " "))
		}
		if streamed := strings.Contains(row[1], "as calls finish"); streamed != f.Streamed {
			t.Errorf("%s: docs say written %q, registry Streamed=%v", f.Name, strings.TrimSpace(row[1]), f.Streamed)
		}
		if zh, en, ok := strings.Cut(f.Doc, " / "); !ok || zh == "" || en == "" {
			t.Errorf("%s: Doc %q is not \"中文 / English\"", f.Name, f.Doc)
		}
		delete(rows, f.Name)
	}
	for name := range rows {
		t.Errorf("docs/report-formats.md lists %s, which is no format", name)
	}
}
