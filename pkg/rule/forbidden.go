package rule

import (
	"github.com/zhijian-qa/zhijian/pkg/match"
	"github.com/zhijian-qa/zhijian/pkg/msg"
)

// Forbidden fires once for every occurrence of any of its phrases in its scope. With
// Split, a phrase said across two utterances of one speaker counts too (robust.go); with
// Guard, an occurrence that is negated or quoted (我们绝不会说“我也没办法”) does not count
// (guard.go) and becomes a note. With PerUtterance, an utterance counts once however many
// of the phrases it holds: a rude sentence said in several of the listed ways (没戏，你再打
// 几次也办不成) is one 禁语, as an inspector marks it.
type Forbidden struct {
	M            Meta
	Scope        Scope
	Phrases      Phrases
	Split        bool
	Guard        bool
	PerUtterance bool
}

func (r *Forbidden) Meta() *Meta { return &r.M }

func (r *Forbidden) Check(c *Call) []Finding {
	idx := r.Scope.indexes(c)
	occ := r.Phrases.all(c, idx)
	if r.Split {
		occ = append(occ, r.Phrases.allSplit(c, idx)...)
		sortOccurrences(occ)
	}
	out := make([]Finding, 0, len(occ))
	last := -1 // PerUtterance: the utterance of the last finding
	// What a text disowns is the same for every occurrence in it: found once per text.
	// (Found for each, an utterance of 10,000 characters repeating a 禁语 two thousand
	// times took two seconds; a transcript of them, minutes.)
	var g guard
	// A negated phrase is noted once per text: each note quotes the whole utterance, and
	// an utterance of 10,000 characters repeating 不会说我也没办法 1,250 times wrote
	// 38 MB of notes into the report (2.9 GB for a transcript of them).
	type noteKey struct {
		text  *match.Text
		match string
	}
	noted := map[noteKey]bool{}
	for _, o := range occ {
		t := o.text
		if t == nil {
			t = c.Texts[o.index]
		}
		if r.Guard && g.guarded(t, o.span) {
			n := c.finding(&r.M, o)
			if k := (noteKey{t, n.Match}); !noted[k] {
				noted[k] = true
				n.Fuzzy = Negated
				c.Notes = append(c.Notes, n)
			}
			continue
		}
		if r.PerUtterance && o.index == last {
			continue
		}
		last = o.index
		out = append(out, c.finding(&r.M, o))
	}
	return out
}

// ForbiddenKind is the record of forbidden rules.
var ForbiddenKind = &Kind{
	Name:     "forbidden",
	Doc:      msg.Sprintf("rule.finding-every-time-one-phrases"),
	Keys:     []string{"phrases", "fuzzy", "split", "guard", "per"},
	Required: []string{"phrases", "message"},
	Fuzzy:    match.Fillers,
	Build: func(d Decoder, m Meta, s Scope) Rule {
		r := &Forbidden{M: m, Scope: s, Phrases: d.Phrases("phrases"), Split: d.Flag("split", true), Guard: d.Flag("guard", true)}
		r.PerUtterance = d.Choice("per", "可用：occurrence（每次出现，默认）、utterance（每句最多一条）", "occurrence", "utterance") == "utterance"
		return r
	},
	Schema:  `{"properties": {"per": {"enum": ["occurrence", "utterance"]}}}`,
	Example: "{id: rude, kind: forbidden, role: agent, phrases: [我也没办法], message: 禁语}",
}

func (r *Forbidden) Uses() []Use {
	return r.Scope.uses(Use{"phrases", r.Scope.Role, WantUnsaid, r.Phrases})
}

func (r *Forbidden) Describe(add func(label, value string)) {
	describeScope(r.Scope, add)
	if r.PerUtterance {
		add("计次 per", msg.Sprintf("rule.most-one-finding-per-utterance"))
	}
}

func (r *Forbidden) Strict() { r.Split, r.Guard = false, false }
