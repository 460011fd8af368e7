package match

import (
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/zhijian-qa/zhijian/pkg/meaning"
	"github.com/zhijian-qa/zhijian/pkg/normalize"
	"github.com/zhijian-qa/zhijian/pkg/segment"
)

// Text is one utterance prepared for matching. It segments lazily: only a match that needs
// a boundary decision causes the clause around it to be segmented, once.
type Text struct {
	*normalize.Text
	seg    *segment.Segmenter
	chunks []int   // clause offsets from normalize, made on first use
	tokens [][]int // per clause, token end offsets (absolute); nil until needed
	// splits are the inner cuts of the words isBoundary looked into, by word start.
	splits map[int][]int
	// With a Set: where its patterns' anchors occur, found in one pass on first use.
	set     *Set
	scanned bool
	// The anchor occurrences a scan found: a few as (literal, start) pairs in the
	// order found; many as starts grouped by literal, in order (runs[k] ends at
	// starts[:runs[k].end]), 4 bytes each.
	cands   []candidate
	starts  []int32
	runs    []literalRun
	hasCand []uint64 // bit per pattern id: has at least one candidate
	// The lists of the set that may have candidates here, as written and by a tolerant
	// tier: a bit per list (List.MayConcern).
	lists, listsTolerant    []uint64
	listsDone, tolerantDone bool
	// found remembers the searches for patterns with twins (Pattern.FindAll).
	found []search
	// arena holds the slices above for the texts of one call (nil: each its own).
	arena *textArena
	// Tolerant matching (robust.go): the views of this text, made on first use.
	views textViews
	// viewOf is the text a view was made from (nil for a text), and syllables says the
	// view is the one in syllables: isBoundary then decides from viewOf's words.
	viewOf    *Text
	syllables bool
	// spacing caches SpacesPause: 0 unknown, 1 spaces pause, 2 spaces part words.
	spacing uint8
	// scores remembers the last models' scores of the text, and grams its n-grams'
	// buckets, hashed once for every model that scores it (meaning.go).
	scores [4]modelScore
	grams  meaning.Buckets
}

// SpacesPause reports whether a space in the original is a pause that ends a clause
// (我说你是不是机主 你说话大点声), not a gap between words: some speech recognisers put a
// space between every word (不会 跟 您 说 这 不是 我们 的 事), and there a space ends
// nothing. Words then average under three characters between spaces.
func (t *Text) SpacesPause() bool {
	if t.spacing == 0 {
		spaces, chars := 0, 0
		for _, r := range t.Orig {
			switch {
			case unicode.IsSpace(r):
				spaces++
			case unicode.Is(unicode.Han, r):
				chars++
			}
		}
		t.spacing = 1
		if spaces >= 3 && chars <= 3*(spaces+1) {
			t.spacing = 2
		}
	}
	return t.spacing == 1
}

// NewText prepares an utterance. seg may be nil when only Chars and Utterance mode
// patterns are used.
func NewText(s string, seg *segment.Segmenter) *Text {
	nt := normalize.New(s)
	return &Text{Text: nt, seg: seg}
}

// NewTexts prepares utterances as NewText does each, allocated together (a call's
// utterances are dropped together): a few allocations for a call instead of several for
// each utterance.
func NewTexts(ss []string, seg *segment.Segmenter) []*Text {
	nts := normalize.NewAll(ss)
	ts := make([]Text, len(ss))
	out := make([]*Text, len(ss))
	for i := range ts {
		ts[i] = Text{Text: &nts[i], seg: seg}
		out[i] = &ts[i]
	}
	return out
}

// Span is a match: byte offsets into Norm.
type Span struct{ Start, End int }

// isBoundary reports whether a word may start or end at Norm byte offset pos.
func (t *Text) isBoundary(pos int) bool {
	if t.viewOf != nil {
		return t.viewBoundary(pos) // a view's boundaries are its text's (robust.go)
	}
	if pos <= 0 || pos >= len(t.Norm) || t.IsBreak(pos) {
		return true
	}
	if t.seg == nil {
		return true
	}
	ends, start, ok := t.clauseWords(pos)
	if !ok {
		return true // no dictionary: fall back to character matching
	}
	i := sort.SearchInts(ends, pos)
	if i < len(ends) && ends[i] == pos {
		return true
	}
	wordStart := start
	if i > 0 {
		wordStart = ends[i-1]
	}
	wordEnd := len(t.Norm)
	if i < len(ends) {
		wordEnd = ends[i]
	}
	// A word's split is made once per text: a phrase met at every other character of
	// one long word (ok ok ok… written as one run of letters) asked for it each time.
	cuts, ok := t.splits[wordStart]
	if !ok {
		if t.splits == nil {
			t.splits = map[int][]int{}
		}
		cuts = t.seg.Splits(t.Norm[wordStart:wordEnd])
		t.splits[wordStart] = cuts
	}
	_, found := slices.BinarySearch(cuts, pos-wordStart)
	return found
}

// clauseWords returns the word ends (Norm offsets) of the clause that holds pos and
// where the clause starts, segmenting it the first time; ok is false without a
// dictionary.
func (t *Text) clauseWords(pos int) (ends []int, start int, ok bool) {
	if t.chunks == nil {
		t.chunks = t.Chunks()
	}
	k := sort.SearchInts(t.chunks, pos+1) - 1
	if t.tokens == nil {
		t.tokens = make([][]int, len(t.chunks)-1)
	}
	start = t.chunks[k]
	if t.tokens[k] == nil {
		ends, err := t.seg.Tokens(nil, t.Norm[start:t.chunks[k+1]])
		if err != nil {
			return nil, start, false
		}
		for i := range ends {
			ends[i] += start
		}
		t.tokens[k] = ends
	}
	return t.tokens[k], start, true
}

// FindAll returns the non-overlapping matches of p in t, left to right.
func (p *Pattern) FindAll(t *Text) []Span {
	twin := p.twinIn(t)
	if twin >= 0 {
		if e := t.searched(twin, true); e != nil {
			return e.spans
		}
	}
	var m memo
	defer m.release()
	out := p.findAll(t, &m)
	if twin >= 0 {
		out = out[:len(out):len(out)] // shared: an append must copy
		e := search{twin: twin, all: true, spans: out, ok: len(out) > 0}
		if e.ok {
			e.first = out[0] // the leftmost match, as Find finds it
		}
		t.remember(e)
	}
	return out
}

// A rulebook writes many phrases more than once (稍(等|候) in three rules, a 禁语 both as
// written and by sound): patterns of the same parts and mode are twins (Set.Build), and
// a text remembers what it was searched for by any of them, so that the others do not
// search again. A fifth of the searches of the default rulebook were such repeats.

// search is the result of a search of a text for a twin: the first match (ok says
// whether there is one) and, when all, every match.
type search struct {
	twin  int32
	all   bool
	ok    bool
	first Span
	spans []Span
}

func (t *Text) remember(e search) {
	if t.found == nil {
		t.found = make([]search, 0, 4)
	}
	t.found = append(t.found, e)
}

// twinIn returns the twin number of p for searches of t, or -1 when p has no twin or
// t none of its candidates (the search then costs nothing).
func (p *Pattern) twinIn(t *Text) int32 {
	s := p.set
	if s == nil || t.set != s || !s.built || s.twinOf[p.id] < 0 {
		return -1
	}
	if !t.scanned {
		s.scan(t)
	}
	if !t.hasCandidate(p.id) {
		return -1
	}
	return s.twinOf[p.id]
}

// searched returns what t remembers of a search for twin, all of the matches when all.
func (t *Text) searched(twin int32, all bool) *search {
	for i := range t.found {
		if e := &t.found[i]; e.twin == twin && (e.all || !all) {
			return e
		}
	}
	return nil
}

func (p *Pattern) findAll(t *Text, m *memo) []Span {
	var out []Span
	for from := 0; from <= len(t.Norm); {
		sp, ok := p.findFrom(t, from, m)
		if !ok {
			break
		}
		out = append(out, sp)
		if sp.End > from {
			from = sp.End
		} else {
			from += runeLen(t.Norm, from) // stay on a character boundary
		}
		if p.Mode == Utterance {
			break
		}
	}
	return out
}

// clauseEdge says whether pos starts or ends a clause: an end of the text, or a place
// where punctuation was removed.
func (t *Text) clauseEdge(pos int) bool {
	return pos == 0 || pos == len(t.Norm) || t.IsBreak(pos)
}

// Find returns the first match of p in t.
func (p *Pattern) Find(t *Text) (Span, bool) {
	twin := p.twinIn(t)
	if twin >= 0 {
		if e := t.searched(twin, false); e != nil {
			return e.first, e.ok
		}
	}
	var m memo
	defer m.release()
	sp, ok := p.findFrom(t, 0, &m)
	if twin >= 0 {
		t.remember(search{twin: twin, first: sp, ok: ok})
	}
	return sp, ok
}

// findFrom finds the leftmost match starting at or after from. Calls sharing m must
// come with from never decreasing, as FindAll makes them.
func (p *Pattern) findFrom(t *Text, from int, m *memo) (Span, bool) {
	if p.regex != nil {
		return p.findRegex(t, from)
	}
	if p.meaning != nil {
		return p.findMeaning(t, from)
	}
	p.triesOnce.Do(p.buildTries)
	norm := t.Norm
	if p.Mode == Utterance {
		if from > 0 {
			return Span{}, false
		}
		// The anchor must start the utterance: most utterances have it nowhere.
		if p.anchor() == 0 && !p.emptyAnchor && p.nextAnchor(t, 0, m) != 0 {
			return Span{}, false
		}
		if end, ok := p.matchAt(t, 0, 0, true, m); ok && end == len(norm) {
			return Span{0, end}, true
		}
		return Span{}, false
	}
	// Anchor on the first literal; a leading gap or slot is then grown backwards from
	// it, shortest first, so "X先生" in "您好王先生" is 王先生, not 您好王先生.
	leadMin, leadMax, anchor := 0, 0, p.anchor()
	if anchor == 1 {
		leadMin, leadMax = p.parts[0].min, p.parts[0].max
	}
	for start := from; start <= len(norm); {
		next := p.nextAnchor(t, start, m)
		if next < 0 {
			return Span{}, false
		}
		if end, ok := p.matchAt(t, anchor, next, false, m); ok {
			q := next
			for n := 0; n <= leadMax && q >= from; n++ {
				if n >= leadMin && (p.Mode == Chars || t.isBoundary(q)) &&
					(p.Mode != Clause || t.clauseEdge(q) && t.clauseEdge(end)) {
					return Span{q, end}, true
				}
				if q == 0 {
					break
				}
				_, size := utf8.DecodeLastRuneInString(norm[:q])
				q -= size
			}
		}
		start = next + runeLen(norm, next)
	}
	return Span{}, false
}

// matchAt matches parts[i:] at pos and returns where the match ends: the end must be a
// boundary (in Words mode) or the end of the text (whole utterance). Like a regular
// expression's `[x]` and `x*?`, optional text is taken greedily, so the evidence quoted is
// the whole phrase (你到底要不要办理, not 你到底要不要), and gaps lazily, so a gap never
// reaches past the nearest text that completes the phrase.
//
// The result depends only on i and pos (whole is fixed for a search), so a pattern with
// several gaps remembers it in m: without that, each way of filling the gaps before a
// part tries the rest again, and "a{0,64}b{0,64}b{0,64}c" over "abab…" takes time
// exponential in the number of gaps (a minute for 2 KB); with it, linear in the text.
func (p *Pattern) matchAt(t *Text, i, pos int, whole bool, m *memo) (int, bool) {
	if !m.ready {
		m.init(p)
	}
	if m.size == 0 || i == len(p.parts) {
		return p.matchPart(t, i, pos, whole, m)
	}
	sl := &m.slots[i*m.size+pos%m.size]
	if sl.stamp == m.stamp && int(sl.pos) == pos {
		return int(sl.end), sl.end >= 0
	}
	end, ok := p.matchPart(t, i, pos, whole, m)
	sl.pos, sl.end, sl.stamp = int32(pos), int32(end), m.stamp
	if !ok {
		sl.end = -1
	}
	return end, ok
}

// matchPart is matchAt without the memo.
func (p *Pattern) matchPart(t *Text, i, pos int, whole bool, m *memo) (int, bool) {
	norm := t.Norm
	if i == len(p.parts) {
		switch {
		case whole:
			return pos, pos == len(norm)
		case p.Mode == Words:
			return pos, t.isBoundary(pos)
		}
		return pos, true
	}
	pt := p.parts[i]
	if pt.isGap() {
		q := pos
		firsts := uint64(0)
		if i+1 < len(p.firsts) {
			firsts = p.firsts[i+1]
		}
		for n := 0; n <= pt.max; n++ {
			if q >= len(norm) {
				// The end: only a part that may be empty or the pattern's end matches.
				if n >= pt.min && firsts == 0 {
					if end, ok := p.matchAt(t, i+1, q, whole, m); ok {
						return end, true
					}
				}
				break
			}
			r, size := rune(norm[q]), 1
			if c := norm[q]; c >= utf8.RuneSelf { // decodeRune, in line: the call cost more than the work
				if c-0xE1 < 0x0F && c != 0xED && q+2 < len(norm) && (norm[q+1]^0x80)|(norm[q+2]^0x80) < 0x40 {
					r, size = rune(c&0x0F)<<12|rune(norm[q+1]&0x3F)<<6|rune(norm[q+2]&0x3F), 3
				} else {
					r, size = utf8.DecodeRuneInString(norm[q:])
				}
			}
			if n >= pt.min && (firsts == 0 || firsts&firstBit(r) != 0) {
				if end, ok := p.matchAt(t, i+1, q, whole, m); ok {
					return end, true
				}
			}
			q += size
		}
		return 0, false
	}
	best, found := 0, false
	if tr := p.tries[i]; tr != nil {
		// Each alternative that starts at pos ends at a node marked end on the walk.
		q := pos
		for n := int32(0); n >= 0; n, q = tr.step(n, norm, q) {
			if !tr.nodes[n].end {
				continue
			}
			if end, ok := p.matchAt(t, i+1, q, whole, m); ok && (!found || end > best) {
				best, found = end, true
			}
		}
		return best, found
	}
	for _, a := range pt.alts {
		if !strings.HasPrefix(norm[pos:], a) {
			continue
		}
		if end, ok := p.matchAt(t, i+1, pos+len(a), whole, m); ok && (!found || end > best) {
			best, found = end, true
		}
	}
	return best, found
}

// memo holds matchAt results for the positions one anchor can reach, in a ring: slot
// pos%size of part i holds the result at pos. Anchors only move right, and a match from
// an anchor never reaches more than size-1 bytes past it, so a slot is overwritten only
// once its position is behind every anchor still to come. The zero memo is set up on the
// first matchAt; size 0 means the pattern needs none.
//
// The slots come from a pool and are not cleared between searches: a slot holds a
// result of this search only when it bears the search's stamp. (Making and clearing
// them for each search was a tenth of the bytes a check allocated.)
type memo struct {
	ready bool
	size  int
	slots []memoSlot
	stamp uint32
	buf   *memoBuf
	// next is where each alternative of the anchor is next, for a search without a set:
	// nextN of them, in nextSmall when they fit (a search made them on the heap, a
	// hundred a call), else in next.
	next      []anchorNext
	nextSmall [4]anchorNext
	nextN     int
}

type memoSlot struct {
	pos, end int32 // the position whose result the slot holds; the end there, -1 for none
	stamp    uint32
}

// memoBuf is a pooled set of slots with the last stamp given out on them.
type memoBuf struct {
	slots []memoSlot
	stamp uint32
}

var memoPool = sync.Pool{New: func() any { return new(memoBuf) }}

// memoMinPaths is how many ways of filling its gaps a pattern must have for matchAt to
// remember results: below it, trying them all costs less than setting up the memo. (A
// variable so that tests can have every pattern use the memo.)
var memoMinPaths = 1024

func (m *memo) init(p *Pattern) {
	m.ready = true
	if m.size = p.memoSize; m.size == 0 {
		return
	}
	n := len(p.parts) * m.size
	b := memoPool.Get().(*memoBuf)
	if b.stamp++; b.stamp == 0 || len(b.slots) < n {
		// A new stamp on slots that may hold any other (they wrapped around), or more
		// slots: start from clear ones.
		b.slots, b.stamp = make([]memoSlot, max(n, len(b.slots))), 1
	}
	m.buf, m.slots, m.stamp = b, b.slots[:n], b.stamp
}

// release returns the memo's slots to the pool once its search is done.
func (m *memo) release() {
	if m.buf != nil {
		memoPool.Put(m.buf)
		m.buf, m.slots = nil, nil
	}
}

// memoSizeFor is the ring size of the memo a pattern of these parts needs, 0 for none:
// worked out once per pattern, not on every search.
func memoSizeFor(parts []part) int {
	anchor := 0
	if parts[0].isGap() {
		anchor = 1
	}
	paths, reach := 1, 0
	for _, pt := range parts[anchor:] {
		if pt.isGap() {
			paths = min(paths*(pt.max+1), memoMinPaths) // no overflow however many gaps
			reach += pt.max * utf8.UTFMax
			continue
		}
		longest := 0
		for _, a := range pt.alts {
			longest = max(longest, len(a))
		}
		reach += longest
	}
	if paths < memoMinPaths {
		return 0
	}
	return reach + 1
}

// indexFrom is strings.Index from an offset.
func indexFrom(s, sub string, from int) int {
	if from > len(s) {
		return -1
	}
	if i := strings.Index(s[from:], sub); i >= 0 {
		return from + i
	}
	return -1
}

func runeLen(s string, i int) int {
	if i >= len(s) {
		return 1
	}
	_, size := decodeRune(s, i)
	return size
}
