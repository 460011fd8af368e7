package match

import (
	"math/bits"
	"slices"
	"sync"
	"sync/atomic"
)

// A rule asks each utterance, for each of its phrases, whether the phrase may occur there
// (MayOccur, MayOccurTolerant): a bit test and a few lookups each, hundreds of times per
// utterance in a rulebook that lists its 禁语 in many wordings. A List answers for all of
// its phrases at once: it keeps the phrases' ids as bitsets, one per view, and ANDs them
// with the bits the scan of an utterance set, a word at a time.

// List is a rule's phrase list compiled for lookup. The compiler makes one per list
// (MakeList); a list made otherwise (a test's) is looked through phrase by phrase.
type List struct {
	set  *Set
	n    int
	once sync.Once
	// exact: the patterns' ids; py and skel: their tolerant forms' ids in the set's
	// robust sets, skel split by whether the pattern has a pinyin form (then it is
	// matched by sound and its skeleton only where a text has no pinyin view).
	exact, py, skelPy, skelOnly idMask
	// anywhere are the indexes of patterns (or forms) that may start anywhere: always
	// candidates.
	anywhere, anywhereTolerant []int
	tolerant                   bool
	// num is the list's place in its set's lists, patterns what it was made of
	// (MayConcern).
	num      int
	patterns []*Pattern
	// indexed says the set's index of lists (exactLists) knows the list; built that
	// build has run (tolerant is then final). Both let MayConcern answer in line.
	indexed bool
	built   atomic.Bool
}

// idMask is a set of ids as bits, each with its index in the list. The index of an id
// is found by its rank among the ids set (a count of the bits before it), not in a map:
// the map took a quarter of the time of Candidates.
type idMask struct {
	// bits and rank hold the words lo to hi only (bits[0] is word lo): a list's
	// patterns are compiled one after another, so their ids are a few words of a set's
	// hundreds of patterns. Words for the whole set in every list made a rulebook of
	// 100,000 one-phrase rules take 6 GB.
	bits  []uint64
	rank  []int32 // per word: the bits set in the words before it
	index []int32 // per id set, in id order: its index in the list
	// lo and hi bound the words with bits set.
	lo, hi int
}

// newIDMask makes the mask of ids (each below n), index[k] the list index of ids[k]; an
// id given twice keeps its last index. It takes the words that hold ids only.
func newIDMask(n int, ids, index []int32) idMask {
	if len(ids) == 0 {
		return idMask{}
	}
	lo, hi := n, 0
	for _, id := range ids {
		lo, hi = min(lo, int(id)/64), max(hi, int(id)/64+1)
	}
	m := idMask{bits: make([]uint64, hi-lo), rank: make([]int32, hi-lo), lo: lo, hi: hi}
	last := make(map[int32]int32, len(ids))
	for k, id := range ids {
		m.bits[int(id)/64-lo] |= 1 << (id % 64)
		last[id] = index[k]
	}
	for w := range m.bits {
		if w > 0 {
			m.rank[w] = m.rank[w-1] + int32(bits.OnesCount64(m.bits[w-1]))
		}
		for b := m.bits[w]; b != 0; b &= b - 1 {
			m.index = append(m.index, last[int32((lo+w)*64+bits.TrailingZeros64(b))])
		}
	}
	return m
}

// MakeList makes ps a List, when every pattern is in one set.
func MakeList(ps []*Pattern) {
	if len(ps) == 0 || ps[0].set == nil {
		return
	}
	for _, p := range ps {
		if p.set != ps[0].set {
			return
		}
	}
	s := ps[0].set
	l := &List{set: s, n: len(ps), num: len(s.lists), patterns: ps}
	s.lists = append(s.lists, l)
	for i, p := range ps {
		p.list, p.listIndex = l, i
	}
}

// ListOf returns the List ps was made into, or nil.
func ListOf(ps []*Pattern) *List {
	if len(ps) == 0 {
		return nil
	}
	l := ps[0].list
	if l == nil || l.n != len(ps) || ps[len(ps)-1].list != l || !l.set.built {
		return nil
	}
	return l
}

// build makes the bitsets, on first use: after the rulebook is complete and Fuzzy final.
func (l *List) build(ps []*Pattern) {
	s := l.set
	var ids, index []int32
	for i, p := range ps {
		if p.emptyAnchor {
			l.anywhere = append(l.anywhere, i)
		} else {
			ids, index = append(ids, int32(p.id)), append(index, int32(i))
		}
		l.tolerant = l.tolerant || p.Fuzzy != Exact
	}
	l.exact = newIDMask(len(s.patterns), ids, index)
	defer l.built.Store(true)
	if !l.tolerant {
		return
	}
	r := s.robustIndex()
	var pyIDs, pyIndex, skelPyIDs, skelPyIndex, skelIDs, skelIndex []int32
	for i, p := range ps {
		f, anywhere, ok := r.tolerantOf(p)
		if !ok {
			continue
		}
		if anywhere {
			l.anywhereTolerant = append(l.anywhereTolerant, i)
			continue
		}
		if f.py != nil {
			pyIDs, pyIndex = append(pyIDs, int32(f.py.id)), append(pyIndex, int32(i))
			skelPyIDs, skelPyIndex = append(skelPyIDs, int32(f.skel.id)), append(skelPyIndex, int32(i))
		} else {
			skelIDs, skelIndex = append(skelIDs, int32(f.skel.id)), append(skelIndex, int32(i))
		}
	}
	l.py = newIDMask(len(r.py.patterns), pyIDs, pyIndex)
	l.skelPy = newIDMask(len(r.skel.patterns), skelPyIDs, skelPyIndex)
	l.skelOnly = newIDMask(len(r.skel.patterns), skelIDs, skelIndex)
}

// Candidates appends to out the indexes in ps (the List's patterns) of those that may
// occur in t, in ascending order: what MayOccur says, and with tolerant what
// MayOccurTolerant says, for all of them at once. A caller still asks each candidate
// (the answers agree; the asking is what is saved for the others).
func (l *List) Candidates(ps []*Pattern, t *Text, tolerant bool, out []int) []int {
	l.once.Do(func() { l.build(ps) })
	if t.set != l.set || !l.set.built {
		for i := range ps {
			out = append(out, i)
		}
		return out
	}
	n := len(out)
	out = append(out, l.anywhere...)
	scanned(t)
	out = l.exact.and(t.hasCand, out)
	if tolerant && l.tolerant {
		out = append(out, l.anywhereTolerant...)
		v := t.robustViews()
		if !v.noPinyin && len(l.py.index) > 0 {
			out = l.py.and(scanned(t.pinyinView()).hasCand, out)
		}
		if !v.same {
			sk := scanned(v.skel)
			out = l.skelOnly.and(sk.hasCand, out)
			if v.noPinyin {
				out = l.skelPy.and(sk.hasCand, out)
			}
		}
	}
	if len(out)-n > 1 {
		slices.Sort(out[n:])
		out = append(out[:n], slices.Compact(out[n:])...)
	}
	return out
}

// and appends the list indexes of the ids set in both m and has.
func (m *idMask) and(has []uint64, out []int) []int {
	for w := m.lo; w < m.hi && w < len(has); w++ {
		mask := m.bits[w-m.lo]
		for b := mask & has[w]; b != 0; b &= b - 1 {
			below := mask & (1<<bits.TrailingZeros64(b) - 1)
			out = append(out, int(m.index[m.rank[w-m.lo]+int32(bits.OnesCount64(below))]))
		}
	}
	return out
}

// Most lists have no candidate in a given utterance (six in seven asks, with the default
// rulebook), and a rule asks each of its lists about each utterance in its scope: a
// text therefore says once, in a bit per list, which lists may have candidates in it,
// and a rule skips an utterance at the cost of a bit test instead of Candidates.

// listIndex maps the ids of a set's patterns (or of their tolerant forms) to the lists
// they are in.
type listIndex struct {
	lists  int     // how many lists the index knows
	of     []int32 // by id: the number of the list, -1 for none
	always []uint64
}

// lookup returns the bit set of the lists that ids set in has belong to, always
// included; nil when that is none.
func (x *listIndex) lookup(has []uint64, out []uint64, arena *textArena) []uint64 {
	for w, word := range has {
		for b := word; b != 0; b &= b - 1 {
			id := w*64 + bits.TrailingZeros64(b)
			if id >= len(x.of) || x.of[id] < 0 {
				continue
			}
			if out == nil {
				out = arena.clone(x.always)
			}
			n := x.of[id]
			out[uint32(n)/64] |= 1 << (uint32(n) % 64)
		}
	}
	return out
}

func (x *listIndex) mark(id, list int) {
	switch n := x.of[id]; {
	case n < 0:
		x.of[id] = int32(list)
	case int(n) != list:
		// In two lists (no rulebook makes one so): both are always candidates.
		x.always[n/64] |= 1 << (n % 64)
		x.always[list/64] |= 1 << (list % 64)
	}
}

func newListIndex(lists, ids int) *listIndex {
	x := &listIndex{lists: lists, of: make([]int32, ids), always: make([]uint64, (lists+63)/64)}
	for i := range x.of {
		x.of[i] = -1
	}
	return x
}

// exactLists indexes the patterns of the set's lists, once.
func (s *Set) exactLists() *listIndex {
	s.listsOnce.Do(func() {
		x := newListIndex(len(s.lists), len(s.patterns))
		for _, l := range s.lists {
			for _, p := range l.patterns {
				if p.emptyAnchor {
					x.always[l.num/64] |= 1 << (l.num % 64)
					continue
				}
				x.mark(p.id, l.num)
			}
			l.indexed = true
		}
		s.listsExact = x
	})
	return s.listsExact
}

// tolerantLists indexes the tolerant forms of the patterns of the set's lists, once:
// py the syllable forms, skel the skeletons.
func (s *Set) tolerantLists() (py, skel *listIndex) {
	s.tolerantListsOnce.Do(func() {
		r := s.robustIndex()
		py, skel := newListIndex(len(s.lists), len(r.py.patterns)), newListIndex(len(s.lists), len(r.skel.patterns))
		for _, l := range s.lists {
			for _, p := range l.patterns {
				f, anywhere, ok := r.tolerantOf(p)
				if !ok {
					continue
				}
				if anywhere {
					py.always[l.num/64] |= 1 << (l.num % 64)
					skel.always[l.num/64] |= 1 << (l.num % 64)
					continue
				}
				skel.mark(f.skel.id, l.num)
				if f.py != nil {
					py.mark(f.py.id, l.num)
				}
			}
		}
		s.listsPy, s.listsSkel = py, skel
	})
	return s.listsPy, s.listsSkel
}

// MayConcern reports whether Candidates may find any of ps in t: false only when it
// certainly finds none. The first ask about a text works out the answer for every list
// (mayConcern); the rest, a thousand a call, are answered here from its bits. (A text
// whose lists are done was asked about by this goroutine, after exactLists marked the
// lists indexed.)
func (l *List) MayConcern(ps []*Pattern, t *Text, tolerant bool) bool {
	if t.listsDone && t.set == l.set && l.indexed {
		if has(t.lists, l.num) {
			return true
		}
		if !tolerant {
			return false
		}
		if t.tolerantDone && l.built.Load() {
			return l.tolerant && has(t.listsTolerant, l.num)
		}
	}
	return l.mayConcern(ps, t, tolerant)
}

// Next returns the least k at or after from for which MayConcern(ps, texts[idx[k]],
// tolerant) says true, len(idx) when there is none: what a rule asking its utterances
// one by one would find, the same texts asked in the same order (what a text has not
// been asked yet is worked out when asked, as MayConcern does). A call per utterance,
// a thousand a call, cost more than the bit tests it made.
func (l *List) Next(ps []*Pattern, texts []*Text, idx []int, from int, tolerant bool) int {
	word, bit := uint(l.num)/64, uint64(1)<<(uint(l.num)%64)
	for k := from; k < len(idx); k++ {
		t := texts[idx[k]]
		// l.indexed is read only after t.listsDone, as MayConcern reads it: this
		// goroutine worked the text's lists out after exactLists set it.
		if t.listsDone && t.set == l.set && l.indexed {
			if t.lists != nil && t.lists[word]&bit != 0 {
				return k
			}
			if !tolerant {
				continue
			}
			if t.tolerantDone && l.built.Load() {
				if l.tolerant && t.listsTolerant != nil && t.listsTolerant[word]&bit != 0 {
					return k
				}
				continue
			}
		}
		if l.mayConcern(ps, t, tolerant) {
			return k
		}
	}
	return len(idx)
}

func (l *List) mayConcern(ps []*Pattern, t *Text, tolerant bool) bool {
	s := l.set
	if t.set != s || !s.built {
		return true
	}
	exact := s.exactLists()
	if l.num >= exact.lists {
		return true // made after the index
	}
	if !t.listsDone {
		t.listsDone = true
		scanned(t)
		t.lists = exact.lookup(t.hasCand, nil, t.arena)
		if t.lists == nil && !allZero(exact.always) {
			t.lists = exact.always
		}
	}
	if has(t.lists, l.num) {
		return true
	}
	if !tolerant {
		return false
	}
	l.once.Do(func() { l.build(ps) })
	if !l.tolerant {
		return false
	}
	if !t.tolerantDone {
		t.tolerantDone = true
		py, skel := s.tolerantLists()
		var out []uint64
		v := t.robustViews()
		if !v.noPinyin && len(py.of) > 0 {
			out = py.lookup(scanned(t.pinyinView()).hasCand, out, t.arena)
		}
		if !v.same {
			out = skel.lookup(scanned(v.skel).hasCand, out, t.arena)
		}
		if out == nil {
			out = t.arena.uint64s(len(py.always))
		}
		for w := range out {
			out[w] |= py.always[w] | skel.always[w]
		}
		t.listsTolerant = out
	}
	return has(t.listsTolerant, l.num)
}

func has(b []uint64, n int) bool { return b != nil && b[uint(n)/64]&(1<<(uint(n)%64)) != 0 }

func allZero(b []uint64) bool {
	for _, w := range b {
		if w != 0 {
			return false
		}
	}
	return true
}
