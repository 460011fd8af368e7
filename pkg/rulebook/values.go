package rulebook

import (
	"math"
	"strconv"

	"gopkg.in/yaml.v3"

	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

// resolve follows YAML aliases.
func resolve(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

// fields walks a mapping node in order.
func (l *loader) fields(n *yaml.Node, what string, f func(key string, k, v *yaml.Node)) {
	n = resolve(n)
	if n.Kind != yaml.MappingNode {
		l.errorf(n, "", "rulebook.expected-mapping", what)
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], resolve(n.Content[i+1])
		if seen[k.Value] {
			l.errorf(k, "", "rulebook.duplicate-key", k.Value)
			continue
		}
		seen[k.Value] = true
		f(k.Value, k, v)
	}
}

func (l *loader) unknown(k *yaml.Node, allowed string) {
	l.errorf(k, "可用字段："+allowed, "rulebook.unknown-key", k.Value)
}

func (l *loader) str(n *yaml.Node) string {
	if n.Kind != yaml.ScalarNode {
		l.errorf(n, "", "rulebook.expected-string")
		return ""
	}
	return n.Value
}

func (l *loader) number(n *yaml.Node, lo, hi float64) float64 {
	v, err := strconv.ParseFloat(n.Value, 64)
	if n.Kind != yaml.ScalarNode || err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		l.errorf(n, "", "rulebook.expected-number", n.Value)
		return 0
	}
	if v < lo || v > hi {
		l.errorf(n, "", "rulebook.out-range", v, lo, hi)
	}
	return v
}

func (l *loader) integer(n *yaml.Node, lo int) int {
	v, err := strconv.Atoi(n.Value)
	if n.Kind != yaml.ScalarNode || err != nil {
		l.errorf(n, "", "rulebook.expected-whole-number", n.Value)
		return 0
	}
	if v < lo {
		l.errorf(n, "", "rulebook.must-least", lo)
	}
	return v
}

func (l *loader) boolean(n *yaml.Node) bool {
	switch n.Value {
	case "true":
		return true
	case "false":
		return false
	}
	l.errorf(n, "", "rulebook.expected-true-false")
	return false
}

func (l *loader) role(n *yaml.Node) transcript.Role {
	switch v := l.str(n); v {
	case "agent":
		return transcript.Agent
	case "customer":
		return transcript.Customer
	case "any", "":
		return ""
	default:
		l.errorf(n, "可用：agent、customer、any", "rulebook.unknown-role", v)
		return ""
	}
}
