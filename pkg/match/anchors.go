package match

import "unicode/utf8"

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
type anchorIndex struct {
	pairs   [1 << pairBits / 64]uint64
	singles [1 << singleBits / 64]uint64
	byPair  map[uint64][]int32 // literal ids by their first two characters
	byRune  map[rune][]int32   // the ids of the literals of one character
	lits    []string
}

const (
	pairBits   = 16
	singleBits = 12
)

// newAnchorIndex indexes literals (valid UTF-8, none empty); literal i is reported as
// id i.
func newAnchorIndex(literals []string) *anchorIndex {
	x := &anchorIndex{byPair: map[uint64][]int32{}, byRune: map[rune][]int32{}, lits: literals}
	for id, lit := range literals {
		r1, n := utf8.DecodeRuneInString(lit)
		if n == len(lit) {
			x.byRune[r1] = append(x.byRune[r1], int32(id))
			h := singleHash(r1)
			x.singles[h/64] |= 1 << (h % 64)
			continue
		}
		r2, _ := utf8.DecodeRuneInString(lit[n:])
		x.byPair[pairKey(r1, r2)] = append(x.byPair[pairKey(r1, r2)], int32(id))
		h := pairHash(r1, r2)
		x.pairs[h/64] |= 1 << (h % 64)
	}
	return x
}

func pairKey(r1, r2 rune) uint64 { return uint64(uint32(r1))<<32 | uint64(uint32(r2)) }

func pairHash(r1, r2 rune) uint32 {
	return (uint32(r1)*0x9E3779B1 ^ uint32(r2)*0x85EBCA77) >> (32 - pairBits)
}

func singleHash(r rune) uint32 { return uint32(r) * 0x9E3779B1 >> (32 - singleBits) }

// scan calls hit(id, start) for every occurrence of every literal in text.
func (x *anchorIndex) scan(text string, hit func(id int32, start int)) {
	singles := len(x.byRune) > 0
	prev, prevAt := rune(-1), 0
	for i := 0; i < len(text); {
		// Decoded by hand for the common widths: the call costs more than the work.
		r, size := rune(text[i]), 1
		switch {
		case r < utf8.RuneSelf:
		case r&0xF0 == 0xE0 && i+2 < len(text) && text[i+1]&0xC0 == 0x80 && text[i+2]&0xC0 == 0x80:
			r, size = (r&0x0F)<<12|rune(text[i+1]&0x3F)<<6|rune(text[i+2]&0x3F), 3
			if r < 0x800 || r >= 0xD800 && r < 0xE000 {
				r, size = utf8.DecodeRuneInString(text[i:]) // overlong or a surrogate
			}
		default:
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		if prev >= 0 {
			if h := pairHash(prev, r); x.pairs[h/64]&(1<<(h%64)) != 0 {
				for _, id := range x.byPair[pairKey(prev, r)] {
					if lit := x.lits[id]; len(text)-prevAt >= len(lit) && text[prevAt:prevAt+len(lit)] == lit {
						hit(id, prevAt)
					}
				}
			}
		}
		if singles {
			if h := singleHash(r); x.singles[h/64]&(1<<(h%64)) != 0 {
				for _, id := range x.byRune[r] {
					if lit := x.lits[id]; text[i:i+size] == lit {
						hit(id, i)
					}
				}
			}
		}
		prev, prevAt = r, i
		i += size
	}
}
