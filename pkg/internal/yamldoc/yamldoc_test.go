package yamldoc

import (
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

func TestDecode(t *testing.T) {
	for _, tc := range []struct {
		name, data string
		second     int
		err        string
		content    bool
	}{
		{"empty", "", 0, "", false},
		{"comments only", "# nothing\n", 0, "", false},
		{"one document", "name: a\n", 0, "", true},
		{"one document after ---", "---\nname: a\n", 0, "", true},
		{"a trailing ---", "name: a\n---\n", 0, "", true},
		{"a trailing --- and ...", "name: a\n---\n...\n", 0, "", true},
		{"two documents", "name: a\nrules: []\n---\nname: b\n", 3, "", true},
		{"an empty one between", "name: a\n---\n---\nrules: [x]\n", 3, "", true},
		{"a syntax error in the second", "name: a\n---\n\t- x\n", 0, "yaml: line 3", true},
		{"a syntax error in the first", "a: [\n", 0, "yaml:", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var doc yaml.Node
			second, err := Decode([]byte(tc.data), &doc)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if second != tc.second {
				t.Errorf("second document at line %d, want %d", second, tc.second)
			}
			if got := len(doc.Content) > 0; got != tc.content {
				t.Errorf("first document has content %v, want %v", got, tc.content)
			}
		})
	}
}
