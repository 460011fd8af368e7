package rules_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/zhijian-qa/zhijian/pkg/match"
	"github.com/zhijian-qa/zhijian/pkg/rule"
	"github.com/zhijian-qa/zhijian/pkg/rulebook"
	"github.com/zhijian-qa/zhijian/pkg/segment"
	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

// cases is a table in testdata/rulecases/<rulebook>.yaml: single utterances and whole
// calls, each with the one rule it exercises and whether that rule must fire.
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

// One segmenter for the package: the dictionary takes a second or two to load.
var seg = segment.New()

// ruleIndex finds every rule by id, nested ones included, with the top-level rule that
// runs it (a rule inside a condition only runs when the condition holds).
type ruleIndex map[string]struct {
	top  rule.Rule
	self rule.Rule
}

func index(rules []rule.Rule) ruleIndex {
	idx := ruleIndex{}
	var walk func(top rule.Rule, rs []rule.Rule)
	walk = func(top rule.Rule, rs []rule.Rule) {
		for _, r := range rs {
			t := top
			if t == nil {
				t = r
			}
			if c, ok := r.(*rule.Condition); ok {
				if c.M.ID != "" {
					idx[c.M.ID] = struct{ top, self rule.Rule }{t, r}
				}
				walk(t, c.Rules)
				continue
			}
			idx[r.Meta().ID] = struct{ top, self rule.Rule }{t, r}
		}
	}
	walk(nil, rules)
	return idx
}

// fires runs the top-level rule holding id over the call and says whether id fired.
func (idx ruleIndex) fires(t *testing.T, id string, call *transcript.Call) bool {
	t.Helper()
	e, ok := idx[id]
	if !ok {
		t.Fatalf("no rule %q", id)
	}
	for _, f := range e.top.Check(rule.Prepare(call, seg)) {
		if f.Rule.ID == id {
			return true
		}
	}
	return false
}

// TestRulebookCases runs, for every shipped rulebook with rules of its own, its case table
// in testdata/rulecases: every rule must have a case that fires it and one that must not,
// and every phrase of a forbidden rule must fire on some case.
func TestRulebookCases(t *testing.T) {
	for _, name := range rulebook.Names() {
		path := filepath.Join("..", "testdata", "rulecases", name+".yaml")
		if _, err := os.Stat(path); os.IsNotExist(err) {
			continue // a rulebook that only extends others has no rules of its own
		}
		t.Run(name, func(t *testing.T) { runCases(t, name, path) })
	}
}

func runCases(t *testing.T, name, path string) {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var cs cases
	if err := yaml.Unmarshal(data, &cs); err != nil {
		t.Fatal(err)
	}
	rb, err := rulebook.Shipped(name, seg)
	if err != nil {
		t.Fatal(err)
	}
	idx := index(rb.Rules)
	fired, quiet := map[string]bool{}, map[string]bool{}
	record := func(id string, fires bool) {
		if fires {
			fired[id] = true
		} else {
			quiet[id] = true
		}
	}
	for _, c := range cs.Utterances {
		label := map[string]string{"agent": "坐席", "customer": "客户"}[c.Role]
		if label == "" {
			t.Fatalf("case %q: role %q", c.Text, c.Role)
		}
		text := label + "：" + c.Text
		if _, ok := idx[c.Rule].self.(*rule.Response); ok {
			// The call goes on after the trigger: a trigger the call ends on cannot be
			// answered and is not judged.
			text += "\n坐席：嗯。\n客户：嗯。"
		}
		call, err := transcript.ParsePlain("case.txt", text, rb.Roles)
		if err != nil {
			t.Fatal(err)
		}
		if got := idx.fires(t, c.Rule, call); got != c.Fires {
			t.Errorf("%s said by %s %q: fired %v, want %v %s", c.Rule, c.Role, c.Text, got, c.Fires, c.Note)
		}
		record(c.Rule, c.Fires)
		// What an agent must not say, a customer may: the same words from the customer
		// never fire an agent-only rule.
		if c.Fires && c.Role == "agent" && idx[c.Rule].self.Meta().Role == transcript.Agent {
			call, err := transcript.ParsePlain("case.txt", "客户："+c.Text, rb.Roles)
			if err != nil {
				t.Fatal(err)
			}
			if idx.fires(t, c.Rule, call) {
				t.Errorf("%s fired when the customer said %q", c.Rule, c.Text)
			}
		}
	}
	for _, c := range cs.Calls {
		call, err := transcript.ParsePlain(c.Name, strings.Join(c.Turns, "\n"), rb.Roles)
		if err != nil {
			t.Fatalf("call %q: %v", c.Name, err)
		}
		if got := idx.fires(t, c.Rule, call); got != c.Fires {
			t.Errorf("call %q: %s fired %v, want %v", c.Name, c.Rule, got, c.Fires)
		}
		record(c.Rule, c.Fires)
	}
	for id, e := range idx {
		if _, group := e.self.(*rule.Condition); group {
			continue // a condition group is covered through its rules
		}
		if filepath.Base(e.self.Meta().File) != name+".yaml" {
			continue // inherited: covered by the case table of the rulebook that defines it
		}
		if !fired[id] {
			t.Errorf("rule %s has no case that fires it", id)
		}
		if !quiet[id] {
			t.Errorf("rule %s has no case that must not fire it", id)
		}
		fr, ok := e.self.(*rule.Forbidden)
		if !ok {
			continue
		}
		// Every phrase must be exercised, so a phrase written wrong cannot hide behind
		// its neighbours.
		for _, p := range fr.Phrases {
			hit := false
			for _, c := range cs.Utterances {
				if c.Rule == id && c.Fires && len(p.FindAll(match.NewText(c.Text, seg))) > 0 {
					hit = true
					break
				}
			}
			if !hit {
				t.Errorf("%s: phrase %q has no utterance case that fires it", id, p.Source)
			}
		}
	}
}
