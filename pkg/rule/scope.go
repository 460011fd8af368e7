package rule

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/zhijian-qa/zhijian/pkg/match"
	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

// Window narrows a scope to the first or last turns of its role, to its utterances From
// the a-th To the b-th (1-based; -1 is the last), to the first or last percent of them,
// or to the utterances starting in the first or last seconds of the call; zero means
// the whole call.
type Window struct {
	First, Last               int
	From, To                  int
	FirstPercent, LastPercent int
	FirstSeconds, LastSeconds int
	// Around narrows the scope to the utterances near the Nth time another condition
	// was said; nil for none.
	Around *Around
}

// Around is a context window: the utterances from Before before to After after the Nth
// utterance (1-based; -1 the last) in which Role says one of Phrases. A call where the
// condition is said fewer times has nothing in the window.
type Around struct {
	Role          transcript.Role
	Phrases       Phrases
	Nth           int
	Before, After int
}

// timed reports whether the window needs timestamps.
func (w Window) timed() bool { return w.FirstSeconds > 0 || w.LastSeconds > 0 }

// set says whether the window narrows the call at all.
func (w Window) set() bool {
	return w.First > 0 || w.Last > 0 || w.From != 0 || w.To != 0 || w.FirstPercent > 0 || w.LastPercent > 0 ||
		w.Around != nil || w.timed()
}

// atStart and atEnd say whether the window needs the call's opening or its end.
func (w Window) atStart() bool {
	return w.First > 0 || w.FirstSeconds > 0 || w.From > 0 || w.FirstPercent > 0
}
func (w Window) atEnd() bool {
	return w.Last > 0 || w.LastSeconds > 0 || w.To < 0 || w.From < 0 || w.LastPercent > 0
}

// Scope selects the utterances a rule looks at.
type Scope struct {
	Role   transcript.Role // "" for any
	Window Window
}

// uses is a rule's phrase lists: its own, then its window's around condition, which
// lint and explain must see like any other.
func (s Scope) uses(own ...Use) []Use {
	if a := s.Window.Around; a != nil {
		own = append(own, Use{"window.around", a.Role, WantOther, a.Phrases})
	}
	return own
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
	if w := s.Window; w.From != 0 || w.To != 0 {
		n := len(idx)
		at := func(k int) int { // 1-based from the start, or from the end when negative
			if k < 0 {
				return n + k
			}
			return k - 1
		}
		lo, hi := 0, n-1
		if w.From != 0 {
			lo = max(at(w.From), 0)
		}
		if w.To != 0 {
			hi = min(at(w.To), n-1)
		}
		if lo > hi {
			return nil
		}
		idx = idx[lo : hi+1]
	}
	if p := s.Window.FirstPercent; p > 0 {
		idx = idx[:(len(idx)*p+99)/100]
	}
	if p := s.Window.LastPercent; p > 0 {
		idx = idx[len(idx)-(len(idx)*p+99)/100:]
	}
	if a := s.Window.Around; a != nil {
		idx = a.narrow(c, idx)
	}
	return idx
}

// hit is the index of the utterance of the Nth hit, -1 when there is none.
func (a *Around) hit(c *Call) int {
	var hits []int
	for _, i := range c.byRole(a.Role) {
		if _, ok := a.Phrases.first(c, []int{i}); ok {
			hits = append(hits, i)
		}
	}
	k := a.Nth - 1
	if a.Nth < 0 {
		k = len(hits) + a.Nth
	}
	if k < 0 || k >= len(hits) {
		return -1
	}
	return hits[k]
}

// narrow keeps the indexes of idx within the window around the Nth hit.
func (a *Around) narrow(c *Call, idx []int) []int {
	h := a.hit(c)
	if h < 0 {
		return nil
	}
	lo, hi := h-a.Before, h+a.After
	var out []int
	for _, i := range idx {
		if i >= lo && i <= hi {
			out = append(out, i)
		}
	}
	return out
}

// applies reports whether the scope can be judged on c: a window in seconds cannot on a
// call without timestamps, so a rule that needs something said there does not fire.
func (s Scope) applies(c *Call) bool {
	// The opening or the end of a call is judged only on a transcript that holds it.
	if s.Window.atStart() && TruncatedStart(c.Call) || s.Window.atEnd() && TruncatedEnd(c.Call) {
		return false
	}
	// A window around something never said (that often) has nothing to judge.
	if a := s.Window.Around; a != nil && a.hit(c) < 0 {
		return false
	}
	if !s.Window.timed() {
		return true
	}
	for ui := range c.Utterances {
		u := &c.Utterances[ui] // not a copy of each utterance
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
	for ui := range c.Utterances {
		u := &c.Utterances[ui] // not a copy of each utterance
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
	// phrase is the pattern found and fuzzy how (robust.go); text, when set, is the text
	// span is in (two utterances joined), else the utterance's.
	phrase *match.Pattern
	fuzzy  string
	text   *match.Text
}

// before orders occurrences by position in the call.
func (o occurrence) before(p occurrence) bool {
	if o.index != p.index {
		return o.index < p.index
	}
	return o.span.Start < p.span.Start
}

// first returns the earliest occurrence of any phrase within the utterances idx.
//
// Phrases as written come first: only when none occurs anywhere in idx are the tolerant
// tiers tried (robust.go), so a phrase said plainly later wins over a homophone earlier,
// and a call that says its phrases costs no tolerant matching.
func (ps Phrases) first(c *Call, idx []int) (occurrence, bool) {
	return ps.firstOf(c, idx, true)
}

// present finds an occurrence as first does, but tries the meaning items only when no
// phrase occurs anywhere in idx: a rule that asks whether something was said at all (a
// required step) need not score a model on every utterance up to where a phrase was
// said. (A trigger wants the earliest occurrence of either: first.)
func (ps Phrases) present(c *Call, idx []int) (occurrence, bool) {
	if o, ok := ps.firstOf(c, idx, false); ok {
		return o, true
	}
	for _, i := range idx {
		for _, p := range ps {
			if !p.Meaning() {
				continue
			}
			if sp, ok := p.Find(c.Texts[i]); ok && (!p.Composite() || c.counts(p, i, c.Texts[i])) {
				return occurrence{index: i, span: sp, phrase: p}, true
			}
		}
	}
	return occurrence{}, false
}

// firstOf is first, with the meaning items or without them.
func (ps Phrases) firstOf(c *Call, idx []int, meaning bool) (occurrence, bool) {
	list := match.ListOf(ps)
	if list != nil && len(idx) == 1 && list.Next(ps, c.Texts, idx, 0, true) == 1 {
		// One utterance (a rule asking utterance by utterance, two hundred times a
		// call): a list with no candidate in it by any tier is told by one ask.
		return occurrence{}, false
	}
	cands := make([]int, 0, 16) // on the stack: Candidates only appends to it
	for _, tolerant := range [2]bool{false, true} {
		for k := 0; k < len(idx); k++ {
			if list != nil {
				if k = list.Next(ps, c.Texts, idx, k, tolerant); k == len(idx) {
					break
				}
			}
			i := idx[k]
			t := c.Texts[i]
			var best occurrence
			found := false
			cands = ps.candidates(list, t, tolerant, cands)
			for _, j := range cands {
				p := ps[j]
				if !meaning && p.Meaning() {
					continue
				}
				h, ok := tierFind(p, t, tolerant)
				if ok && (!found || outranks(p, h.Start, best)) && (!p.Composite() || c.counts(p, i, t)) {
					best, found = occurrence{index: i, span: h.Span, phrase: p, fuzzy: string(h.Fuzzy)}, true
				}
			}
			if found {
				return best, true
			}
		}
	}
	return occurrence{}, false
}

// next returns the least k at or after from such that first may find a phrase of ps in
// the utterance idx[k] (by any tier), len(idx) when none: from itself without a list.
func (ps Phrases) next(c *Call, idx []int, from int) int {
	if list := match.ListOf(ps); list != nil {
		return list.Next(ps, c.Texts, idx, from, true)
	}
	return from
}

// tierFind finds p in t by the exact tier or, tolerant, by the tolerant tiers, when it
// may occur there by them. (Calls, not a table of functions: a rule asks first some
// seven hundred times a call.)
func tierFind(p *match.Pattern, t *match.Text, tolerant bool) (match.Hit, bool) {
	if tolerant {
		if !p.MayOccurTolerant(t) {
			return match.Hit{}, false
		}
		return p.FindTolerant(t)
	}
	if !p.MayOccur(t) {
		return match.Hit{}, false
	}
	return exactHit(p, t)
}

// outranks says whether a hit of p at start is the better evidence in an utterance
// than best: a phrase's words over a meaning item's whole utterance (the model judged
// the utterance, the phrase says which words), then the earlier.
func outranks(p *match.Pattern, start int, best occurrence) bool {
	if p.Meaning() != best.phrase.Meaning() {
		return !p.Meaning()
	}
	return start < best.span.Start
}

// candidates returns into buf the indexes of the phrases worth trying in t, ascending:
// those list (the compiled list of ps, or nil) says may occur, by the exact tier or by any
// with tolerant; every index without a list.
func (ps Phrases) candidates(list *match.List, t *match.Text, tolerant bool, buf []int) []int {
	if list != nil {
		return list.Candidates(ps, t, tolerant, buf[:0])
	}
	buf = buf[:0]
	for j := range ps {
		buf = append(buf, j)
	}
	return buf
}

// mayOccur reports whether p may match t by any tier.
func mayOccur(p *match.Pattern, t *match.Text) bool {
	return p.MayOccur(t) || p.MayOccurTolerant(t)
}

func exactHit(p *match.Pattern, t *match.Text) (match.Hit, bool) {
	sp, ok := p.Find(t)
	return match.Hit{Span: sp}, ok
}

// all returns every occurrence of the phrases in the utterances idx, in call order. Two
// phrases may cover the same words (我不懂，我不会 and 我不懂): the words count once,
// for the match that starts first, the longer of two that start together.
func (ps Phrases) all(c *Call, idx []int) []occurrence {
	var out []occurrence
	list := match.ListOf(ps)
	cands := make([]int, 0, 16) // on the stack: Candidates only appends to it
	var occ []occurrence        // one utterance's, reused
	var hits []match.Hit        // one search's, reused
	for k := 0; k < len(idx); k++ {
		if list != nil {
			if k = list.Next(ps, c.Texts, idx, k, true); k == len(idx) {
				break
			}
		}
		i := idx[k]
		occ = occ[:0]
		cands = ps.candidates(list, c.Texts[i], true, cands)
		for _, j := range cands {
			p := ps[j]
			if !mayOccur(p, c.Texts[i]) {
				continue
			}
			// The other parts and exceptions are looked for only where p matched.
			hits = p.FindAllRobustInto(hits, c.Texts[i])
			if len(hits) == 0 || p.Composite() && !c.counts(p, i, c.Texts[i]) {
				continue
			}
			for _, h := range hits {
				occ = append(occ, occurrence{index: i, span: h.Span, phrase: p, fuzzy: string(h.Fuzzy)})
			}
		}
		occ = phrasesOverMeaning(occ)
		if len(occ) > 1 {
			// The same pdqsort as sort.Slice, so ties keep the order they had.
			slices.SortFunc(occ, func(a, b occurrence) int {
				if a.span.Start != b.span.Start {
					return cmp.Compare(a.span.Start, b.span.Start)
				}
				return cmp.Compare(b.span.End, a.span.End)
			})
		}
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

// phrasesOverMeaning drops the meaning items' occurrences of an utterance where a
// phrase occurs in it: the phrase says which words (see outranks).
func phrasesOverMeaning(occ []occurrence) []occurrence {
	phrase, meaning := false, false
	for _, o := range occ {
		if o.phrase.Meaning() {
			meaning = true
		} else {
			phrase = true
		}
	}
	if !phrase || !meaning {
		return occ
	}
	return slices.DeleteFunc(occ, func(o occurrence) bool { return o.phrase.Meaning() })
}

func (c *Call) finding(m *Meta, o occurrence) Finding {
	t := o.text
	if t == nil {
		t = c.Texts[o.index]
	}
	f := Finding{Rule: m, Utterance: &c.Utterances[o.index], Match: t.Source(o.span.Start, o.span.End), Fuzzy: o.fuzzy}
	if o.phrase != nil {
		f.Phrase = o.phrase.Source
	}
	if u := f.Utterance; o.text == nil && len(u.Breaks) > 0 && t.Orig == u.Text {
		if line := u.LineAt(t.SourceStart(o.span.Start)); line != u.Line {
			f.Line = line
		}
	}
	return f
}

// MidCallStart is how late a transcript's first utterance may start and still be taken
// for the start of the call: an export that begins later was cut from a longer recording.
const MidCallStart = 30 * time.Second

// TruncatedStart reports whether c's transcript starts mid-call: its metadata says
// truncated: start (or both), or its first utterance starts after MidCallStart.
func TruncatedStart(c *transcript.Call) bool {
	if t := truncated(c); t == "start" || t == "both" {
		return true
	}
	return len(c.Utterances) > 0 && c.Utterances[0].HasStart && c.Utterances[0].Start > MidCallStart
}

// TruncatedEnd reports whether c's transcript ends before the agent could close the
// call: its metadata says it was cut (truncated: end or both), or that the customer hung
// up (hangup: customer, recorded from a header or an event line such as 系统：客户已挂机).
func TruncatedEnd(c *transcript.Call) bool {
	t := truncated(c)
	return t == "end" || t == "both" || CustomerHungUp(c)
}

// CustomerHungUpValues are the values of the hangup metadata that name the customer.
var CustomerHungUpValues = []string{"customer", "caller", "客户", "客戶", "用户", "用戶", "来电人", "主叫"}

// CustomerHungUp reports whether c's metadata says the customer ended the call.
func CustomerHungUp(c *transcript.Call) bool {
	return metaIs(c, transcript.HangUpKey, CustomerHungUpValues)
}

// TruncatedUnknown reports a truncated metadata value that says neither where the
// transcript was cut (start, end, both and their Chinese) nor that it was not (no,
// false, none, 否, 无): such a call is judged as whole.
func TruncatedUnknown(c *transcript.Call) (string, bool) {
	v := c.Metadata["truncated"]
	switch t := truncated(c); t {
	case "", "start", "end", "both", "no", "false", "none", "否", "无":
		return "", false
	default:
		return v, true
	}
}

func truncated(c *transcript.Call) string {
	switch t := strings.ToLower(strings.TrimSpace(c.Metadata["truncated"])); t {
	case "开头", "开始", "前":
		return "start"
	case "结尾", "结束", "后":
		return "end"
	case "两头", "全部", "yes", "true":
		return "both"
	default:
		return t
	}
}
