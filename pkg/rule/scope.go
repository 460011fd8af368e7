package rule

import (
	"sort"
	"time"

	"github.com/zhijian-qa/zhijian/pkg/match"
	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

// Window narrows a scope to the first or last turns of its role, or to the utterances
// starting in the first or last seconds of the call; zero means the whole call.
type Window struct {
	First, Last               int
	FirstSeconds, LastSeconds int
}

// timed reports whether the window needs timestamps.
func (w Window) timed() bool { return w.FirstSeconds > 0 || w.LastSeconds > 0 }

// Scope selects the utterances a rule looks at.
type Scope struct {
	Role   transcript.Role // "" for any
	Window Window
}

// indexes returns the indexes of the utterances in scope, in call order.
func (s Scope) indexes(c *Call) []int {
	idx := c.byRole(s.Role)
	if s.Window.timed() {
		idx = s.Window.bySeconds(c, idx)
	}
	if n := s.Window.First; n > 0 && len(idx) > n {
		idx = idx[:n]
	}
	if n := s.Window.Last; n > 0 && len(idx) > n {
		idx = idx[len(idx)-n:]
	}
	return idx
}

// applies reports whether the scope can be judged on c: a window in seconds cannot on a
// call without timestamps, so a rule that needs something said there does not fire.
func (s Scope) applies(c *Call) bool {
	if !s.Window.timed() {
		return true
	}
	for _, u := range c.Utterances {
		if !u.HasStart {
			return false
		}
	}
	return true
}

// bySeconds keeps the utterances that start within the window's seconds. A call without
// timestamps has no such utterances: the rule does not apply to it.
func (w Window) bySeconds(c *Call, idx []int) []int {
	var end time.Duration
	for _, u := range c.Utterances {
		if !u.HasStart {
			return nil
		}
		end = max(end, u.Start, u.End)
	}
	var out []int
	for _, i := range idx {
		st := c.Utterances[i].Start
		if (w.FirstSeconds > 0 && st <= time.Duration(w.FirstSeconds)*time.Second) ||
			(w.LastSeconds > 0 && st >= end-time.Duration(w.LastSeconds)*time.Second) {
			out = append(out, i)
		}
	}
	return out
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

// all returns every occurrence of the phrases in the utterances idx, in call order. Two
// phrases may cover the same words (我不懂，我不会 and 我不懂): the words count once,
// for the match that starts first, the longer of two that start together.
func (ps Phrases) all(c *Call, idx []int) []occurrence {
	var out []occurrence
	for _, i := range idx {
		var occ []occurrence
		for _, p := range ps {
			for _, sp := range p.FindAll(c.Texts[i]) {
				occ = append(occ, occurrence{i, sp})
			}
		}
		sort.Slice(occ, func(a, b int) bool {
			if occ[a].span.Start != occ[b].span.Start {
				return occ[a].span.Start < occ[b].span.Start
			}
			return occ[a].span.End > occ[b].span.End
		})
		end := -1
		for _, o := range occ {
			if o.span.Start >= end {
				out = append(out, o)
				end = o.span.End
			}
		}
	}
	return out
}

func (c *Call) finding(m *Meta, o occurrence) Finding {
	return Finding{Rule: m, Utterance: &c.Utterances[o.index], Match: c.Texts[o.index].Source(o.span.Start, o.span.End)}
}
