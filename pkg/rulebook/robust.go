package rulebook

import (
	"gopkg.in/yaml.v3"

	"github.com/zhijian-qa/zhijian/pkg/match"
	"github.com/zhijian-qa/zhijian/pkg/rule"
)

// Tolerant matching settings (docs/rulebook.md, 容错匹配): fuzzy per phrase, per rule
// and per rulebook; fillers per rulebook; split and guard per rule.

// fuzzySetting is a fuzzy value and whether it was given.
type fuzzySetting struct {
	fuzzy match.Fuzzy
	set   bool
}

// fuzzy parses a fuzzy value: none, fillers or pinyin.
func (l *loader) fuzzy(v *yaml.Node) fuzzySetting {
	f, err := match.ParseFuzzy(l.str(v))
	if err != nil {
		l.problem(v, "none 只按原文；fillers 跳过语气词与重复字；pinyin 再按拼音（同音字）", err.Error())
	}
	return fuzzySetting{f, true}
}

// fillerList parses a rulebook's fillers: a list of words, possibly empty.
func (l *loader) fillerList(v *yaml.Node) []string {
	if v.Kind != yaml.SequenceNode {
		l.errorf(v, "例如 fillers: [嗯, 啊, 呃, 那个, 就是]；不跳过任何语气词写 fillers: []", "rulebook.fillers-must-list")
		return nil
	}
	out := []string{}
	for _, item := range v.Content {
		if s := l.str(resolve(item)); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// ruleFuzzy is the fuzzy of a rule's phrases: the rule's own, else the rulebook's, else
// its kind's (rule.Kind.Fuzzy) — pinyin for required rules (a greeting heard as 少等 was
// still said), fillers for forbidden, sequence, response and condition rules, none for
// count rules (they count words, 你 or 那个, that fillers cannot hide). Timing rules match
// the phrases that mark a wait as written whatever the rulebook says.
func (c *compiler) ruleFuzzy(s *ruleSpec) match.Fuzzy {
	k := rule.KindNamed(s.meta.Kind)
	switch {
	case s.fuzzy.set:
		return s.fuzzy.fuzzy
	case k != nil && k.Timing:
		return match.Exact
	case c.book.fuzzy.set:
		return c.book.fuzzy.fuzzy
	case k != nil:
		return k.Fuzzy
	}
	return match.Fillers
}

// flag parses an optional boolean, def when absent.
func (l *loader) flag(v *yaml.Node, def bool) bool {
	if v == nil {
		return def
	}
	return l.boolean(v)
}

// triggerFuzzy makes a trigger (a condition's when, a response's trigger) exact while it
// is compiled, unless the rulebook or the rule asks otherwise, and returns what puts the
// rule's fuzzy back. A trigger is looked for in every utterance, it is mostly one short
// word (谢谢, 投诉, 稍等) that a filler does not interrupt, and whether rules apply at all is
// not decided by sound.
func (c *compiler) triggerFuzzy() func() {
	prev := c.curFuzzy
	switch {
	case c.fuzzyAsked:
		if prev == match.Pinyin {
			c.curFuzzy = match.Fillers
		}
	default:
		c.curFuzzy = match.Exact
	}
	return func() { c.curFuzzy = prev }
}
