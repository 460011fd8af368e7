package match

// Near misses: where a phrase that was not found came closest, so a rulebook's author can
// see what speech recognition made of it (您好请问有什么可以帮您 heard as 你好请问有什么可以帮你).

// Near is the closest approximate occurrence of a pattern in a text.
type Near struct {
	// Span is what was heard, in the text's Norm: from the start of the first literal
	// part's closest occurrence to the end of the last.
	Span
	// Distance counts the syllables to insert, delete or replace to make the phrase's
	// literal parts out of what was heard (gaps and slots cost nothing; fillers and
	// stutters are skipped); Chars counts the same on characters.
	Distance, Chars int
	// Length is the number of characters of the phrase's literal parts compared.
	Length int
}

// Nearest returns where p comes closest to occurring in t: its literal parts, left to
// right, each at the substring of the skeleton of t nearest to it in syllables. ok is false
// when t is empty.
func (p *Pattern) Nearest(t *Text) (Near, bool) {
	if p.regex != nil || p.meaning != nil {
		return Near{}, false // no syllables to compare an expression with
	}
	v := t.robustViews()
	py := []rune(t.pinyinView().Norm)
	chars := []rune(v.skel.Norm)
	if len(py) == 0 {
		return Near{}, false
	}
	fillers := t.set.fillerRunes()
	parts := skeletonParts(p.parts, fillers)
	if parts == nil {
		parts = p.parts
	}
	var best Near
	first, last, pos := -1, 0, 0
	for _, pt := range parts {
		if pt.isGap() {
			continue
		}
		bd, bc, bs, be, bl := -1, 0, 0, 0, 0
		for _, a := range pt.alts {
			ar := []rune(a)
			keys := []rune(pinyinString(a))
			d, s, e := closest(keys, py[pos:])
			if bd < 0 || d < bd {
				c, _, _ := closest(ar, chars[pos+s:pos+e])
				bd, bc, bs, be, bl = d, c, s, e, len(ar)
			}
		}
		if bd < 0 {
			continue
		}
		best.Distance += bd
		best.Chars += bc
		best.Length += bl
		if first < 0 {
			first = pos + bs
		}
		pos += be
		last = pos
	}
	if first < 0 {
		return Near{}, false
	}
	// Rune indexes of the views to byte offsets of t.Norm.
	off := func(i int) int {
		b := 0
		for _, r := range chars[:i] {
			b += len(string(r))
		}
		return b
	}
	best.Span = v.parent(Span{off(first), off(last)})
	return best, true
}

// closest finds the substring of x nearest to a in edit distance (Sellers' algorithm):
// the distance and the substring x[start:end]; among equals, the longest (a character
// heard differently is shown rather than left out).
func closest(a, x []rune) (dist, start, end int) {
	n := len(x)
	prev, cur := make([]int, n+1), make([]int, n+1)
	prevStart, curStart := make([]int, n+1), make([]int, n+1)
	for j := range prev {
		prevStart[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0], curStart[0] = i, 0
		for j := 1; j <= n; j++ {
			cost := 1
			if a[i-1] == x[j-1] {
				cost = 0
			}
			d, s := prev[j-1]+cost, prevStart[j-1]
			if prev[j]+1 < d {
				d, s = prev[j]+1, prevStart[j]
			}
			if cur[j-1]+1 < d {
				d, s = cur[j-1]+1, curStart[j-1]
			}
			cur[j], curStart[j] = d, s
		}
		prev, cur = cur, prev
		prevStart, curStart = curStart, prevStart
	}
	dist, start, end = -1, 0, 0
	for j := 0; j <= n; j++ {
		if dist < 0 || prev[j] < dist || prev[j] == dist && j-prevStart[j] > end-start {
			dist, start, end = prev[j], prevStart[j], j
		}
	}
	return dist, start, end
}
