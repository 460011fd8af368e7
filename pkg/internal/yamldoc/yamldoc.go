// Package yamldoc reads a YAML file that must hold one document. yaml.Unmarshal reads
// the first document of a file and ignores the rest: a rulebook or a configuration
// pasted after another behind "---" had its rules silently dropped.
package yamldoc

import (
	"bytes"
	"errors"
	"io"

	"gopkg.in/yaml.v3"
)

// Decode reads the first YAML document of data into doc (left empty for a file with no
// document, as yaml.Unmarshal leaves it). second is the line where a second document
// with any content begins, 0 when there is none; an empty document after "---" is not
// one. err is a syntax error in either document, worded as yaml.Unmarshal words it.
func Decode(data []byte, doc *yaml.Node) (second int, err error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(doc); err != nil {
		if errors.Is(err, io.EOF) {
			*doc = yaml.Node{}
			return 0, nil
		}
		return 0, err
	}
	for {
		var next yaml.Node
		if err := dec.Decode(&next); err != nil {
			if errors.Is(err, io.EOF) {
				return 0, nil
			}
			return 0, err
		}
		if !empty(&next) {
			return next.Line, nil
		}
	}
}

// empty says whether a document holds nothing: no node, or a null written as nothing.
func empty(n *yaml.Node) bool {
	if len(n.Content) == 0 {
		return true
	}
	c := n.Content[0]
	return len(n.Content) == 1 && c.Kind == yaml.ScalarNode && c.Tag == "!!null" && c.Value == ""
}
