package rulebook

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

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

// text is a string a report shows its reader: a rulebook's name, version or description,
// a rule's message or section, a scorecard's names. A control character in it (an
// escape sequence, a line break) went into the text report as it was: it recoloured the
// QA reader's terminal, moved its cursor, or began a line that looked like a finding of
// its own. A block scalar's last line end is not part of the text.
func (l *loader) text(n *yaml.Node) string {
	s := strings.TrimRight(l.str(n), "\r\n")
	if i := strings.IndexFunc(s, controlChar); i >= 0 {
		r, _ := utf8.DecodeRuneInString(s[i:])
		l.errorf(n, "写成一行，不用控制字符", "rulebook.control-character", utf8.RuneCountInString(s[:i])+1, fmt.Sprintf("U+%04X", r))
	}
	return s
}

// controlChar is what report.Printable escapes on a terminal: C0 controls but tab, DEL,
// the C1 controls and the bidirectional overrides.
func controlChar(r rune) bool {
	return r < 0x20 && r != '\t' || 0x7f <= r && r < 0xa0 ||
		0x202a <= r && r <= 0x202e || 0x2066 <= r && r <= 0x2069
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
	case "other":
		// neither side: an IVR announcing the job number, a colleague on a transfer
		return transcript.Unknown
	case "any", "":
		return ""
	default:
		l.errorf(n, "可用：agent、customer、other、any", "rulebook.unknown-role", v)
		return ""
	}
}
