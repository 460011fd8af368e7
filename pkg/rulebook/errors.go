// Package rulebook loads YAML rulebooks, checks them and compiles their rules. Every
// problem is reported with file, line and column, all at once.
package rulebook

import (
	"github.com/zhijian-qa/zhijian/pkg/diag"
	"github.com/zhijian-qa/zhijian/pkg/msg"

	"gopkg.in/yaml.v3"
)

// Error is one problem in a rulebook; Errors all of them, in file order.
type (
	Error  = diag.Diagnostic
	Errors = diag.List
)

// errorf records a problem at node n.
func (l *loader) errorf(n *yaml.Node, hint, key string, args ...any) {
	l.problem(n, hint, msg.Sprintf(key, args...))
}

// problem records the text at node n.
func (l *loader) problem(n *yaml.Node, hint, text string) {
	e := &Error{Path: l.path, Msg: text, Hint: hint}
	if n != nil {
		e.Line, e.Col = n.Line, n.Column
	}
	l.errs = append(l.errs, e)
}
