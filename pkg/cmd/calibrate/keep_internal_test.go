package calibrate

import (
	"fmt"
	"slices"
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/calibrate"
	"github.com/zhijian-qa/zhijian/pkg/report"
)

// TestKeepsOnlyLabelledLines: of the calls checked, calibrate keeps the utterances on the
// lines labels name, and nothing of the calls no label names (it kept every utterance
// of every call: with the findings, twelve times the transcripts' size).
func TestKeepsOnlyLabelledLines(t *testing.T) {
	labels := &calibrate.Labels{Calls: []*calibrate.Call{
		{File: "calls/a.txt", Violations: []calibrate.Violation{{Line: 7}, {Line: 9000}, {Line: 0}}},
		{File: "b.txt", Violations: []calibrate.Violation{{Line: 3}}},
		{File: `x\c.txt`},
	}}
	named := labelLines(labels)
	utts := make([]report.Utterance, 10_000)
	for i := range utts {
		utts[i] = report.Utterance{Line: 2*i + 1, Role: "agent", Text: fmt.Sprint("utterance ", i)}
	}
	for _, tc := range []struct {
		path  string
		named bool
		lines []int
		kept  map[int]string // line → the utterance quoted for it
	}{
		{"calls/a.txt", true, []int{7, 9000}, map[int]string{7: "utterance 3", 9000: "utterance 4499"}},
		{"/data/calls/a.txt", true, []int{7, 9000}, map[int]string{7: "utterance 3", 9000: "utterance 4499"}},
		{"other/calls/a.txt", true, []int{7, 9000}, map[int]string{7: "utterance 3", 9000: "utterance 4499"}},
		{"xcalls/a.txt", false, nil, map[int]string{}},
		{"b.txt", true, []int{3}, map[int]string{3: "utterance 1"}},
		{"x/c.txt", true, nil, map[int]string{}},
		{"d.txt", false, nil, map[int]string{}},
	} {
		t.Run(tc.path, func(t *testing.T) {
			lines, ok := named.of(tc.path)
			if ok != tc.named || !slices.Equal(lines, tc.lines) {
				t.Fatalf("of = %v, %v", lines, ok)
			}
			texts := transcripts{}
			texts.add(report.Call{Path: tc.path, Transcript: utts}, lines)
			if len(texts[tc.path]) != len(tc.kept) {
				t.Errorf("%d utterances kept, want %d", len(texts[tc.path]), len(tc.kept))
			}
			for line, want := range tc.kept {
				if _, text := texts.at(tc.path, line); text != want {
					t.Errorf("line %d: %q, want %q", line, text, want)
				}
			}
		})
	}
}
