// Package diag is the one shape of a message at a position that zhijian reports: a
// problem in a rulebook, the configuration or a label file (with a hint how to fix it), a
// lint warning, a transcript that cannot be parsed, an input that cannot be read. Path,
// line and column, severity, the message in Chinese with English after it, and a hint;
// QA leads see one shape of error whatever file is wrong.
package diag

import (
	"fmt"
	"strings"

	"github.com/zhijian-qa/zhijian/pkg/msg"
)

// Level grades a diagnostic: an error makes a file unusable, a warning is a smell.
type Level string

const (
	LevelError   Level = "error"
	LevelWarning Level = "warning"
)

// Diagnostic is one problem in a file. Line and Col are 0 when unknown (a CSV row has a
// line and no column); Path is "" for a problem with no file (the command line).
type Diagnostic struct {
	Path  string `json:"path"`
	Line  int    `json:"line"`
	Col   int    `json:"column"`
	Level Level  `json:"level"`
	// Code names the kind of warning (lint); Rule the rule it is about.
	Code string `json:"code,omitempty"`
	Rule string `json:"rule,omitempty"`
	Msg  string `json:"message"`
	// Hint says how to fix it, when there is something to say.
	Hint string `json:"hint,omitempty"`
	// Err is the underlying error, if any.
	Err error `json:"-"`
}

// Error is the one-line form: path:line:column: message（提示：hint）.
func (d *Diagnostic) Error() string {
	var b strings.Builder
	d.place(&b)
	if d.Path != "" {
		b.WriteString(": ")
	}
	b.WriteString(d.Msg)
	if d.Hint != "" {
		b.WriteString("（提示：" + d.Hint + "）")
	}
	return b.String()
}

func (d *Diagnostic) Unwrap() error { return d.Err }

// Long is the form a linter lists: the level in words, the code, the hint on a line of
// its own.
func (d *Diagnostic) Long() string {
	var b strings.Builder
	b.WriteString(d.Path)
	if d.Line > 0 {
		fmt.Fprintf(&b, ":%d:%d", d.Line, d.Col)
	}
	if d.Level == LevelWarning {
		b.WriteString(": 警告 warning: ")
	} else {
		b.WriteString(": 错误 error: ")
	}
	b.WriteString(d.Msg)
	if d.Code != "" {
		b.WriteString(" [" + d.Code + "]")
	}
	if d.Hint != "" {
		b.WriteString("\n    提示 hint: " + d.Hint)
	}
	return b.String()
}

// place writes path:line:column, as much of it as is known.
func (d *Diagnostic) place(b *strings.Builder) {
	b.WriteString(d.Path)
	if d.Path == "" {
		return
	}
	switch {
	case d.Line > 0 && d.Col > 0:
		fmt.Fprintf(b, ":%d:%d", d.Line, d.Col)
	case d.Line > 0:
		fmt.Fprintf(b, ":%d", d.Line) // a row of a table: no column
	}
}

// List is every problem found, in file order.
type List []*Diagnostic

// maxListed is the most problems a List shows: a file wrong on each of its 100,000
// lines made 21 MB of messages; the first hundred say what is wrong, the rest are counted.
const maxListed = 100

func (l List) Error() string {
	lines := make([]string, 0, min(len(l), maxListed+1))
	for i, d := range l {
		if i == maxListed {
			lines = append(lines, msg.Sprintf("diag.more-problems", len(l)-maxListed))
			break
		}
		lines = append(lines, d.Error())
	}
	return strings.Join(lines, "\n")
}
