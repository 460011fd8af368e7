package lint

import (
	"gopkg.in/yaml.v3"
)

// place is what a warning is about: a rule, or a phrase of a rule, in a file.
type place struct {
	file, rule, phrase string
}

type pos struct{ line, col int }

// fileIndex holds where things are written in one rulebook file.
type fileIndex struct {
	rules map[string]*yaml.Node // rule id → the rule's mapping node
	ids   map[string]pos        // rule id → its id value
	// scalars maps a string to where it is first written (a phrase in a set).
	scalars map[string]pos
}

// locator finds line and column for the compiled rules, which do not keep them, by
// reading the YAML again.
type locator struct {
	files map[string]*fileIndex
}

func newLocator() *locator { return &locator{files: map[string]*fileIndex{}} }

func (l *locator) index(file string) *fileIndex {
	if ix, ok := l.files[file]; ok {
		return ix
	}
	ix := &fileIndex{rules: map[string]*yaml.Node{}, ids: map[string]pos{}, scalars: map[string]pos{}}
	l.files[file] = ix
	data, err := readRulebookFile(file)
	if err != nil {
		return ix
	}
	var doc yaml.Node
	if yaml.Unmarshal(data, &doc) != nil {
		return ix
	}
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i], n.Content[i+1]
				if k.Value == "id" && v.Kind == yaml.ScalarNode {
					if _, dup := ix.ids[v.Value]; !dup {
						ix.ids[v.Value] = pos{v.Line, v.Column}
						ix.rules[v.Value] = n
					}
				}
			}
			for i := 1; i < len(n.Content); i += 2 {
				walk(n.Content[i])
			}
		case yaml.SequenceNode, yaml.DocumentNode:
			for _, c := range n.Content {
				walk(c)
			}
		case yaml.ScalarNode:
			if _, ok := ix.scalars[n.Value]; !ok {
				ix.scalars[n.Value] = pos{n.Line, n.Column}
			}
		}
	}
	walk(&doc)
	return ix
}

// find returns the line and column of p: the phrase inside its rule, else where the
// phrase is first written in the file (a set), else the rule's id; 0, 0 when none is
// found.
func (l *locator) find(p place) (int, int) {
	ix := l.index(p.file)
	if p.phrase != "" {
		if rn, ok := ix.rules[p.rule]; ok {
			if at, ok := findScalar(rn, p.phrase); ok {
				return at.line, at.col
			}
		}
		if at, ok := ix.scalars[p.phrase]; ok {
			return at.line, at.col
		}
	}
	if at, ok := ix.ids[p.rule]; ok {
		return at.line, at.col
	}
	return 0, 0
}

func findScalar(n *yaml.Node, s string) (pos, bool) {
	if n.Kind == yaml.ScalarNode && n.Value == s {
		return pos{n.Line, n.Column}, true
	}
	for _, c := range n.Content {
		if at, ok := findScalar(c, s); ok {
			return at, true
		}
	}
	return pos{}, false
}
