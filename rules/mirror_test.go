package rules_test

import (
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/zhijian-qa/zhijian/rules"
)

// mirrors are phrase sets two shipped rulebooks each keep, item for item: a rulebook may
// be used on its own and cannot refer to another file's sets, so one list is written
// twice, and this test keeps the copies from drifting (a hold the one file knew and the
// other did not was a finding of one rule and none of the other).
var mirrors = []struct {
	fileA, setA, fileB, setB string
}{
	{"call-center.yaml", "hold", "seat-standards.yaml", "seat-hold"},
	{"call-center.yaml", "hold-progress", "seat-standards.yaml", "seat-hold-progress"},
}

func TestMirroredSets(t *testing.T) {
	for _, m := range mirrors {
		a, b := setItems(t, m.fileA, m.setA), setItems(t, m.fileB, m.setB)
		if len(a) == 0 {
			t.Fatalf("%s has no set %s", m.fileA, m.setA)
		}
		if strings.Join(a, "\n") != strings.Join(b, "\n") {
			t.Errorf("%s $%s and %s $%s differ: keep them item for item the same\n%s\n---\n%s",
				m.fileA, m.setA, m.fileB, m.setB, strings.Join(a, "\n"), strings.Join(b, "\n"))
		}
	}
}

// setItems renders each item of a set as YAML, anchors and aliases by their target, so
// two files' own anchor names do not count as a difference.
func setItems(t *testing.T, file, set string) []string {
	t.Helper()
	data, err := rules.FS.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	sets := mapValue(doc.Content[0], "sets")
	if sets == nil {
		t.Fatalf("%s has no sets", file)
	}
	list := mapValue(sets, set)
	if list == nil {
		return nil
	}
	var out []string
	for _, item := range list.Content {
		out = append(out, render(item))
	}
	return out
}

func mapValue(n *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// render writes n without anchors, aliases expanded, comments dropped.
func render(n *yaml.Node) string {
	switch n.Kind {
	case yaml.AliasNode:
		return render(n.Alias)
	case yaml.ScalarNode:
		return n.Value
	case yaml.SequenceNode:
		var parts []string
		for _, c := range n.Content {
			parts = append(parts, render(c))
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case yaml.MappingNode:
		var parts []string
		for i := 0; i+1 < len(n.Content); i += 2 {
			parts = append(parts, n.Content[i].Value+": "+render(n.Content[i+1]))
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return ""
}
