package rule

import (
	"math"
	"slices"
	"sort"

	"github.com/zhijian-qa/zhijian/pkg/match"
	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

// Matching that survives speech recognition. The tolerant tiers of a phrase (fillers,
// homophones) are the match package's, chosen per phrase by its Fuzzy; here are the parts
// that need the call: a phrase cut into two utterances, the negation guard of forbidden
// phrases (guard.go), a switch back to strict matching, and near misses.

// Split is the Fuzzy of a phrase found across two utterances; "split+pinyin" and
// "split+fillers" when it also needed that tier. Negated marks a note for a forbidden
// phrase the guard did not count.
const (
	Split   = "split"
	Negated = "negated"
)

// firstSplit looks for a phrase in two consecutive utterances of one speaker taken as
// one, nobody speaking in between (speech recognition cut 谢谢您的电话 | 再见, or 您好，快通客
// | 服，我是1024号), at least one of them in idx: the earliest occurrence in the pair. A
// window counts the utterances of one turn cut in two as one.
func (ps Phrases) firstSplit(c *Call, idx []int) (occurrence, bool) {
	last := -1 // idx ascends: the pairs tried so far are those up to last
	for _, k := range idx {
		for i := max(k-1, last+1); i <= k; i++ {
			j := i + 1
			last = i
			if i < 0 || j >= len(c.Utterances) {
				continue
			}
			if c.Utterances[i].Role != c.Utterances[j].Role || c.Texts[i].Norm == "" || c.Texts[j].Norm == "" {
				continue
			}
			// Both already searched on their own: only a phrase across the cut is new,
			// and the ends around it are enough. One outside idx: the whole pair.
			t, cut := c.joinAround(i)
			if !inSorted(idx, i) || !inSorted(idx, j) {
				t, cut = c.join(i), -1
			}
			var best occurrence
			found := false
			for _, p := range ps {
				// A model judges an utterance as said, not two of them joined.
				if p.Meaning() || !mayOccur(p, t) {
					continue
				}
				hits := p.FindAllRobust(t)
				if len(hits) == 0 || p.Composite() && !c.counts(p, j, c.join(i)) {
					continue
				}
				for _, h := range hits {
					if cut >= 0 && (h.Start >= cut || h.End <= cut) {
						continue
					}
					if !found || h.Start < best.span.Start {
						best, found = occurrence{index: i, span: h.Span, phrase: p, fuzzy: splitFuzzy(h.Fuzzy), text: t}, true
					}
				}
			}
			if found {
				return best, true
			}
		}
	}
	return occurrence{}, false
}

func inSorted(idx []int, x int) bool {
	k := sort.SearchInts(idx, x)
	return k < len(idx) && idx[k] == x
}

// allSplit returns every occurrence of the phrases across two consecutive utterances of
// one speaker, nobody speaking in between, at least one of them in idx: those that cross
// the cut (one within an utterance is all's). Two that overlap count once.
func (ps Phrases) allSplit(c *Call, idx []int) []occurrence {
	var out []occurrence
	last := -1 // idx ascends: the pairs tried so far are those up to last
	for _, k := range idx {
		for i := max(k-1, last+1); i <= k; i++ {
			j := i + 1
			last = i
			if i < 0 || j >= len(c.Utterances) {
				continue
			}
			if c.Utterances[i].Role != c.Utterances[j].Role || c.Texts[i].Norm == "" || c.Texts[j].Norm == "" {
				continue
			}
			t, cut := c.joinAround(i)
			end := -1
			for _, p := range ps {
				// A model judges an utterance as said, not two of them joined.
				if p.Meaning() || !mayOccur(p, t) {
					continue
				}
				hits := p.FindAllRobust(t)
				if len(hits) == 0 || p.Composite() && !c.counts(p, j, c.join(i)) {
					continue
				}
				for _, h := range hits {
					if h.Start < cut && h.End > cut && h.Start >= end {
						out = append(out, occurrence{index: i, span: h.Span, phrase: p, fuzzy: splitFuzzy(h.Fuzzy), text: t})
						end = h.End
					}
				}
			}
		}
	}
	return out
}

func splitFuzzy(f match.Fuzzy) string {
	if f == match.Exact {
		return Split
	}
	return Split + "+" + string(f)
}

// sortOccurrences puts occurrences in call order.
func sortOccurrences(occ []occurrence) {
	slices.SortStableFunc(occ, func(a, b occurrence) int {
		switch {
		case a.before(b):
			return -1
		case b.before(a):
			return 1
		}
		return 0
	})
}

// splitWindow is how many characters each side of a cut allSplit looks at: a forbidden
// phrase that crosses the cut is shorter than that on either side.
const splitWindow = 16

type around struct {
	t   *match.Text
	cut int
}

// joinAround returns the ends of utterances i and i+1 around their cut, made once per
// call.
func (c *Call) joinAround(i int) (*match.Text, int) {
	if a, ok := c.around[i]; ok {
		return a.t, a.cut
	}
	if c.around == nil {
		c.around = map[int]around{}
	}
	t, cut := match.JoinAround(c.Texts[i], c.Texts[i+1], splitWindow)
	c.around[i] = around{t, cut}
	return t, cut
}

// join returns utterance i joined with i+1, made once per call.
func (c *Call) join(i int) *match.Text {
	if t, ok := c.joined[i]; ok {
		return t
	}
	if c.joined == nil {
		c.joined = map[int]*match.Text{}
	}
	t := match.Join(c.Texts[i], c.Texts[i+1])
	c.joined[i] = t
	return t
}

// Strict switches rules back to matching phrases only as written: no tolerant tiers, no
// phrases across utterances, no negation guard. The evaluation compares the two; a
// rulebook gets the same with fuzzy: none, split: false and guard: false.
func Strict(rules []Rule) {
	for _, r := range rules {
		for _, u := range UsesOf(r) {
			strictPhrases(u.Phrases)
		}
		if s, ok := r.(Stricter); ok {
			s.Strict()
		}
	}
}

// strictPhrases makes every phrase of ps, and the other parts of each, match as written.
func strictPhrases(ps Phrases) {
	for _, p := range ps {
		p.Fuzzy = match.Exact
		for _, w := range p.With {
			w.Fuzzy = match.Exact
		}
	}
}

// NearMiss is where a required phrase that was not found came closest: what speech
// recognition made of it, for the rulebook's author.
type NearMiss struct {
	Rule      *Meta
	Utterance *transcript.Utterance
	// Phrase is the phrase as the rulebook writes it; Heard the original text of the
	// closest span.
	Phrase, Heard string
	// Distance is the edit distance in syllables (toneless pinyin), Chars in characters,
	// between the phrase's literal parts (Length characters) and what was heard.
	Distance, Chars, Length int
}

// DefaultNearMiss is the largest share of a phrase's syllables a near miss may get wrong.
const DefaultNearMiss = 0.3

// NearMisses returns, for each required rule of rules that finds its phrase missing in c
// (conditions whose trigger occurred included), the closest any of its phrases came in
// the rule's scope, when at most ratio of the phrase's syllables had to change (rounded
// down: a phrase of three syllables or fewer only when they all sound right, a word
// boundary or a gap keeping it from matching).
func NearMisses(rules []Rule, c *Call, ratio float64) []NearMiss {
	var out []NearMiss
	for _, r := range rules {
		switch r := r.(type) {
		case *Required:
			if nm, ok := r.nearMiss(c, ratio); ok {
				out = append(out, nm)
			}
		case *Condition:
			if _, ok := r.When.first(c, Scope{Role: r.Role}.indexes(c)); ok {
				out = append(out, NearMisses(r.Rules, c, ratio)...)
			}
		}
	}
	return out
}

func (r *Required) nearMiss(c *Call, ratio float64) (NearMiss, bool) {
	if !r.Scope.applies(c) {
		return NearMiss{}, false
	}
	idx := r.Scope.indexes(c)
	if _, ok := r.find(c, idx); ok {
		return NearMiss{}, false
	}
	var best NearMiss
	found := false
	for _, i := range idx {
		for _, p := range r.Phrases {
			n, ok := p.Nearest(c.Texts[i])
			if !ok || n.Length == 0 || float64(n.Distance) > math.Floor(ratio*float64(n.Length)) {
				continue
			}
			if !found || n.Distance*best.Length < best.Distance*n.Length {
				best = NearMiss{Rule: &r.M, Utterance: &c.Utterances[i], Phrase: p.Source,
					Heard: c.Texts[i].Source(n.Start, n.End), Distance: n.Distance, Chars: n.Chars, Length: n.Length}
				found = true
			}
		}
	}
	return best, found
}
