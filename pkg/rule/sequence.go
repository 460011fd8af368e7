package rule

import (
	"fmt"
	"github.com/zhijian-qa/zhijian/pkg/match"
	"github.com/zhijian-qa/zhijian/pkg/msg"
	"strconv"
)

// Sequence fires when a step is said before a step that should precede it. Steps never
// said are skipped (reporting them is a Required rule's job, so a missing step costs its
// points once); the steps that were said must appear in order. One finding per call, at
// the earliest out-of-order step. With Split, a step said across two utterances of one
// speaker counts too (robust.go).
type Sequence struct {
	M     Meta
	Scope Scope
	Steps []Phrases
	Split bool
}

func (r *Sequence) Meta() *Meta { return &r.M }

func (r *Sequence) Check(c *Call) []Finding {
	idx := r.Scope.indexes(c)
	var prev, worst occurrence
	havePrev, bad := false, false
	for _, step := range r.Steps {
		cur, ok := step.first(c, idx)
		if !ok && r.Split {
			cur, ok = step.firstSplit(c, idx)
		}
		if !ok {
			continue
		}
		if havePrev && !prev.before(cur) && (!bad || cur.before(worst)) {
			worst, bad = cur, true
		}
		// Later steps must follow the latest step said so far.
		if !havePrev || prev.before(cur) {
			prev, havePrev = cur, true
		}
	}
	if !bad {
		return nil
	}
	return []Finding{c.finding(&r.M, worst)}
}

// SequenceKind is the record of sequence rules.
var SequenceKind = &Kind{
	Name:     "sequence",
	Doc:      msg.Sprintf("rule.steps-said-must-come-order"),
	Keys:     []string{"steps", "fuzzy", "split"},
	Required: []string{"steps", "message"},
	Fuzzy:    match.Fillers,
	Build: func(d Decoder, m Meta, s Scope) Rule {
		return &Sequence{M: m, Scope: s, Steps: d.Steps("steps"), Split: d.Flag("split", true)}
	},
	Example: "{id: order, kind: sequence, role: agent, steps: [{phrases: [您好]}, {phrases: [再见]}], message: 顺序不对}",
}

func (r *Sequence) Uses() []Use {
	out := make([]Use, 0, len(r.Steps))
	for i, s := range r.Steps {
		out = append(out, Use{fmt.Sprintf("steps[%d]", i+1), r.Scope.Role, WantSaid, s})
	}
	return r.Scope.uses(out...)
}

func (r *Sequence) Describe(add func(label, value string)) {
	describeScope(r.Scope, add)
	add("步骤 steps", strconv.Itoa(len(r.Steps)))
}

func (r *Sequence) Strict() { r.Split = false }
