package match

import "unicode/utf8"

// altTrie holds the literal alternatives of a part by character, so that the ones a
// text has at a position are found in one walk along the text: as many steps as the
// longest alternative there has characters, however many alternatives the part has
// (a phrase written with a few optional words expands to hundreds).
type altTrie struct {
	// nodes[0] is the root; a node's edges are edges[lo:hi], in no particular order
	// (a node has few).
	nodes []trieNode
	edges []trieEdge
	// firstBits has bit firstBit(r) set for each character r an alternative starts
	// with: most characters of a text start none, and are passed at a test (nextStart).
	firstBits uint64
}

func firstBit(r rune) uint64 { return 1 << (uint32(r) * 0x9E3779B1 >> 26) }

type trieNode struct {
	lo, hi int32
	// end says an alternative ends here: the characters on the way from the root.
	end bool
}

type trieEdge struct {
	r  rune
	to int32
}

// trieMin is how many alternatives a part must have to get a trie: below it, comparing
// each costs no more than a walk.
const trieMin = 4

// newAltTrie builds the trie of alts, nil below trieMin.
func newAltTrie(alts []string) *altTrie {
	if len(alts) < trieMin {
		return nil
	}
	return buildAltTrie(alts)
}

// buildAltTrie builds the trie of alts (none empty), however few.
func buildAltTrie(alts []string) *altTrie {
	// Built with the children of a node in a chain (first child, next sibling), then
	// laid out flat: a few slices for the whole trie, not one per node.
	type building struct {
		r                 rune
		firstKid, sibling int32 // -1 for none
		end               bool
	}
	// At most a node per byte: sized once, not grown. The characters decoded in line
	// (decodeRune), not by range: a syllable form's trie has thousands of alternatives,
	// and its building, on the first search, was a tenth of a short run's matching.
	size := 1
	for _, a := range alts {
		size += len(a)
	}
	nodes := make([]building, 1, size)
	nodes[0] = building{firstKid: -1, sibling: -1}
	for _, a := range alts {
		n := int32(0)
		for i := 0; i < len(a); {
			r, size := decodeRune(a, i)
			i += size
			k := nodes[n].firstKid
			for k >= 0 && nodes[k].r != r {
				k = nodes[k].sibling
			}
			if k < 0 {
				k = int32(len(nodes))
				nodes = append(nodes, building{r: r, firstKid: -1, sibling: nodes[n].firstKid})
				nodes[n].firstKid = k
			}
			n = k
		}
		nodes[n].end = true
	}
	t := &altTrie{nodes: make([]trieNode, len(nodes)), edges: make([]trieEdge, 0, len(nodes)-1)}
	for i, b := range nodes {
		t.nodes[i] = trieNode{lo: int32(len(t.edges)), end: b.end}
		for k := b.firstKid; k >= 0; k = nodes[k].sibling {
			t.edges = append(t.edges, trieEdge{nodes[k].r, k})
		}
		t.nodes[i].hi = int32(len(t.edges))
	}
	for _, e := range t.edges[t.nodes[0].lo:t.nodes[0].hi] {
		t.firstBits |= firstBit(e.r)
	}
	return t
}

// step follows the edge of node n for the character at s[pos:], returning the node it
// leads to and where the character ends; -1 when there is none. Bytes that are not
// UTF-8 lead nowhere: no alternative has them.
func (t *altTrie) step(n int32, s string, pos int) (int32, int) {
	if pos >= len(s) {
		return -1, pos
	}
	r, size := rune(s[pos]), 1
	if c := s[pos]; c >= utf8.RuneSelf { // decodeRune, in line: the call cost more than the work
		if c-0xE1 < 0x0F && c != 0xED && pos+2 < len(s) && (s[pos+1]^0x80)|(s[pos+2]^0x80) < 0x40 {
			r, size = rune(c&0x0F)<<12|rune(s[pos+1]&0x3F)<<6|rune(s[pos+2]&0x3F), 3
		} else {
			r, size = utf8.DecodeRuneInString(s[pos:])
		}
	}
	if r == utf8.RuneError && size == 1 {
		return -1, pos
	}
	nd := t.nodes[n]
	for _, e := range t.edges[nd.lo:nd.hi] {
		if e.r == r {
			return e.to, pos + size
		}
	}
	return -1, pos
}

// nextStart returns the first position at or after from where one of the trie's
// alternatives (none empty) starts in s, or -1: what the least strings.Index of each
// alternative is, in one walk along s. The exceptions and other parts of a phrase
// (unless, all) are outside the set's scan and were searched alternative by
// alternative: (太|真|…)(差|烂|…) is 144 searches of the whole text, its syllables more.
// Every place a character starts is tried (a byte that is not UTF-8 is stepped over
// alone), and a literal, being UTF-8, starts nowhere else.
func (t *altTrie) nextStart(s string, from int) int {
	root := t.nodes[0]
	first := t.edges[root.lo:root.hi]
	for pos := from; pos < len(s); {
		r, size := rune(s[pos]), 1
		if c := s[pos]; c >= utf8.RuneSelf { // decodeRune, in line: the call cost more than the work
			if c-0xE1 < 0x0F && c != 0xED && pos+2 < len(s) && (s[pos+1]^0x80)|(s[pos+2]^0x80) < 0x40 {
				r, size = rune(c&0x0F)<<12|rune(s[pos+1]&0x3F)<<6|rune(s[pos+2]&0x3F), 3
			} else {
				r, size = utf8.DecodeRuneInString(s[pos:])
			}
		}
		if t.firstBits&firstBit(r) == 0 {
			pos += size
			continue
		}
		for _, e := range first {
			if e.r != r || r == utf8.RuneError && size == 1 {
				continue
			}
			for n, q := e.to, pos+size; n >= 0; n, q = t.step(n, s, q) {
				if t.nodes[n].end {
					return pos
				}
			}
			break
		}
		pos += size
	}
	return -1
}
