package catalog

import (
	"maps"
	"slices"
	"strings"

	"github.com/zhijian-qa/zhijian/pkg/match"
	"github.com/zhijian-qa/zhijian/pkg/msg"
	"github.com/zhijian-qa/zhijian/pkg/rule"
	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

// Field is one line of a rule's description: a label and its value in words.
type Field struct {
	Label, Value string
}

// RoleWords says a role in Chinese and English.
func RoleWords(r transcript.Role) string { return rule.RoleWords(r) }

// Describe lists what a rule checks, in words, in the order a reader needs it.
func Describe(e Entry) []Field {
	r := e.Rule
	m := r.Meta()
	var out []Field
	add := func(label, value string) {
		if value != "" {
			out = append(out, Field{label, value})
		}
	}
	doc := ""
	if k := rule.KindNamed(m.Kind); k != nil {
		doc = k.Doc
	}
	add("类型 kind", m.Kind+" — "+doc)
	if d, ok := r.(rule.Described); ok {
		d.Describe(add)
	}
	if m.Kind == "condition" && m.MaxDeduct > 0 {
		add("扣分 deduct", msg.Sprintf("catalog.group-most-call", m.MaxDeduct))
	}
	if m.Kind != "condition" {
		d := msg.Sprintf("catalog.per-finding", m.Deduct)
		if m.MaxDeduct > 0 {
			d += msg.Sprintf("catalog.most-call", m.MaxDeduct)
		}
		if m.Fatal {
			d += msg.Sprintf("catalog.fatal-call-fails")
		}
		add("扣分 deduct", d)
		add("严重程度 severity", string(m.Severity))
	}
	if g := e.Group; g != nil {
		add("所属条件组 group", g.M.ID+msg.Sprintf("catalog.only-calls-where-its-condition"))
	}
	for _, c := range []*rule.Condition{e.Group, e.Own} {
		if c == nil {
			continue
		}
		if w := unlessWords(c); w != "" {
			add("不适用 unless", w)
		}
		if w := AppliesWords(c.Applies); w != "" {
			add("适用 applies", w)
		}
	}
	add("依据 source", m.Source)
	add("规则手册 file", m.File)
	return out
}

// ModeWords says a phrase's match mode when it is not the default.
func ModeWords(p *match.Pattern) string {
	switch p.Mode {
	case match.Chars:
		return "match: chars（任意位置）"
	case match.Utterance:
		return "match: utterance（须是整句）"
	}
	return ""
}

// AppliesWords says which calls a group or a route is limited to, by metadata and date.
func AppliesWords(a rule.Applies) string { return AppliesIn(msg.Current(), a) }

// AppliesIn is AppliesWords in language l.
func AppliesIn(l msg.Lang, a rule.Applies) string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(a.Metadata)) {
		parts = append(parts, l.Sprintf("catalog.applies-calls-whose", k, strings.Join(a.Metadata[k], "、")))
	}
	if a.From != "" || a.Until != "" {
		from, until := a.From, a.Until
		if from == "" {
			from = "…"
		}
		if until == "" {
			until = "…"
		}
		parts = append(parts, l.Sprintf("catalog.applies-dates", from, until))
	}
	return strings.Join(parts, "；")
}

// unlessWords says which calls a group leaves alone.
func unlessWords(g *rule.Condition) string {
	var parts []string
	if g.Unless != nil {
		parts = append(parts, RoleWords(g.UnlessRole)+msg.Sprintf("catalog.calls-where-this-role-says"))
	}
	for _, k := range slices.Sorted(maps.Keys(g.UnlessMeta)) {
		parts = append(parts, msg.Sprintf("catalog.calls-whose", k, strings.Join(g.UnlessMeta[k], "、"), strings.Join(g.UnlessMeta[k], ", ")))
	}
	return strings.Join(parts, "；")
}
