package main_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSampleRuleWithoutFindings: sample --rule naming a rule no call of the run has a
// finding of (a typo, another rulebook's id, the wrong case) is refused, exit 2, naming
// the rules that have findings, and the batch's name is not spent (it drew a batch of
// the red-line calls alone, exit 0, as if the rule had been looked for).
func TestSampleRuleWithoutFindings(t *testing.T) {
	dir := t.TempDir()
	calls, _ := filepath.Glob("../../testdata/calls/*.txt")
	for _, c := range calls {
		data, _ := os.ReadFile(c)
		writeFile(t, dir, filepath.Base(c), data)
	}
	if r := zhijianIn(t, dir, nil, "check", "-q", "--store", "qa.db", "."); r.code != 1 {
		t.Fatalf("recording: exit %d\n%s", r.code, r.stderr)
	}
	for _, tc := range []struct {
		rule string
		code int
		says string
	}{
		{"no-such-rule", 2, "no call of run"},
		{"CLOSING", 2, "closing"},
		{"closing ", 2, "no call of run"},
		{"closing", 0, "review batch"},
	} {
		t.Run(tc.rule, func(t *testing.T) {
			r := zhijianIn(t, dir, nil, "sample", "--store", "qa.db", "--batch", "w1", "--rule", tc.rule)
			if r.code != tc.code || !strings.Contains(r.stdout+r.stderr, tc.says) {
				t.Errorf("exit %d, want %d saying %q\n%s%s", r.code, tc.code, tc.says, r.stdout, r.stderr)
			}
		})
	}
}
