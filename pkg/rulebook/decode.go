package rulebook

import (
	"time"

	"gopkg.in/yaml.v3"

	"github.com/zhijian-qa/zhijian/pkg/rule"
	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

// decoder reads one rule's keys for its kind's Build (rule.Decoder), reporting problems
// at their line and column.
type decoder struct {
	c     *compiler
	s     *ruleSpec
	n     *yaml.Node // the rule
	depth int        // how deep in condition groups the rule sits
}

var _ rule.Decoder = (*decoder)(nil)

// node is key's value, nil when the rule does not give it.
func (d *decoder) node(key string) *yaml.Node {
	switch key {
	case "when":
		return d.s.when
	case "window":
		return d.s.window
	}
	return d.s.keys[key]
}

func (d *decoder) Has(key string) bool { return d.node(key) != nil }

func (d *decoder) Text(key string) string {
	if v := d.node(key); v != nil {
		return v.Value
	}
	return ""
}

func (d *decoder) Errorf(key, hint, msgKey string, args ...any) {
	at := d.node(key)
	if at == nil {
		at = d.n
	}
	d.c.errorf(at, hint, msgKey, args...)
}

func (d *decoder) Flag(key string, def bool) bool { return d.c.flag(d.node(key), def) }

func (d *decoder) Choice(key, hint string, choices ...string) string {
	return d.c.per(d.node(key), hint, choices...)
}

func (d *decoder) Int(key string, lo int) int { return d.c.integer(d.node(key), lo) }

func (d *decoder) Number(key string, lo, hi float64) float64 {
	return d.c.number(d.node(key), lo, hi)
}

func (d *decoder) Positive(key string, hi float64) float64 { return d.c.positive(d.node(key), hi) }

func (d *decoder) Seconds(key string, hi float64) time.Duration {
	return d.c.seconds(d.node(key), hi)
}

func (d *decoder) Phrases(key string) rule.Phrases {
	return d.c.phraseList(d.node(key), d.n, d.s.mode)
}

func (d *decoder) Steps(key string) []rule.Phrases { return d.c.steps(d.node(key), d.n, d.s.mode) }

func (d *decoder) Trigger(key string) (transcript.Role, rule.Phrases) {
	return d.c.trigger(d.node(key), d.n)
}

func (d *decoder) When(key string) rule.ReplySpec { return d.c.when(d.node(key), d.n) }

func (d *decoder) Conditions(key string, required func(name string) bool) map[string]rule.Said {
	out := map[string]rule.Said{}
	n := d.node(key)
	if n == nil {
		d.Errorf("", "例如 conditions: {asked: {role: customer, phrases: [多少钱]}}", "rulebook.missing", key)
		return out
	}
	d.c.fields(n, key+" ", func(name string, k, v *yaml.Node) {
		if required(name) {
			said := d.c.said(v, k, "trigger", "例如 {role: agent, phrases: [不知我是否将您的问题解释清楚了]}")
			out[name] = rule.Said{Role: said.Role, Phrases: said.Phrases}
			return
		}
		role, phrases := d.c.trigger(v, k)
		out[name] = rule.Said{Role: role, Phrases: phrases}
	})
	return out
}

func (d *decoder) Reply(key string) rule.ReplySpec {
	return d.c.reply(d.node(key), d.n)
}

func (d *decoder) Hold(key string, bounds bool) *rule.Hold {
	return d.c.hold(d.node(key), d.s.mode, bounds)
}

// Rules compiles a condition group's rules, one level deeper.
func (d *decoder) Rules(key string) []rule.Rule {
	c := d.c
	if d.depth >= maxConditionDepth {
		c.errorf(d.n, "", "rulebook.conditions-nested-too-deep", maxConditionDepth)
		return nil
	}
	rs := d.node(key)
	if rs == nil || rs.Kind != yaml.SequenceNode || len(rs.Content) == 0 {
		c.errorf(d.n, "在 rules 下列出只在该条件下检查的规则", "rulebook.condition-rules-need-list-rules")
		return nil
	}
	var out []rule.Rule
	path := c.path
	for _, rn := range rs.Content {
		if sub := c.rule(at{resolve(rn), path}, d.depth+1); sub != nil {
			out = append(out, sub)
		}
	}
	c.at(at{path: path})
	return out
}
