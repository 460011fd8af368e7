package rules_test

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/pipeline"
	"github.com/zhijian-qa/zhijian/pkg/rule"
	"github.com/zhijian-qa/zhijian/pkg/rulebook"
	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

// timingGolden holds what the default rulebook finds in the timing samples, with every
// measured time and value; rewrite it with go test ./rules -update.
const timingGolden = "../testdata/timing/findings.golden"

// TestTimingSamples runs the default rulebook over the sample calls in testdata/timing and
// compares every finding, with the span, value, limit and detail the timing rules measured,
// and every skip note, with testdata/timing/findings.golden. The samples follow every phrase
// rule, so only timing rules may fire; the pipeline must agree on the findings and score.
func TestTimingSamples(t *testing.T) {
	rb, err := rulebook.Load(nil, seg)
	if err != nil {
		t.Fatal(err)
	}
	checker := &pipeline.Checker{Rulebook: rb}
	paths, _ := filepath.Glob("../testdata/timing/*.txt")
	if len(paths) < 8 {
		t.Fatalf("only %d timing samples", len(paths))
	}
	var b strings.Builder
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		call, err := transcript.ParsePlain(filepath.Base(path), string(data), rb.Roles)
		if err != nil {
			t.Fatal(err)
		}
		f := checker.CheckCall(call)
		fmt.Fprintf(&b, "%s  score %v\n", filepath.Base(path), *f.Score)
		for _, s := range f.Skipped {
			fmt.Fprintf(&b, "  skipped: %s\n", s)
		}
		pc := rule.Prepare(call, seg)
		var fs []rule.Finding
		for _, r := range rb.Rules {
			if s, ok := r.(rule.Skipper); ok && s.Skip(pc) != "" {
				continue
			}
			fs = append(fs, r.Check(pc)...)
		}
		sort.SliceStable(fs, func(i, j int) bool { return fs[i].Utterance.Turn < fs[j].Utterance.Turn })
		if len(fs) != len(f.Findings) {
			t.Errorf("%s: %d findings, the pipeline reports %d", path, len(fs), len(f.Findings))
			continue
		}
		for i, fd := range fs {
			if fd.Rule.ID != f.Findings[i].Rule || fd.Utterance.Line != f.Findings[i].Line {
				t.Errorf("%s: finding %d is %s line %d, the pipeline reports %s line %d",
					path, i, fd.Rule.ID, fd.Utterance.Line, f.Findings[i].Rule, f.Findings[i].Line)
			}
			if fd.Unit == "" {
				t.Errorf("%s: %s line %d: only timing rules may fire on the timing samples", path, fd.Rule.ID, fd.Utterance.Line)
			}
			fmt.Fprintf(&b, "  %s  line %d turn %d  %s–%s  value %v %s  limit %v  (-%v)\n    %s\n",
				fd.Rule.ID, fd.Utterance.Line, fd.Utterance.Turn, transcript.FormatTime(fd.Start), transcript.FormatTime(fd.End),
				fd.Value, fd.Unit, fd.Limit, f.Findings[i].Deduct, fd.Detail)
		}
	}
	got := b.String()
	if *update {
		if err := os.WriteFile(timingGolden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(timingGolden)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("timing findings differ from %s (go test ./rules -update rewrites it):\n%s", timingGolden, got)
	}
}
