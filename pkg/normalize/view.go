package normalize

import (
	"slices"
	"unicode/utf8"
)

// Views: texts derived from a normalised text for tolerant matching (fillers left out,
// homophones folded together, two utterances joined). A view keeps the way back to the
// original, so whatever is found in it is quoted as it was written, and to the text it
// came from, so a span found in the view can be compared with spans of that text.

// Derive returns a view of t whose normalised text is runes: runes[i] stands for the
// normalised rune from[i] of t (from ascending; runes may be left out, not reordered).
// The view's Source quotes t's original text; ParentSpan maps its spans back to t.Norm.
// A clause break of t falls before the first kept rune after it.
func (t *Text) Derive(runes []rune, from []int32) *Text {
	n := len(runes)
	offs := make([]int32, 2*n+1)
	d := &Text{Orig: t.Orig, parent: t, from: from}
	d.origOff, d.normOff = offs[:n:n], offs[n:]
	buf := make([]byte, 0, len(t.Norm))
	for i, r := range runes {
		d.normOff[i] = int32(len(buf))
		d.origOff[i] = t.origOff[from[i]]
		buf = utf8.AppendRune(buf, r)
	}
	d.normOff[n] = int32(len(buf))
	d.Norm = owned(buf)
	for _, b := range t.breaks {
		k := search(t.normOff, b) // the rune a break falls before
		i, _ := slices.BinarySearch(from, int32(k))
		if i == 0 || i >= n {
			continue
		}
		if pos := int(d.normOff[i]); len(d.breaks) == 0 || d.breaks[len(d.breaks)-1] < pos {
			d.breaks = append(d.breaks, pos)
		}
	}
	return d
}

// Runes returns the normalised text's runes (a fresh slice).
func (t *Text) Runes() []rune { return []rune(t.Norm) }

// ParentSpan maps the byte span [start, end) of a view's Norm to the span of the text it
// was derived from: from the first contributing rune to the end of the last. For a text
// that is no view it returns the span unchanged.
func (t *Text) ParentSpan(start, end int) (int, int) {
	if t.parent == nil {
		return start, end
	}
	p := t.parent
	if start >= end {
		i := search(t.normOff, start)
		if i >= len(t.from) {
			return len(p.Norm), len(p.Norm)
		}
		s := int(p.normOff[t.from[i]])
		return s, s
	}
	i := search(t.normOff, start)
	j := search(t.normOff, end) - 1
	if i >= len(t.from) || j < i {
		return len(p.Norm), len(p.Norm)
	}
	return int(p.normOff[t.from[i]]), int(p.normOff[t.from[j]+1])
}

// OrigOffset returns the byte offset in Orig of the original character behind the Norm
// byte offset pos; len(Orig) at the end.
func (t *Text) OrigOffset(pos int) int {
	i := search(t.normOff, pos)
	if i >= len(t.origOff) {
		return len(t.Orig)
	}
	return int(t.origOff[i])
}

// NormOffset returns the Norm byte offset of the first normalised character written at or
// after the Orig byte offset orig; len(Norm) when there is none.
func (t *Text) NormOffset(orig int) int {
	return int(t.normOff[search(t.origOff, orig)])
}

// Concat joins two normalised texts into one, as if sep (not normalised, left out of
// Norm) stood between their originals, with a clause break at the join. Used to match a
// phrase that speech recognition cut into two utterances.
func Concat(a, b *Text, sep string) *Text {
	na, nb := len(a.origOff), len(b.origOff)
	n := na + nb
	offs := make([]int32, 2*n+1)
	c := &Text{Orig: a.Orig + sep + b.Orig, Norm: a.Norm + b.Norm}
	c.origOff, c.normOff = offs[:0:n], offs[n:n]
	c.origOff = append(c.origOff, a.origOff...)
	c.normOff = append(c.normOff, a.normOff[:na]...)
	shift, normShift := int32(len(a.Orig)+len(sep)), int32(len(a.Norm))
	for k := 0; k < nb; k++ {
		c.origOff = append(c.origOff, b.origOff[k]+shift)
		c.normOff = append(c.normOff, b.normOff[k]+normShift)
	}
	c.normOff = append(c.normOff, int32(len(c.Norm)))
	c.breaks = append(c.breaks, a.breaks...)
	if len(a.Norm) > 0 && len(b.Norm) > 0 {
		c.breaks = append(c.breaks, len(a.Norm))
	}
	for _, x := range b.breaks {
		c.breaks = append(c.breaks, x+len(a.Norm))
	}
	return c
}

// Recode returns t with its normalised text replaced by norm, which must spell the same
// number of runes with the same byte length each (one character for another): the maps
// to the original and to the parent text are shared, not copied.
func (t *Text) Recode(norm string) *Text {
	r := *t
	r.Norm = norm
	return &r
}

// ParentCut maps a cut between two runes of a view, at byte offset pos of its Norm, to
// the text it was derived from: the end of the rune before the cut and the start of the
// rune after it there (they differ where runes were left out between them). For a text
// that is no view both are pos.
func (t *Text) ParentCut(pos int) (before, after int) {
	if t.parent == nil {
		return pos, pos
	}
	p := t.parent
	i := search(t.normOff, pos) // the rune starting at pos
	before, after = 0, len(p.Norm)
	if i > 0 {
		before = int(p.normOff[t.from[i-1]+1])
	}
	if i < len(t.from) {
		after = int(p.normOff[t.from[i]])
	}
	return before, after
}
