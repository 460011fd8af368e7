package match

import (
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/zhijian-qa/zhijian/pkg/segment"
)

// Set is every pattern of a rulebook, compiled together so that one pass over an
// utterance finds where any of them may start: each pattern is then only tried at its
// candidate positions instead of being searched for on its own.
type Set struct {
	seg      *segment.Segmenter
	patterns []*Pattern
	anchors  *anchorIndex
	// filterOf[literal id] holds the bits of the patterns whose filter part
	// (filterPart) has that literal, a word at a time, and literalsOf[pattern id] the
	// literals of a pattern's anchor, ascending.
	filterOf   [][]wordBits
	literalsOf [][]int32
	// litMask[pattern id] has bit id%64 set for each id in literalsOf: a candidate whose
	// bit is clear is none of the pattern's, without a search of its literals.
	litMask    []uint64
	anchorLits []string
	// needs[pattern id] are its other required parts (needParts), each as the bits of
	// the literal ids of its keys, a word at a time (a part of forty keys is tested in
	// a few words, not key by key), and hasNeeds the bits of the patterns that have some;
	// isAnchor[literal id] says whether the literal starts some pattern's anchor (only
	// those are kept as candidates); literals counts them all.
	needs    [][][]wordBits
	hasNeeds []uint64
	isAnchor []bool
	literals int
	built    bool
	// Tolerant matching (robust.go): the fillers skipped, and the sets of the patterns'
	// tolerant forms, built on first use.
	fillers    []string
	fillersSet bool
	fillerOnce sync.Once
	fillerRs   [][]rune
	robustOnce sync.Once
	robust     atomic.Pointer[setRobust]
	// lists are the phrase lists made of the set's patterns (MakeList), and the
	// indexes from their patterns' ids to them (List.MayConcern).
	lists                        []*List
	listsOnce, tolerantListsOnce sync.Once
	listsExact                   *listIndex
	listsPy, listsSkel           *listIndex
	// twinOf numbers the patterns that match as another does (twins).
	twinOf []int32
}

// NewSet starts an empty set; seg decides word boundaries (nil: characters only).
func NewSet(seg *segment.Segmenter) *Set { return &Set{seg: seg} }

// Segmenter returns the set's segmenter.
func (s *Set) Segmenter() *segment.Segmenter { return s.seg }

// Add puts a compiled pattern in the set. Build must be called after the last Add.
func (s *Set) Add(p *Pattern) {
	p.set, p.id = s, len(s.patterns)
	s.patterns = append(s.patterns, p)
	if s.seg != nil {
		s.seg.AddWords(p.Literals()...)
	}
}

// Build indexes every pattern's anchor literals.
//
// The index holds only the first characters of each literal (anchorKey): a candidate
// is then a position where the anchor may start, which matchAt confirms, as it confirms
// every part. Most literals share their first characters with few others, so few false
// candidates are tried.
//
// Whether a pattern may occur in a text at all is told by its filter part instead
// (filterPart), when that is not its anchor: a part every match must hold, with longer
// literals than the anchor's. "(您|你){0,8}的时候(不|没)…" is anchored on 您, in most of
// an agent's utterances, and seven in ten searches of such patterns found nothing.
func (s *Set) Build() {
	ids := map[string]int32{}
	var lits []string
	var filterOf [][]int32 // by literal: the patterns, ascending
	literal := func(a string) int32 {
		key := anchorKey(a)
		id, ok := ids[key]
		if !ok {
			id = int32(len(lits))
			ids[key] = id
			lits = append(lits, key)
			filterOf = append(filterOf, nil)
		}
		return id
	}
	s.literalsOf = make([][]int32, len(s.patterns))
	filters := make([]int, len(s.patterns)) // filterPart, worked out once
	for _, p := range s.patterns {
		if p.emptyAnchor {
			// "[请问]X先生" may start anywhere: such a pattern finds its own
			// candidates (nextAnchor); an empty literal would be reported after every
			// byte, inside characters too.
			continue
		}
		for _, a := range p.parts[p.anchor()].alts {
			s.literalsOf[p.id] = append(s.literalsOf[p.id], literal(a))
		}
		filters[p.id] = p.filterPart()
		for _, a := range p.parts[filters[p.id]].alts {
			id := literal(a)
			// Alternatives sharing a key name their pattern once.
			if of := filterOf[id]; len(of) == 0 || of[len(of)-1] != int32(p.id) {
				filterOf[id] = append(of, int32(p.id))
			}
		}
	}
	s.litMask = make([]uint64, len(s.patterns))
	for i, of := range s.literalsOf {
		slices.Sort(of) // for hasLiteral
		s.literalsOf[i] = slices.Compact(of)
		for _, id := range of {
			s.litMask[i] |= 1 << (id % 64)
		}
	}
	// What the floor program scans for (AnchorLiterals): the anchors and filters, not
	// the other required parts added below.
	s.anchorLits = slices.Clone(lits)
	s.needs = make([][][]wordBits, len(s.patterns))
	s.hasNeeds = make([]uint64, (len(s.patterns)+63)/64)
	for _, p := range s.patterns {
		if p.emptyAnchor {
			continue
		}
		for _, keys := range p.needParts(filters[p.id]) {
			ids := make([]int32, len(keys))
			for k, key := range keys {
				ids[k] = literal(key)
			}
			s.needs[p.id] = append(s.needs[p.id], idWords(ids))
			s.hasNeeds[p.id/64] |= 1 << (p.id % 64)
		}
	}
	s.filterOf = make([][]wordBits, len(lits))
	for id, of := range filterOf {
		for _, p := range of {
			w := p / 64
			if n := len(s.filterOf[id]); n > 0 && s.filterOf[id][n-1].word == w {
				s.filterOf[id][n-1].bits |= 1 << (p % 64)
				continue
			}
			s.filterOf[id] = append(s.filterOf[id], wordBits{w, 1 << (p % 64)})
		}
	}
	s.isAnchor = make([]bool, len(lits))
	for _, of := range s.literalsOf {
		for _, id := range of {
			s.isAnchor[id] = true
		}
	}
	s.literals = len(lits)
	s.anchors = newAnchorIndex(lits)
	s.twinOf = twins(s.patterns)
	s.built = true
}

// wordBits are the bits of a word of a bit set.
type wordBits struct {
	word int32
	bits uint64
}

// idWords is the bit set of ids, its words with bits set in ascending order.
func idWords(ids []int32) []wordBits {
	ids = slices.Clone(ids)
	slices.Sort(ids)
	var out []wordBits
	for _, id := range ids {
		w := id / 64
		if n := len(out); n > 0 && out[n-1].word == w {
			out[n-1].bits |= 1 << (id % 64)
			continue
		}
		out = append(out, wordBits{w, 1 << (id % 64)})
	}
	return out
}

// twins numbers the patterns that have the same parts and mode as another (regular
// expressions aside): twinOf[id] is the number shared by the twins, -1 for a pattern
// without one.
func twins(ps []*Pattern) []int32 {
	index := map[string]int{} // by key: the group's number in groups
	var groups [][]int32
	var buf []byte // a syllable form's key runs to thousands of alternatives: one buffer
	for _, p := range ps {
		if p.regex != nil {
			continue
		}
		buf = p.appendMatchKey(buf[:0])
		if g, ok := index[string(buf)]; ok {
			groups[g] = append(groups[g], int32(p.id))
			continue
		}
		index[string(buf)] = len(groups)
		groups = append(groups, []int32{int32(p.id)})
	}
	twinOf := make([]int32, len(ps))
	for i := range twinOf {
		twinOf[i] = -1
	}
	n := int32(0)
	for _, ids := range groups {
		if len(ids) > 1 {
			for _, id := range ids {
				twinOf[id] = n
			}
			n++
		}
	}
	return twinOf
}

// appendMatchKey appends what p's matches depend on to b: its mode and parts, each
// literal with its length in front.
func (p *Pattern) appendMatchKey(b []byte) []byte {
	b = append(b, p.Mode...)
	for _, pt := range p.parts {
		b = append(b, '|')
		if pt.isGap() {
			b = strconv.AppendInt(b, int64(pt.min), 10)
			b = append(b, ',')
			b = strconv.AppendInt(b, int64(pt.max), 10)
			continue
		}
		for _, a := range pt.alts {
			b = strconv.AppendInt(b, int64(len(a)), 10)
			b = append(b, ':')
			b = append(b, a...)
		}
	}
	return b
}

// filterPart is the index of the part of p whose literals the set's scan must find for
// p to be searched: the literal part, none of whose alternatives is empty, with the
// longest keys at their shortest; the anchor when no part's are longer.
func (p *Pattern) filterPart() int {
	best := p.anchor()
	bestRunes := keyRunes(p.parts[best].alts)
	for i, pt := range p.parts {
		if pt.isGap() || hasEmpty(pt.alts) {
			continue
		}
		if n := keyRunes(pt.alts); n > bestRunes {
			best, bestRunes = i, n
		}
	}
	return best
}

// needParts returns, for each literal part of p that every match must hold (none of its
// alternatives empty) other than its filter part, the keys of its alternatives, none
// the prefix of another (a text that holds 部门 holds 部). A pattern is searched in a
// text only when the scan found one key of each: (归|是)**(部|部门|科|室) was searched
// at every 是. With the default rulebook a sixth fewer searches start, and half as many
// places are tried. (The ends of literals longer than their keys were looked for too,
// 有什么法子 being searched at every 有什么: a third fewer searches again, but twice the
// literals made the scan cost more than that saved.)
func (p *Pattern) needParts(filter int) [][]string {
	var out [][]string
	for i, pt := range p.parts {
		if i == filter || pt.isGap() || hasEmpty(pt.alts) {
			continue
		}
		var keys []string
		for _, a := range pt.alts {
			keys = append(keys, anchorKey(a))
		}
		slices.Sort(keys) // a key's prefixes sort before it
		keys = slices.Compact(keys)
		kept := keys[:0]
		for _, k := range keys {
			if n := len(kept); n == 0 || !strings.HasPrefix(k, kept[n-1]) {
				kept = append(kept, k)
			}
		}
		out = append(out, kept)
	}
	return out
}

// keyRunes is how many characters the shortest key of alts has, at most anchorKeyRunes:
// a key holds anchorKeyRunes characters of a literal that has them.
func keyRunes(alts []string) int {
	least := anchorKeyRunes
	for _, a := range alts {
		n := 0
		for i := 0; i < len(a) && n < least; i++ {
			if a[i]&0xC0 != 0x80 { // not a continuation byte: a character starts
				n++
			}
		}
		least = min(least, n)
	}
	return least
}

// AnchorLiterals are the literal starts the set's one pass over an utterance looks for
// (what testdata/bench/floor scans for, as the floor of this job's matching).
func (s *Set) AnchorLiterals() []string { return slices.Clone(s.anchorLits) }

// anchorKeyRunes is how many characters of a literal the index looks for; a
// literal of ASCII keeps at least anchorKeyBytes bytes.
const (
	anchorKeyRunes = 3
	anchorKeyBytes = 6
)

// anchorKey is the start of literal a that the index finds.
//
// Characters are counted by their first bytes, not decoded: literals are UTF-8 (the
// rulebook's YAML, normalised), and the keys of the syllable forms' many alternatives
// are two million calls in a check's start-up.
func anchorKey(a string) string {
	n := 0
	for i := 0; i < len(a); i++ {
		if a[i]&0xC0 == 0x80 {
			continue // a continuation byte
		}
		if n >= anchorKeyRunes && i >= anchorKeyBytes {
			return a[:i]
		}
		n++
	}
	return a
}

// NewText prepares an utterance for matching the set's patterns.
func (s *Set) NewText(str string) *Text {
	t := NewText(str, s.seg)
	t.set = s
	return t
}

// NewTexts is NewText for each of strs, allocated together (match.NewTexts).
func (s *Set) NewTexts(strs []string) []*Text {
	ts := NewTexts(strs, s.seg)
	arena := &textArena{}
	for _, t := range ts {
		t.set, t.arena = s, arena
	}
	return ts
}

// candidate is a position where an anchor literal starts. It names the literal, not
// the patterns anchored on it: twenty patterns may start with 您, and a call of 20,000
// long turns held a candidate for each of them at every 您 — a quarter of a gigabyte.
type candidate struct {
	literal int32
	start   int32
}

// literalRun ends the starts of one anchor literal in a text's sorted list.
type literalRun struct {
	literal, end int32
}

// scanBuf holds what a scan collects: the candidates (a text keeps an exact-size copy,
// so growing the list costs no allocations per text), and the literals found, as a bit
// set cleared after each scan and as a list.
type scanBuf struct {
	cands []candidate
	found []uint64
	lits  []int32
	// isAnchor is the set's (Set.isAnchor) during a scan.
	isAnchor []bool
}

// add notes literal id found at start: in lits the first time, in cands when it is an
// anchor. (Written out where the scan finds a literal, not called through a function
// value: that call and its closure were a third of the cost of a hit.)
func (b *scanBuf) add(id int32, start int) {
	if w, bit := uint32(id)/64, uint64(1)<<(uint32(id)%64); b.found[w]&bit == 0 {
		b.found[w] |= bit
		b.lits = append(b.lits, id)
	}
	if b.isAnchor[id] {
		b.cands = append(b.cands, candidate{id, int32(start)})
	}
}

var scratch = sync.Pool{New: func() any { return new(scanBuf) }}

// scan finds every occurrence of the set's literals in t, once, keeps those of anchors
// as candidates, and sets the bit of each pattern whose filter part and every other
// required part (needParts) it found. A text with no anchor (many utterances hold no
// phrase's start) keeps no list and no bits.
func (s *Set) scan(t *Text) {
	t.scanned = true
	b := scratch.Get().(*scanBuf)
	if n := (s.literals + 63) / 64; len(b.found) < n {
		b.found = make([]uint64, n)
	}
	b.cands, b.lits, b.isAnchor = b.cands[:0], b.lits[:0], s.isAnchor
	s.anchors.scanInto(t.Norm, b)
	cands, lits, found := b.cands, b.lits, b.found
	if len(cands) > 0 {
		t.hasCand = t.arena.uint64s((len(s.patterns) + 63) / 64)
		// The patterns of a rule's list have ids side by side: a literal's patterns
		// are a few words of bits, set at once.
		for _, lit := range lits {
			for _, wb := range s.filterOf[lit] {
				t.hasCand[wb.word] |= wb.bits
			}
		}
		for w, need := range s.hasNeeds {
			for b := t.hasCand[w] & need; b != 0; b &= b - 1 {
				if p := w*64 + bits.TrailingZeros64(b); !hasAll(s.needs[p], found) {
					t.hasCand[w] &^= 1 << (uint(p) % 64)
				}
			}
		}
		if len(cands) <= sortedMin {
			t.cands = t.arena.candidates(cands)
		} else {
			slices.SortFunc(cands, func(a, b candidate) int {
				if a.literal != b.literal {
					return int(a.literal - b.literal)
				}
				return int(a.start - b.start)
			})
			t.starts = make([]int32, len(cands))
			for i, c := range cands {
				t.starts[i] = c.start
				if i+1 == len(cands) || cands[i+1].literal != c.literal {
					t.runs = append(t.runs, literalRun{c.literal, int32(i + 1)})
				}
			}
		}
	}
	for _, id := range lits {
		found[uint32(id)/64] &^= 1 << (uint32(id) % 64)
	}
	if cap(cands) <= 1<<16 { // a huge text's list is not kept for the next
		b.cands, b.lits, b.isAnchor = cands[:0], lits[:0], nil
		scratch.Put(b)
	}
}

// hasAll reports whether found holds a literal of each of parts.
func hasAll(parts [][]wordBits, found []uint64) bool {
next:
	for _, ws := range parts {
		for _, wb := range ws {
			if found[wb.word]&wb.bits != 0 {
				continue next
			}
		}
		return false
	}
	return true
}

// sortedMin is the most candidates a text keeps in the order found: looking through a
// few for a pattern's costs less than sorting them by literal. (At 32, the few hundred
// utterances of 1,000 generated calls with more cost more sorted than looked through;
// 64 still bounds the look.)
const sortedMin = 64

// hasCandidate reports whether the scan of t found a literal of each required part of
// pattern id: without them, the pattern cannot match.
func (t *Text) hasCandidate(id int) bool {
	return t.hasCand != nil && t.hasCand[uint(id)/64]&(1<<(uint(id)%64)) != 0
}

// MayOccur reports whether p may match t as written: false when t was scanned for the
// literals of p's set and missed a part of p (hasCandidate). A rule asks it first for each of its
// patterns in each utterance (a rulebook has hundreds, an utterance a few), so a no
// costs a bit test instead of a search.
func (p *Pattern) MayOccur(t *Text) bool {
	if p.set == nil || t.set != p.set || !p.set.built || p.emptyAnchor {
		return true
	}
	if !t.scanned {
		p.set.scan(t)
	}
	return t.hasCandidate(p.id)
}

// hasLiteral reports whether the ascending lits hold lit.
func hasLiteral(lits []int32, lit int32) bool {
	if len(lits) <= 8 {
		for _, l := range lits {
			if l == lit {
				return true
			}
		}
		return false
	}
	_, ok := slices.BinarySearch(lits, lit)
	return ok
}

// nextAnchor returns the first position at or after from where p's anchor literal
// starts in t, or -1.
func (p *Pattern) nextAnchor(t *Text, from int, m *memo) int {
	if p.set != nil && t.set == p.set && p.set.built && !p.emptyAnchor {
		if !t.scanned {
			p.set.scan(t)
		}
		if !t.hasCandidate(p.id) {
			return -1 // most patterns have no anchor in a given utterance
		}
		next := -1
		lits := p.set.literalsOf[p.id]
		if t.runs == nil {
			// A few candidates, in the order found, which is by start (anchorIndex.scan):
			// the first of the pattern's at or after from is the next (a pattern may have
			// dozens of literals; most candidates are told apart from its by a bit).
			mask := p.set.litMask[p.id]
			for _, c := range t.cands {
				if int(c.start) >= from && mask&(1<<(uint32(c.literal)%64)) != 0 && hasLiteral(lits, c.literal) {
					return int(c.start)
				}
			}
			return -1
		}
		if len(lits) > len(t.runs) {
			// More literals than the text has: each of the text's is told by a bit and
			// a look at the pattern's, not each of the pattern's looked for among the
			// text's (a form in syllables has dozens).
			mask := p.set.litMask[p.id]
			lo := int32(0)
			for _, r := range t.runs {
				if mask&(1<<(uint32(r.literal)%64)) != 0 && hasLiteral(lits, r.literal) {
					starts := t.starts[lo:r.end]
					if i, _ := slices.BinarySearch(starts, int32(from)); i < len(starts) && (next < 0 || int(starts[i]) < next) {
						next = int(starts[i])
					}
				}
				lo = r.end
			}
			return next
		}
		for _, lit := range lits {
			k, ok := slices.BinarySearchFunc(t.runs, lit, func(r literalRun, lit int32) int { return int(r.literal - lit) })
			if !ok {
				continue
			}
			lo := int32(0)
			if k > 0 {
				lo = t.runs[k-1].end
			}
			starts := t.starts[lo:t.runs[k].end]
			if i, _ := slices.BinarySearch(starts, int32(from)); i < len(starts) && (next < 0 || int(starts[i]) < next) {
				next = int(starts[i])
			}
		}
		return next
	}
	anchor := p.anchor()
	if tr := p.tries[anchor]; tr != nil && !p.emptyAnchor {
		// One walk for all the alternatives (a trie), its result remembered in m as one
		// alternative's would be: searched again from each start, a text without any of
		// them was walked to its end every time.
		m.setNext(1)
		if c := m.nextOf(0); c != nil && c.from >= 0 && c.from <= from && (c.at < 0 || from <= c.at) {
			return c.at
		}
		i := tr.nextStart(t.Norm, from)
		if c := m.nextOf(0); c != nil {
			c.from, c.at = from, i
		}
		if i >= 0 {
			anchorScanned.Add(int64(i - from))
		} else {
			anchorScanned.Add(int64(max(len(t.Norm)-from, 0)))
		}
		return i
	}
	// Without a set: the next of each of the anchor's alternatives, remembered in m for
	// the searches that follow from further on. Searched again from each start, an
	// alternative that is not in the text was looked for to its end every time: a
	// 禁语 said 2,000 times in an utterance of 10,000 characters took segment 3 s, one of
	// 100,000 characters more than five minutes.
	alts := p.parts[anchor].alts
	m.setNext(len(alts))
	next := -1
	for j, a := range alts {
		var i int
		if c := m.nextOf(j); c != nil && c.from >= 0 && c.from <= from && (c.at < 0 || from <= c.at) {
			i = c.at // the first at or after c.from is the first at or after from too
		} else {
			i = indexFrom(t.Norm, a, from)
			if c != nil {
				c.from, c.at = from, i
			}
			if i >= 0 {
				anchorScanned.Add(int64(i + len(a) - from))
			} else {
				anchorScanned.Add(int64(max(len(t.Norm)-from, 0)))
			}
		}
		if i >= 0 && (next < 0 || i < next) {
			next = i
		}
	}
	return next
}

// anchorScanned counts the bytes the searches for anchors without a set look over: the
// tests bound it by the text, not by the text times its matches.
var anchorScanned atomic.Int64

// anchorNext is where an anchor's alternative was found next (-1: nowhere) when looked
// for from a position (-1: not looked for).
type anchorNext struct{ from, at int }

func (m *memo) nextOf(j int) *anchorNext {
	if m == nil {
		return nil
	}
	if m.nextN <= len(m.nextSmall) {
		return &m.nextSmall[j]
	}
	return &m.next[j]
}

// setNext makes m remember where n alternatives are next, nothing known yet, unless it
// already does.
func (m *memo) setNext(n int) {
	if m == nil || m.nextN == n {
		return
	}
	m.nextN = n
	if n > len(m.nextSmall) {
		m.next = make([]anchorNext, n)
	}
	for j := range n {
		m.nextOf(j).from = -1 // nothing known
	}
}
