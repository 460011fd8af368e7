package main_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPathsThatDisplayAlike: a file literally named a\xfe.txt (ASCII backslash, x, f, e)
// and the file whose name has the byte 0xFE both displayed as a\xfe.txt: one path in
// JSON, the store and the baseline (which counted one finding twice), and merge refused
// the shards of the batch as overlapping. Each has its own name now, and so does
// a<U+FFFD>.txt.
func TestPathsThatDisplayAlike(t *testing.T) {
	dir := t.TempDir()
	call := []byte("坐席：你好\n客户：嗯\n坐席：我也没办法\n")
	for _, name := range []string{"a\xfe.txt", `a\xfe.txt`, "a\ufffd.txt"} {
		writeFile(t, dir, filepath.Join("calls", name), call)
	}
	paths := func(t *testing.T, report string) []string {
		t.Helper()
		var rep badReport
		if err := json.Unmarshal([]byte(report), &rep); err != nil {
			t.Fatalf("%v\n%.1000s", err, report)
		}
		seen := map[string]bool{}
		var ps []string
		for _, f := range rep.Files {
			if seen[f.Path] {
				t.Errorf("%q twice", f.Path)
			}
			seen[f.Path] = true
			ps = append(ps, f.Path)
		}
		return ps
	}
	r := zhijianIn(t, dir, nil, "check", "-q", "-f", "json", "calls")
	if got := paths(t, r.stdout); r.code != 1 || len(got) != 3 {
		t.Errorf("exit %d, paths %q\n%s", r.code, got, r.stderr)
	}
	for i := range 3 {
		r := zhijianIn(t, dir, nil, "check", "-q", "--shard", fmt.Sprintf("%d/3", i), "-o", fmt.Sprintf("p%d.json", i), "calls")
		if r.code > 1 {
			t.Fatalf("shard %d: exit %d\n%s", i, r.code, r.stderr)
		}
	}
	r = zhijianIn(t, dir, nil, "merge", "-f", "json", "p0.json", "p1.json", "p2.json")
	if got := paths(t, r.stdout); r.code != 1 || len(got) != 3 {
		t.Errorf("merge: exit %d, paths %q\n%s", r.code, got, r.stderr)
	}
	r = zhijianIn(t, dir, nil, "check", "-q", "--write-baseline", "base.json", "calls")
	data, err := os.ReadFile(filepath.Join(dir, "base.json"))
	if err != nil {
		t.Fatalf("exit %d: %v\n%s", r.code, err, r.stderr)
	}
	if n := strings.Count(string(data), `"rule": "forbidden-phrases"`); n != 3 || strings.Contains(string(data), `"count": 2`) {
		t.Errorf("%d baseline entries of the 禁语, want 3, each counted once\n%s", n, data)
	}
}
