package rules_test

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/pipeline"
	"github.com/zhijian-qa/zhijian/pkg/rulebook"
	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

// TestProcedure checks the default rulebook against 000's service procedure: the model
// call scores 100 with no finding, and a call that breaks one step (named in its
// "# breaks:" header) loses exactly that step's points.
func TestProcedure(t *testing.T) {
	rb, err := rulebook.Load(nil, seg)
	if err != nil {
		t.Fatal(err)
	}
	checker := &pipeline.Checker{Rulebook: rb}
	deduct := map[string]float64{}
	for _, e := range index(rb.Rules) {
		deduct[e.self.Meta().ID] = e.self.Meta().Deduct
	}
	paths, _ := filepath.Glob("../testdata/procedure/*.txt")
	if len(paths) < 2 {
		t.Fatal("no procedure calls in testdata/procedure")
	}
	for _, path := range paths {
		t.Run(filepath.Base(path), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			call, err := transcript.ParsePlain(path, string(data), rb.Roles)
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			if b := call.Metadata["breaks"]; b != "" {
				for _, id := range strings.Split(b, ",") {
					want = append(want, strings.TrimSpace(id))
				}
			} else if filepath.Base(path) != "model.txt" {
				t.Fatal(`a broken procedure call needs a "# breaks: rule-id" header`)
			}
			f := checker.CheckCall(call)
			var got []string
			lost := 0.0
			for _, fd := range f.Findings {
				got = append(got, fd.Rule)
				lost += fd.Deduct
			}
			sort.Strings(got)
			sort.Strings(want)
			if strings.Join(got, ",") != strings.Join(want, ",") {
				t.Errorf("findings %v, want exactly %v", got, want)
			}
			wantLost := 0.0
			for _, id := range want {
				wantLost += deduct[id]
			}
			if lost != wantLost || *f.Score != 100-wantLost {
				t.Errorf("score %v (lost %v), want 100 − %v", *f.Score, lost, wantLost)
			}
		})
	}
}
