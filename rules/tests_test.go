package rules_test

import (
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/rulebook"
	"github.com/zhijian-qa/zhijian/pkg/rulestest"
)

// TestShippedExamples runs the annotated transcripts under rules/tests, as
// `zhijian rules test --shipped` does, and asks every rule of the default rulebook for an
// example that fires it and one that must not: `zhijian explain` shows them.
func TestShippedExamples(t *testing.T) {
	cases, err := rulestest.Shipped()
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) == 0 {
		t.Fatal("no annotated transcripts under rules/tests")
	}
	runner := &rulestest.Runner{Seg: seg}
	fires, quiet := map[string]bool{}, map[string]bool{}
	for _, c := range cases {
		res, err := runner.Run(c)
		if err != nil {
			t.Errorf("%s: %v", c.Path, err)
			continue
		}
		for _, f := range res.Failures {
			t.Error(f)
		}
		for _, e := range c.Expect {
			if e.Fires {
				fires[e.Rule] = true
			} else {
				quiet[e.Rule] = true
			}
		}
	}
	rb, err := rulebook.Load(nil, seg)
	if err != nil {
		t.Fatal(err)
	}
	for id, e := range index(rb.Rules) {
		if e.self.Meta().Kind == "condition" {
			continue
		}
		if !fires[id] {
			t.Errorf("rule %s has no example under rules/tests that fires it", id)
		}
		if !quiet[id] {
			t.Errorf("rule %s has no example under rules/tests that must not fire it", id)
		}
	}
}
