package catalog

import (
	"github.com/zhijian-qa/zhijian/pkg/match"
	"github.com/zhijian-qa/zhijian/pkg/rule"
	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

// Entry is one rule of a rulebook. Top is the top-level rule that runs it (itself, or
// the condition group it belongs to); Group is that group, nil at the top level; Own is
// the condition of one its own when: or unless: makes of a single rule.
type Entry struct {
	Rule  rule.Rule
	Top   rule.Rule
	Group *rule.Condition
	Own   *rule.Condition
}

// Walk lists every rule, nested ones after their group, in rulebook order. A single rule
// with when: (a condition of one that takes the rule's own id) is listed once, as itself.
func Walk(rules []rule.Rule) []Entry {
	var out []Entry
	var walk func(top rule.Rule, group, own *rule.Condition, rs []rule.Rule)
	walk = func(top rule.Rule, group, own *rule.Condition, rs []rule.Rule) {
		for _, r := range rs {
			t := top
			if t == nil {
				t = r
			}
			if c, ok := r.(*rule.Condition); ok {
				if c.M.Kind == "condition" {
					out = append(out, Entry{Rule: r, Top: t, Group: group, Own: own})
					walk(t, c, nil, c.Rules)
				} else {
					walk(t, group, c, c.Rules) // when: or unless: on a single rule
				}
				continue
			}
			out = append(out, Entry{Rule: r, Top: t, Group: group, Own: own})
		}
	}
	walk(nil, nil, nil, rules)
	return out
}

// Find returns the entry of the rule with id, nested ones included.
func Find(rules []rule.Rule, id string) (Entry, bool) {
	for _, e := range Walk(rules) {
		if e.Rule.Meta().ID == id {
			return e, true
		}
	}
	return Entry{}, false
}

// Use is a phrase a rule uses: Part says for what (phrases, steps[2], trigger, reply,
// when, hold, thanks, ignore), Role who must say it ("" for anyone), and Want how the
// rule takes it: Required (must be said), Forbidden (must not), or Other (a trigger, a
// condition, a count).
type Use struct {
	Rule    *rule.Meta
	Part    string
	Role    transcript.Role
	Want    Want
	Pattern *match.Pattern
}

// Want is how a rule takes a phrase.
type Want = rule.Want

const (
	Other     = rule.WantOther
	Required  = rule.WantSaid
	Forbidden = rule.WantUnsaid
)

// Uses lists every phrase of the rule r itself (not of the rules a group holds), as its
// kind lists them (rule.Described).
func Uses(r rule.Rule) []Use {
	var out []Use
	for _, u := range rule.UsesOf(r) {
		for _, p := range u.Phrases {
			out = append(out, Use{Rule: r.Meta(), Part: u.Part, Role: u.Role, Want: u.Want, Pattern: p})
		}
	}
	return out
}

// AllUses lists the phrases of every rule, nested ones included, in rulebook order.
func AllUses(rules []rule.Rule) []Use {
	var out []Use
	for _, e := range Walk(rules) {
		out = append(out, Uses(e.Rule)...)
	}
	// A single rule with when: hides its condition: list the condition's phrases too.
	var hidden func(rs []rule.Rule)
	hidden = func(rs []rule.Rule) {
		for _, r := range rs {
			if c, ok := r.(*rule.Condition); ok {
				if c.M.Kind != "condition" {
					for _, u := range Uses(c) {
						u.Rule = c.Rules[0].Meta()
						out = append(out, u)
					}
				}
				hidden(c.Rules)
			}
		}
	}
	hidden(rules)
	return out
}

// RoleName is a role as a rulebook writes it.
func RoleName(r transcript.Role) string {
	if r == "" {
		return "any"
	}
	return string(r)
}
