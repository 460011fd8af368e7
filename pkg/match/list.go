package match

import (
	"math/bits"
	"slices"
	"sync"
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
	exact, py, skelPy, skelOnly []uint64
	// anywhere are the indexes of patterns (or forms) that may start anywhere: always
	// candidates.
	anywhere, anywhereTolerant []int
	tolerant                   bool
	byID                       map[int32]int // set or form id → index in the list
	pyIndex, skelIndex         map[int32]int
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
	l := &List{set: ps[0].set, n: len(ps)}
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
	words := func(n int) []uint64 { return make([]uint64, (n+63)/64) }
	set := func(b []uint64, id int) { b[id/64] |= 1 << (id % 64) }
	l.exact = words(len(s.patterns))
	l.byID = map[int32]int{}
	for i, p := range ps {
		l.byID[int32(p.id)] = i
		if p.emptyAnchor {
			l.anywhere = append(l.anywhere, i)
		} else {
			set(l.exact, p.id)
		}
		l.tolerant = l.tolerant || p.Fuzzy != Exact
	}
	if !l.tolerant {
		return
	}
	r := s.robustIndex()
	l.py, l.skelPy, l.skelOnly = words(len(r.py.patterns)), words(len(r.skel.patterns)), words(len(r.skel.patterns))
	l.pyIndex, l.skelIndex = map[int32]int{}, map[int32]int{}
	for i, p := range ps {
		if p.Fuzzy == Exact {
			continue
		}
		f := r.forms[p.id]
		if f.skel == nil {
			continue
		}
		if f.skel.emptyAnchor || f.py != nil && f.py.emptyAnchor {
			l.anywhereTolerant = append(l.anywhereTolerant, i)
			continue
		}
		l.skelIndex[int32(f.skel.id)] = i
		if f.py != nil {
			l.pyIndex[int32(f.py.id)] = i
			set(l.py, f.py.id)
			set(l.skelPy, f.skel.id)
		} else {
			set(l.skelOnly, f.skel.id)
		}
	}
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
	out = and(l.exact, t.hasCand, l.byID, out)
	if tolerant && l.tolerant {
		out = append(out, l.anywhereTolerant...)
		v := t.robustViews()
		if !v.noPinyin && len(l.pyIndex) > 0 {
			out = and(l.py, scanned(t.pinyinView()).hasCand, l.pyIndex, out)
		}
		if !v.same {
			sk := scanned(v.skel)
			out = and(l.skelOnly, sk.hasCand, l.skelIndex, out)
			if v.noPinyin {
				out = and(l.skelPy, sk.hasCand, l.skelIndex, out)
			}
		}
	}
	if len(out)-n > 1 {
		slices.Sort(out[n:])
		out = append(out[:n], slices.Compact(out[n:])...)
	}
	return out
}

// and appends the list indexes of the ids set in both mask and has.
func and(mask, has []uint64, index map[int32]int, out []int) []int {
	for w := 0; w < len(mask) && w < len(has); w++ {
		for b := mask[w] & has[w]; b != 0; b &= b - 1 {
			out = append(out, index[int32(w*64+bits.TrailingZeros64(b))])
		}
	}
	return out
}
