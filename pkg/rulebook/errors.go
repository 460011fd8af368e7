// Package rulebook loads YAML rulebooks, checks them and compiles their rules. Every
// problem is reported with file, line and column, all at once.
package rulebook

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

// Error is one problem in a rulebook.
type Error struct {
	Path      string
	Line, Col int
	Msg       string
	// Hint says how to fix it, when there is something to say.
	Hint string
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Path)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d:%d", e.Line, e.Col)
	}
	b.WriteString(": ")
	b.WriteString(e.Msg)
	if e.Hint != "" {
		b.WriteString("（提示：")
		b.WriteString(e.Hint)
		b.WriteString("）")
	}
	return b.String()
}

// Errors is every problem found in a load, in file order.
type Errors []*Error

func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// errorf records a problem at node n.
func (l *loader) errorf(n *yaml.Node, hint, format string, args ...any) {
	e := &Error{Path: l.path, Msg: fmt.Sprintf(format, args...), Hint: hint}
	if n != nil {
		e.Line, e.Col = n.Line, n.Column
	}
	l.errs = append(l.errs, e)
}
