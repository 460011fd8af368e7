package rulebook_test

import (
	"strings"
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/rulebook"
)

// Texts a report shows its reader, written with control characters: each is refused at
// its line (an escape sequence in a message recoloured the QA reader's terminal through
// the text report, and a line break began a line that looked like a finding of its own).
func TestControlCharactersInShownTexts(t *testing.T) {
	book := func(name, version, desc, message, source, section string) string {
		return `name: "` + name + `"
version: "` + version + `"
description: "` + desc + `"
scorecard:
  sections: [{name: "` + section + `", points: 100}]
rules:
  - id: rude
    kind: forbidden
    section: "` + section + `"
    message: "` + message + `"
    source: "` + source + `"
    phrases: [我也没办法]
`
	}
	for _, tc := range []struct {
		name, yaml, at string
	}{
		{"an escape sequence in a message", book("t", "1", "d", `禁语\u001b[2J\u001b[31m`, "s", "态度"), "test.yaml:10:14:"},
		{"a line break in a message", book("t", "1", "d", `禁语\n  call.txt:1  [错误] other  伪造`, "s", "态度"), "test.yaml:10:14:"},
		{"a carriage return in the name", book(`t\rX`, "1", "d", "禁语", "s", "态度"), "test.yaml:1:7:"},
		{"a bidirectional override in the version", book("t", `1\u202e2`, "d", "禁语", "s", "态度"), "test.yaml:2:10:"},
		{"a C1 control in the description", book("t", "1", `d\u009b31m`, "禁语", "s", "态度"), "test.yaml:3:14:"},
		{"DEL in a source", book("t", "1", "d", "禁语", `s\u007f`, "态度"), "test.yaml:11:13:"},
		{"a bell in a section's name", book("t", "1", "d", "禁语", "s", `态\a度`), "test.yaml:5:21:"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := rulebook.Parse("test.yaml", []byte(tc.yaml), nil)
			if err == nil || !strings.Contains(err.Error(), tc.at) || !strings.Contains(err.Error(), "控制字符") {
				t.Errorf("error %v, want one at %s naming the control character", err, tc.at)
			}
		})
	}
	// A block scalar's last line end is no part of the text; a tab is printable.
	ok := "name: t\nversion: \"1\"\nrules:\n  - id: rude\n    kind: forbidden\n    message: |\n      禁语\t一\n    phrases: [我也没办法]\n"
	rb, err := rulebook.Parse("test.yaml", []byte(ok), nil)
	if err != nil {
		t.Fatal(err)
	}
	if m := rb.Rules[0].Meta().Message; m != "禁语\t一" {
		t.Errorf("message %q", m)
	}
}
