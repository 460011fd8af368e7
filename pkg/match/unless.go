package match

import "unicode/utf8"

// A phrase's exceptions (Unless) are searched wherever the phrase matched, each on its
// own: 对不起 has sixteen (请问, 麻烦, 查一下, …), and each search walked the whole text
// for its anchor, though most utterances that say 对不起 hold none of them. One walk
// along the text with a trie of every exception's anchor says which exceptions may
// occur there; only those are searched, as before.

// unlessFilter is the trie of the anchor alternatives of a pattern's Unless patterns
// (the first 64), each node marked with the patterns an alternative ending there
// anchors.
type unlessFilter struct {
	trie *altTrie
	// owners[node] has bit k set when an anchor alternative of Unless[k] ends at node.
	owners []uint64
	// always has the bits of the patterns the walk cannot rule out: expressions, meaning
	// items, anchors that may be empty.
	always uint64
}

// unlessFilter returns p's filter of its Unless patterns, nil when it has none or
// none the walk can rule out.
func (p *Pattern) unlessFilter() *unlessFilter {
	if len(p.Unless) == 0 {
		return nil
	}
	p.unlessOnce.Do(p.buildUnless)
	return p.unless
}

func (p *Pattern) buildUnless() {
	f := &unlessFilter{}
	var alts []string
	var owner []int
	for k, u := range p.Unless {
		if k >= 64 {
			break // searched whatever the walk finds (Holds)
		}
		if u.regex != nil || u.meaning != nil || u.emptyAnchor || len(u.parts) == 0 {
			f.always |= 1 << k
			continue
		}
		for _, a := range u.parts[u.anchor()].alts {
			alts, owner = append(alts, a), append(owner, k)
		}
	}
	if len(alts) == 0 {
		return // nothing to walk for: every pattern is searched (nil filter)
	}
	f.trie = buildAltTrie(alts)
	f.owners = make([]uint64, len(f.trie.nodes))
	for i, a := range alts {
		n, q := int32(0), 0
		for q < len(a) {
			n, q = f.trie.step(n, a, q)
		}
		f.owners[n] |= 1 << owner[i]
	}
	p.unless = f
}

// present returns the bits of the Unless patterns whose anchor occurs in s, and of
// those always searched: a pattern whose bit is clear has no match in s.
func (f *unlessFilter) present(s string) uint64 {
	mask := f.always
	t := f.trie
	root := t.nodes[0]
	first := t.edges[root.lo:root.hi]
	for pos := 0; pos < len(s); {
		r, size := rune(s[pos]), 1
		if c := s[pos]; c >= utf8.RuneSelf { // decodeRune, in line: the call cost more than the work
			if c-0xE1 < 0x0F && c != 0xED && pos+2 < len(s) && (s[pos+1]^0x80)|(s[pos+2]^0x80) < 0x40 {
				r, size = rune(c&0x0F)<<12|rune(s[pos+1]&0x3F)<<6|rune(s[pos+2]&0x3F), 3
			} else {
				r, size = utf8.DecodeRuneInString(s[pos:])
			}
		}
		if t.firstBits&firstBit(r) != 0 && (r != utf8.RuneError || size > 1) {
			for _, e := range first {
				if e.r != r {
					continue
				}
				for n, q := e.to, pos+size; n >= 0; n, q = t.step(n, s, q) {
					mask |= f.owners[n]
				}
				break
			}
		}
		pos += size
	}
	return mask
}
