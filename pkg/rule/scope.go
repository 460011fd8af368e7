package rule

import (
	"github.com/zhijian-qa/zhijian/pkg/match"
	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

// Window narrows a scope to the first or last turns of its role; zero means the whole
// call.
type Window struct {
	First, Last int
}

// Scope selects the utterances a rule looks at.
type Scope struct {
	Role   transcript.Role // "" for any
	Window Window
}

// indexes returns the indexes of the utterances in scope, in call order.
func (s Scope) indexes(c *Call) []int {
	var idx []int
	for i, u := range c.Utterances {
		if s.Role == "" || u.Role == s.Role {
			idx = append(idx, i)
		}
	}
	if n := s.Window.First; n > 0 && len(idx) > n {
		idx = idx[:n]
	}
	if n := s.Window.Last; n > 0 && len(idx) > n {
		idx = idx[len(idx)-n:]
	}
	return idx
}

// Phrases is a compiled phrase list: a match of any one counts.
type Phrases []*match.Pattern

// occurrence is a phrase found in an utterance.
type occurrence struct {
	index int // utterance index
	span  match.Span
}

// before orders occurrences by position in the call.
func (o occurrence) before(p occurrence) bool {
	if o.index != p.index {
		return o.index < p.index
	}
	return o.span.Start < p.span.Start
}

// first returns the earliest occurrence of any phrase within the utterances idx.
func (ps Phrases) first(c *Call, idx []int) (occurrence, bool) {
	for _, i := range idx {
		var best match.Span
		found := false
		for _, p := range ps {
			if sp, ok := p.Find(c.Texts[i]); ok && (!found || sp.Start < best.Start) {
				best, found = sp, true
			}
		}
		if found {
			return occurrence{i, best}, true
		}
	}
	return occurrence{}, false
}

func (c *Call) finding(m *Meta, o occurrence) Finding {
	return Finding{Rule: m, Utterance: &c.Utterances[o.index], Match: c.Texts[o.index].Source(o.span.Start, o.span.End)}
}
