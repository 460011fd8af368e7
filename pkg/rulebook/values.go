package rulebook

import (
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
		l.errorf(n, "", "%s应为“键: 值”映射 / expected a mapping", what)
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], resolve(n.Content[i+1])
		if seen[k.Value] {
			l.errorf(k, "", "重复的字段 %q / duplicate key %q", k.Value, k.Value)
			continue
		}
		seen[k.Value] = true
		f(k.Value, k, v)
	}
}

func (l *loader) unknown(k *yaml.Node, allowed string) {
	l.errorf(k, "可用字段："+allowed, "未知字段 %q / unknown key %q", k.Value, k.Value)
}

func (l *loader) str(n *yaml.Node) string {
	if n.Kind != yaml.ScalarNode {
		l.errorf(n, "", "应为文字 / expected a string")
		return ""
	}
	return n.Value
}

func (l *loader) number(n *yaml.Node, lo, hi float64) float64 {
	v, err := strconv.ParseFloat(n.Value, 64)
	if n.Kind != yaml.ScalarNode || err != nil {
		l.errorf(n, "", "应为数字，而不是 %q / expected a number", n.Value)
		return 0
	}
	if v < lo || v > hi {
		l.errorf(n, "", "%v 超出范围 %v–%v / out of range", v, lo, hi)
	}
	return v
}

func (l *loader) integer(n *yaml.Node, lo int) int {
	v, err := strconv.Atoi(n.Value)
	if n.Kind != yaml.ScalarNode || err != nil {
		l.errorf(n, "", "应为整数，而不是 %q / expected a whole number", n.Value)
		return 0
	}
	if v < lo {
		l.errorf(n, "", "应不小于 %d / must be at least %d", lo, lo)
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
	l.errorf(n, "", "应为 true 或 false / expected true or false")
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
		l.errorf(n, "可用：agent、customer、any", "未知角色 %q / unknown role %q", v, v)
		return ""
	}
}
