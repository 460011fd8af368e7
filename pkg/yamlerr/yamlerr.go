// Package yamlerr is the error a YAML file's reader reports: file, line and column, a
// message in Chinese with English after it, and a hint. The rulebook and configuration
// readers share it, so QA leads see one shape of error whatever file is wrong.
package yamlerr

import (
	"fmt"
	"strings"
)

// Error is one problem in a file.
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
	switch {
	case e.Line > 0 && e.Col > 0:
		fmt.Fprintf(&b, ":%d:%d", e.Line, e.Col)
	case e.Line > 0:
		fmt.Fprintf(&b, ":%d", e.Line) // a row of a table: no column
	}
	b.WriteString(": ")
	b.WriteString(e.Msg)
	if e.Hint != "" {
		b.WriteString("（提示：" + e.Hint + "）")
	}
	return b.String()
}

// Errors is every problem found, in file order.
type Errors []*Error

func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}
