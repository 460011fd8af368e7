package report

import (
	"bytes"
	"encoding/json"
	"testing"
)

// indentSamples are compact JSON values with what the indenter must get right: empty
// objects and arrays, nesting, and strings holding JSON's punctuation and escapes.
var indentSamples = []string{
	`{}`, `[]`, `""`, `0`, `-1.5e-7`, `true`, `null`,
	`{"a":1,"b":[],"c":{},"d":[{},[]],"e":[1,2,[3,{"f":null}]]}`,
	`{"text":"坐席：{不}[是],\"JSON\": \\","k\\\"":"\\\\","u":"\u2028<>&\t"}`,
	`[[[[]]],{"":{"":""}}]`,
}

func TestAppendIndentedIsJSONIndent(t *testing.T) {
	for _, s := range indentSamples {
		for _, prefix := range []string{"", "    "} {
			var want bytes.Buffer
			if err := json.Indent(&want, []byte(s), prefix, "  "); err != nil {
				t.Fatalf("%s: %v", s, err)
			}
			if got := appendIndented(nil, []byte(s), prefix, "  "); !bytes.Equal(got, want.Bytes()) {
				t.Errorf("appendIndented(%s, %q):\n%s\nwant\n%s", s, prefix, got, want.Bytes())
			}
		}
	}
}

func FuzzAppendIndented(f *testing.F) {
	for _, s := range indentSamples {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var compact, want bytes.Buffer
		if json.Compact(&compact, []byte(s)) != nil {
			return // not JSON
		}
		if err := json.Indent(&want, compact.Bytes(), "  ", "  "); err != nil {
			t.Fatal(err)
		}
		if got := appendIndented(nil, compact.Bytes(), "  ", "  "); !bytes.Equal(got, want.Bytes()) {
			t.Errorf("appendIndented(%s):\n%s\nwant\n%s", compact.Bytes(), got, want.Bytes())
		}
	})
}
