package rules_test

import (
	"os"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/zhijian-qa/zhijian/pkg/match"
	"github.com/zhijian-qa/zhijian/pkg/rule"
	"github.com/zhijian-qa/zhijian/pkg/rulebook"
	"github.com/zhijian-qa/zhijian/pkg/segment"
	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

// cases is the table in testdata/rulecases: single utterances and whole calls, each with
// the one rule it exercises and whether that rule must fire.
type cases struct {
	Utterances []struct {
		Rule  string
		Role  string
		Text  string
		Fires bool
		Note  string
	}
	Calls []struct {
		Name  string
		Rule  string
		Fires bool
		Turns []string
	}
}

func TestDefaultRulebookCases(t *testing.T) {
	data, err := os.ReadFile("../testdata/rulecases/default.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var cs cases
	if err := yaml.Unmarshal(data, &cs); err != nil {
		t.Fatal(err)
	}
	seg := segment.New()
	rb, err := rulebook.Load(nil, seg)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]rule.Rule{}
	for _, r := range rb.Rules {
		byID[r.Meta().ID] = r
	}
	covered := map[string]bool{}
	fires := func(t *testing.T, id string, call *transcript.Call) bool {
		r, ok := byID[id]
		if !ok {
			t.Fatalf("no rule %q in the default rulebook", id)
		}
		covered[id] = true
		return len(r.Check(rule.Prepare(call, seg))) > 0
	}
	for _, c := range cs.Utterances {
		label := map[string]string{"agent": "坐席", "customer": "客户"}[c.Role]
		if label == "" {
			t.Fatalf("case %q: role %q", c.Text, c.Role)
		}
		call, err := transcript.ParsePlain("case.txt", label+"："+c.Text, rb.Roles)
		if err != nil {
			t.Fatal(err)
		}
		if got := fires(t, c.Rule, call); got != c.Fires {
			t.Errorf("%s said by %s %q: fired %v, want %v %s", c.Rule, c.Role, c.Text, got, c.Fires, c.Note)
		}
		// What an agent must not say, a customer may: the same words from the customer
		// never fire an agent-only rule.
		if c.Fires && c.Role == "agent" && byID[c.Rule].Meta().Role == transcript.Agent {
			call, err := transcript.ParsePlain("case.txt", "客户："+c.Text, rb.Roles)
			if err != nil {
				t.Fatal(err)
			}
			if fires(t, c.Rule, call) {
				t.Errorf("%s fired when the customer said %q", c.Rule, c.Text)
			}
		}
	}
	for _, c := range cs.Calls {
		call, err := transcript.ParsePlain(c.Name, strings.Join(c.Turns, "\n"), rb.Roles)
		if err != nil {
			t.Fatal(err)
		}
		if got := fires(t, c.Rule, call); got != c.Fires {
			t.Errorf("call %q: %s fired %v, want %v", c.Name, c.Rule, got, c.Fires)
		}
	}
	// Every phrase of every forbidden rule must be exercised by a case that fires, so a
	// phrase written wrong cannot hide behind its neighbours.
	for _, r := range rb.Rules {
		fr, ok := r.(*rule.Forbidden)
		if !ok {
			continue
		}
		for _, p := range fr.Phrases {
			hit := false
			for _, c := range cs.Utterances {
				if c.Rule == fr.M.ID && c.Fires && len(p.FindAll(match.NewText(c.Text, seg))) > 0 {
					hit = true
					break
				}
			}
			if !hit {
				t.Errorf("%s: phrase %q has no utterance case that fires it", fr.M.ID, p.Source)
			}
		}
	}
	for id := range byID {
		if !covered[id] {
			t.Errorf("rule %s has no case in testdata/rulecases/default.yaml", id)
		}
	}
}
