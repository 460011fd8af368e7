package match

import (
	"cmp"
	"slices"
	"unicode/utf8"
)

// anchorIndex finds every occurrence of a set of short literals (the anchors of a Set's
// patterns: anchorKey keeps their first three characters, six bytes of ASCII) in one
// pass over a text.
//
// It walks the text a character at a time and hashes each pair of adjacent characters
// into a bit set of 64 Kbit that says whether some literal may start with that pair;
// only then are the literals that do start with it compared. Most pairs of a call start
// no anchor, and the bit set, 8 KB, stays in the first-level cache, so the common step
// is a decode, a multiply and one load from it. (The Aho–Corasick automaton over bytes
// it replaced took three dependent loads a character from a table of 670 KB for the
// default rulebook, which other work keeps pushing out of the cache.) One-character
// literals have a bit set of their own.
//
// The literals that start with a pair are kept side by side, grouped by the pair's hash
// (byHash), each with its first three characters as numbers: a common pair starts dozens
// of literals (怎么 36 in the default rulebook), and finding them in a map and comparing
// each as a string was half the scan.
type anchorIndex struct {
	pairs   [1 << pairBits / 64]uint64
	singles [1 << singleBits / 64]uint64
	// The literals of two or more characters whose first pair hashes to h are among
	// pairLits[byHash[g]:byHash[g+1]] for the group g = h>>groupShift, in id order: a
	// table of 16 KB, where the bit set above has already filtered out most pairs.
	byHash   []int32
	pairLits []pairLit
	// The literals of one character, grouped by the hash of the character the same way:
	// among singleLits[bySingle[g]:bySingle[g+1]] for g = singleHash>>groupShift, in id
	// order (a map looked up at every character whose bit was set cost more than the
	// comparisons).
	bySingle   []int32
	singleLits []singleLit
	lits       []string
}

// singleLit is a literal of one character.
type singleLit struct {
	r        rune
	id, size int32
}

// pairLit is a literal of two or more characters.
type pairLit struct {
	first, second, third rune // third is noThird for a literal of two
	id                   int32
	size                 int32 // in bytes
	longer               bool  // more than three characters
}

// noThird is the third character of a literal of two: none.
const noThird rune = -1

const (
	pairBits   = 16
	singleBits = 12
	groupShift = 4
)

// newAnchorIndex indexes literals (valid UTF-8, none empty); literal i is reported as
// id i.
func newAnchorIndex(literals []string) *anchorIndex {
	x := &anchorIndex{lits: literals, byHash: make([]int32, 1<<(pairBits-groupShift)+1),
		bySingle: make([]int32, 1<<(singleBits-groupShift)+1)}
	var hashes, singleHashes []uint32
	for id, lit := range literals {
		r1, n := utf8.DecodeRuneInString(lit)
		if n == len(lit) {
			h := singleHash(r1)
			x.singles[h/64] |= 1 << (h % 64)
			x.singleLits = append(x.singleLits, singleLit{r: r1, id: int32(id), size: int32(n)})
			singleHashes = append(singleHashes, h>>groupShift)
			x.bySingle[h>>groupShift+1]++
			continue
		}
		r2, n2 := utf8.DecodeRuneInString(lit[n:])
		pl := pairLit{first: r1, second: r2, third: noThird, id: int32(id), size: int32(len(lit))}
		if rest := lit[n+n2:]; rest != "" {
			r3, n3 := utf8.DecodeRuneInString(rest)
			pl.third, pl.longer = r3, n3 < len(rest)
		}
		h := pairHash(r1, r2)
		x.pairs[h/64] |= 1 << (h % 64)
		x.pairLits = append(x.pairLits, pl)
		hashes = append(hashes, h>>groupShift)
		x.byHash[h>>groupShift+1]++
	}
	for h := 1; h < len(x.byHash); h++ {
		x.byHash[h] += x.byHash[h-1]
	}
	// Place each literal in its hash's group, the literals of a pair side by side, by
	// their third characters (none first), so that pairHits stops at the first past the
	// text's third: a common pair starts dozens of literals.
	sorted := make([]pairLit, len(x.pairLits))
	next := append([]int32(nil), x.byHash[:len(x.byHash)-1]...)
	for i, pl := range x.pairLits {
		sorted[next[hashes[i]]] = pl
		next[hashes[i]]++
	}
	for g := 0; g+1 < len(x.byHash); g++ {
		slices.SortFunc(sorted[x.byHash[g]:x.byHash[g+1]], func(a, b pairLit) int {
			return cmp.Or(cmp.Compare(a.first, b.first), cmp.Compare(a.second, b.second),
				cmp.Compare(a.third, b.third), cmp.Compare(a.id, b.id))
		})
	}
	x.pairLits = sorted
	for h := 1; h < len(x.bySingle); h++ {
		x.bySingle[h] += x.bySingle[h-1]
	}
	singles := make([]singleLit, len(x.singleLits))
	next = append(next[:0], x.bySingle[:len(x.bySingle)-1]...)
	for i, sl := range x.singleLits {
		singles[next[singleHashes[i]]] = sl
		next[singleHashes[i]]++
	}
	x.singleLits = singles
	return x
}

func pairHash(r1, r2 rune) uint32 {
	return (uint32(r1)*0x9E3779B1 ^ uint32(r2)*0x85EBCA77) >> (32 - pairBits)
}

func singleHash(r rune) uint32 { return uint32(r) * 0x9E3779B1 >> (32 - singleBits) }

// pairHits adds to b each literal that text has at start, where the pair of characters
// first, second (text[start:next]) hashes to h. A literal is there when its characters
// are these and the one at next (or it has only two), and it is as long in bytes as what
// it was compared with: the characters may have been decoded from bytes that are not
// UTF-8 (U+FFFD), which no literal's bytes are. Longer literals are compared whole.
//
// A group holds its literals by pair, a pair's by third character (none first): the
// pair's literals of two characters are tried, then those whose third is the text's,
// found by binary search among many (a common pair starts dozens: 怎么 36), where going
// through them until one past the text's third went through half of them at every 怎么.
func (x *anchorIndex) pairHits(text string, start, next int, first, second rune, h uint32, b *scanBuf) {
	g := h >> groupShift
	pls := x.pairLits[x.byHash[g]:x.byHash[g+1]]
	k := 0
	for k < len(pls) && (pls[k].first != first || pls[k].second != second) {
		k++ // another pair of the same group
	}
	for ; k < len(pls) && pls[k].third == noThird && pls[k].first == first && pls[k].second == second; k++ {
		if int(pls[k].size) == next-start {
			b.add(pls[k].id, start)
		}
	}
	if k == len(pls) || pls[k].first != first || pls[k].second != second || next >= len(text) {
		return // no longer literal of the pair, or no third character
	}
	r3, size := decodeRune(text, next)
	end := next + size
	// The first at or after k whose pair and third are not below first, second, r3.
	lo, hi := k, len(pls)
	for hi-lo > pairLinear {
		m := int(uint(lo+hi) >> 1)
		if pl := &pls[m]; pl.first == first && pl.second == second && pl.third < r3 {
			lo = m + 1
		} else {
			hi = m
		}
	}
	for k = lo; k < len(pls) && pls[k].first == first && pls[k].second == second && pls[k].third < r3; k++ {
	}
	for ; k < len(pls); k++ {
		pl := &pls[k]
		if pl.first != first || pl.second != second || pl.third != r3 {
			return // past the pair's literals with this third
		}
		if pl.longer {
			if lit := x.lits[pl.id]; len(text)-start < len(lit) || text[start:start+len(lit)] != lit {
				continue
			}
		} else if int(pl.size) != end-start {
			continue
		}
		b.add(pl.id, start)
	}
}

// pairLinear is how many of a pair's literals are gone through rather than halved.
const pairLinear = 8

// scan calls hit(id, start) for every occurrence of every literal in text, in the order
// of their starts (scanInto, every literal taken for an anchor).
func (x *anchorIndex) scan(text string, hit func(id int32, start int)) {
	b := &scanBuf{found: make([]uint64, (len(x.lits)+63)/64), isAnchor: make([]bool, len(x.lits))}
	for i := range b.isAnchor {
		b.isAnchor[i] = true
	}
	x.scanInto(text, b)
	for _, c := range b.cands {
		hit(c.literal, int(c.start))
	}
}

// scanInto adds to b (scanBuf.add) every occurrence of every literal in text, in the
// order of their starts: a literal of two or more characters is reported at its second,
// before the one-character literals there (nextAnchor takes the first of a pattern's).
func (x *anchorIndex) scanInto(text string, b *scanBuf) {
	singles := len(x.singleLits) > 0
	prev, prevAt := rune(-1), 0
	for i := 0; i < len(text); {
		// Decoded by hand for the common widths: the call costs more than the work.
		r, size := rune(text[i]), 1
		switch {
		case r < utf8.RuneSelf:
		case uint32(r)-0xE1 < 0x0F && r != 0xED && i+2 < len(text) && (text[i+1]^0x80)|(text[i+2]^0x80) < 0x40:
			// Led by E1–EC or EE–EF: neither overlong nor a surrogate (E0 and ED go to
			// the library); both continuation bytes by one comparison.
			r, size = (r&0x0F)<<12|rune(text[i+1]&0x3F)<<6|rune(text[i+2]&0x3F), 3
		default:
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		if prev >= 0 {
			if h := pairHash(prev, r); x.pairs[h/64]&(1<<(h%64)) != 0 {
				x.pairHits(text, prevAt, i+size, prev, r, h, b)
			}
		}
		if singles {
			if h := singleHash(r); x.singles[h/64]&(1<<(h%64)) != 0 {
				// The literal is there when it is this character, as long in bytes
				// (a U+FFFD decoded from a byte that is not UTF-8 is no literal).
				g := h >> groupShift
				for _, sl := range x.singleLits[x.bySingle[g]:x.bySingle[g+1]] {
					if sl.r == r && int(sl.size) == size {
						b.add(sl.id, i)
					}
				}
			}
		}
		prev, prevAt = r, i
		i += size
	}
}

// decodeRune is utf8.DecodeRuneInString(s[i:]) (i < len(s)), with the common widths
// decoded in line: ASCII, and three bytes led by E1–EC or EE–EF (nearly every Han
// character, and the syllable keys of the views in pinyin), where no continuation byte
// can make an overlong form or a surrogate. The call to the decoder cost more than its
// work.
func decodeRune(s string, i int) (rune, int) {
	c := s[i]
	if c < utf8.RuneSelf {
		return rune(c), 1
	}
	if c-0xE1 < 0x0F && c != 0xED && i+2 < len(s) {
		// Both continuation bytes by one comparison.
		if c1, c2 := s[i+1], s[i+2]; (c1^0x80)|(c2^0x80) < 0x40 {
			return rune(c&0x0F)<<12 | rune(c1&0x3F)<<6 | rune(c2&0x3F), 3
		}
	}
	return utf8.DecodeRuneInString(s[i:])
}
