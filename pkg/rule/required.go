package rule

import (
	"github.com/zhijian-qa/zhijian/pkg/match"
	"github.com/zhijian-qa/zhijian/pkg/msg"
)

// Required fires once when none of its phrases occurs in its scope. With Split, a phrase
// that speech recognition cut into two utterances of one speaker also counts (robust.go).
type Required struct {
	M       Meta
	Scope   Scope
	Phrases Phrases
	Split   bool
}

func (r *Required) Meta() *Meta { return &r.M }

func (r *Required) Check(c *Call) []Finding {
	if !r.Scope.applies(c) {
		return nil
	}
	idx := r.Scope.indexes(c)
	if o, ok := r.find(c, idx); ok {
		if o.fuzzy != "" {
			c.Notes = append(c.Notes, c.finding(&r.M, o))
		}
		return nil
	}
	f := Finding{Rule: &r.M}
	// A step the whole call lacks has no place: it was not said in this call. (Under a
	// condition it points at what set the condition off: Condition.Check.)
	if len(idx) > 0 && r.Scope.Window != (Window{}) {
		// Point at the window where the phrase was expected: its first utterance for a
		// "first N" window, its last for a "last N" one.
		at := idx[0]
		if r.Scope.Window.Last > 0 {
			at = idx[len(idx)-1]
		}
		f.Utterance, f.Due = &c.Utterances[at], true
	}
	return []Finding{f}
}

// find looks for the phrases in the utterances idx, then across two of them.
func (r *Required) find(c *Call, idx []int) (occurrence, bool) {
	if o, ok := r.Phrases.present(c, idx); ok {
		return o, true
	}
	if r.Split {
		return r.Phrases.firstSplit(c, idx)
	}
	return occurrence{}, false
}

// RequiredKind is the record of required rules.
var RequiredKind = &Kind{
	Name:     "required",
	Doc:      msg.Sprintf("rule.one-phrases-must-said-finding"),
	Keys:     []string{"phrases", "fuzzy", "split"},
	Required: []string{"phrases", "message"},
	// A greeting heard as 少等 was still said: homophones count.
	Fuzzy: match.Pinyin,
	Build: func(d Decoder, m Meta, s Scope) Rule {
		return &Required{M: m, Scope: s, Phrases: d.Phrases("phrases"), Split: d.Flag("split", true)}
	},
	Example: "{id: greet, kind: required, role: agent, window: {first: 1}, phrases: [您好], message: 未问候}",
}

func (r *Required) Uses() []Use {
	return r.Scope.uses(Use{"phrases", r.Scope.Role, WantSaid, r.Phrases})
}

func (r *Required) Describe(add func(label, value string)) { describeScope(r.Scope, add) }

func (r *Required) Strict() { r.Split = false }
