package match

import (
	"cmp"
	"slices"
	"sort"
	"unicode"
	"unicode/utf8"

	"github.com/zhijian-qa/zhijian/pkg/msg"
	"github.com/zhijian-qa/zhijian/pkg/normalize"
)

// Tolerant matching: transcripts come from speech recognition, which writes fillers and
// stutters (嗯，我我我也没办法) and homophones (少等 for 稍等). A pattern whose Fuzzy allows
// it is matched in three tiers, each only where the one before found nothing:
//
//  1. exact: the normalised text, as always;
//  2. fillers: the skeleton of the text — the rulebook's fillers (嗯、啊、呃、那个、就是)
//     left out and a Han character repeated at once (我我我, 没没) said once — against
//     the skeleton of the pattern, made the same way;
//  3. pinyin: the skeleton with every character replaced by its syllable (pinyin.go)
//     against the pattern's syllables.
//
// Every tier keeps the word-boundary rule (a view of homophones takes its boundaries from
// the skeleton it was made from) and maps what it found back to the normalised text, so
// a finding quotes what was said, fillers and homophones included. The tiers use the
// same one-pass prefilter as exact matching: a Set builds, on first use, sets of its
// patterns' tolerant forms, and a text builds its views only when a tolerant tier is
// reached.

// Fuzzy is how far past the exact text a pattern may match, and how a match was found.
type Fuzzy string

const (
	// Exact: the normalised text only ("none" in a rulebook).
	Exact Fuzzy = ""
	// Fillers: also with fillers and stutters skipped.
	Fillers Fuzzy = "fillers"
	// Pinyin: also by sound, fillers and stutters skipped.
	Pinyin Fuzzy = "pinyin"
)

// ParseFuzzy checks a rulebook's fuzzy value: none, fillers or pinyin.
func ParseFuzzy(s string) (Fuzzy, error) {
	switch s {
	case "none":
		return Exact, nil
	case string(Fillers), string(Pinyin):
		return Fuzzy(s), nil
	}
	return Exact, msg.Errorf("match.unknown-fuzzy", s)
}

// Name is the value as a rulebook writes it.
func (f Fuzzy) Name() string {
	if f == Exact {
		return "none"
	}
	return string(f)
}

// DefaultFillers are the fillers skipped unless a rulebook lists its own.
var DefaultFillers = []string{"嗯", "啊", "呃", "那个", "就是"}

// SetFillers sets the fillers the set's texts skip (normalised; an empty list skips none,
// stutters are still skipped). It must be called before the first match.
func (s *Set) SetFillers(fillers []string) {
	s.fillers, s.fillersSet = nil, true
	for _, f := range fillers {
		if n := normalize.String(f); n != "" {
			s.fillers = append(s.fillers, n)
		}
	}
}

var defaultFillerRunes = fillerRunes(DefaultFillers)

// fillerRunes returns the set's fillers as runes, longest first.
func (s *Set) fillerRunes() [][]rune {
	if s == nil || !s.fillersSet {
		return defaultFillerRunes
	}
	s.fillerOnce.Do(func() { s.fillerRs = fillerRunes(s.fillers) })
	return s.fillerRs
}

// HasFillers reports whether SetFillers was called.
func (s *Set) HasFillers() bool { return s.fillersSet }

// Fillers returns the fillers the set's texts skip.
func (s *Set) Fillers() []string {
	if s == nil || !s.fillersSet {
		return DefaultFillers
	}
	return s.fillers
}

// Fillers returns the fillers skipped in t.
func (t *Text) Fillers() []string { return t.set.Fillers() }

// Hit is a match found by the tolerant matcher: a span of the text's Norm and the tier
// that found it.
type Hit struct {
	Span
	Fuzzy Fuzzy
}

// forms are a pattern's tolerant forms: its skeleton, and the syllables of its skeleton.
// Either is nil when the pattern has none (exact only, or nothing left of it once its
// fillers are gone: 那个, 嗯嗯).
type forms struct {
	skel, py *Pattern
}

// setRobust holds the sets of a Set's tolerant forms, with their own prefilters.
type setRobust struct {
	skel, py *Set
	forms    []forms // by pattern id
}

// robustIndex builds the tolerant forms of every pattern in s, once.
// tolerantOf returns p's tolerant forms; ok is false for a pattern matched only as
// written or without a skeleton, anywhere says a form may start anywhere (the set's scan
// cannot find where).
func (r *setRobust) tolerantOf(p *Pattern) (f forms, anywhere, ok bool) {
	if p.Fuzzy == Exact {
		return f, false, false
	}
	f = r.forms[p.id]
	if f.skel == nil {
		return f, false, false
	}
	return f, f.skel.emptyAnchor || f.py != nil && f.py.emptyAnchor, true
}

func (s *Set) robustIndex() *setRobust {
	if r := s.robust.Load(); r != nil {
		return r
	}
	s.robustOnce.Do(func() {
		r := &setRobust{skel: &Set{}, py: &Set{}, forms: make([]forms, len(s.patterns))}
		fillers := s.fillerRunes()
		// Patterns compiled from one text share their parts (Compiler), and so their
		// tolerant parts: derived once, each pattern given its own Pattern over them.
		type derivedKey struct {
			parts *part
			fuzzy Fuzzy
		}
		derived := map[derivedKey]*forms{}
		for _, p := range s.patterns {
			var f forms
			if len(p.parts) == 0 { // a regex or meaning item: no parts to share
				f = derive(p, fillers)
			} else if k := (derivedKey{&p.parts[0], p.Fuzzy}); derived[k] != nil {
				f = derived[k].renewed(p)
			} else {
				f = derive(p, fillers)
				derived[k] = &f
			}
			if f.skel != nil {
				r.skel.Add(f.skel)
			}
			if f.py != nil {
				r.py.Add(f.py)
			}
			r.forms[p.id] = f
		}
		r.skel.Build()
		r.py.Build()
		s.robust.Store(r)
	})
	return s.robust.Load()
}

// formsFor returns p's tolerant forms for matching in t.
func (p *Pattern) formsFor(t *Text) forms {
	if p.Fuzzy == Exact {
		return forms{}
	}
	if p.set != nil && p.set.built && t.set == p.set {
		return p.set.robustIndex().forms[p.id]
	}
	p.ownOnce.Do(func() { p.own = derive(p, fillerRunes(DefaultFillers)) })
	return p.own
}

// FindRobust returns the first match of p in t by the first tier that finds one.
func (p *Pattern) FindRobust(t *Text) (Hit, bool) {
	if sp, ok := p.Find(t); ok || p.Fuzzy == Exact {
		return Hit{sp, Exact}, ok
	}
	return p.FindTolerant(t)
}

// FindTolerant is FindRobust without the exact tier: for a caller that has already
// looked for p as written, in this text and others, and found nothing.
func (p *Pattern) FindTolerant(t *Text) (Hit, bool) {
	if p.Fuzzy == Exact {
		return Hit{}, false
	}
	f := p.formsFor(t)
	if f.skel == nil {
		return Hit{}, false
	}
	v := t.robustViews()
	if f.py != nil && !v.noPinyin {
		// The syllables of the skeleton find what the skeleton finds, and homophones.
		if py := t.pinyinView(); mayMatch(f.py, py) {
			for _, sp := range f.py.FindAll(py) {
				if h := v.parent(sp); p.spansEnough(t, h) {
					return Hit{h, v.how(f, sp)}, true
				}
			}
		}
		return Hit{}, false
	}
	if !v.same && mayMatch(f.skel, v.skel) {
		for _, sp := range f.skel.FindAll(v.skel) {
			if h := v.parent(sp); p.spansEnough(t, h) {
				return Hit{h, Fillers}, true
			}
		}
	}
	return Hit{}, false
}

// spansEnough reports whether a tolerant match at sp (in t's normalised text) has at
// least as many characters as p's shortest literal reading. Fillers and stutters only
// lengthen what was said; a match shorter than the phrase means the skeleton folded a
// reduplication the phrase itself is written with (磨磨唧唧 → 磨唧, which by sound is
// also 莫急, "don't worry"), and that is another word.
func (p *Pattern) spansEnough(t *Text, sp Span) bool {
	n := sp.End - sp.Start
	if n >= 4*len(p.Source) {
		return true // longer in bytes than the phrase could be in runes: no need to count
	}
	fillers := t.set.fillerRunes()
	p.spokenOnce.Do(func() { p.spoken = p.minSpokenRunes(fillers) })
	return utf8.RuneCountInString(t.Norm[sp.Start:sp.End]) >= p.spoken
}

// minSpokenRunes is the number of characters of p's shortest reading with its fillers
// (就是, 啊) left out, as its skeleton leaves them, but its reduplications kept.
func (p *Pattern) minSpokenRunes(fillers [][]rune) int {
	n := 0
	for _, pt := range p.parts {
		if pt.isGap() {
			continue
		}
		least := -1
		for _, a := range pt.alts {
			s, _ := skeletonOpt([]rune(a), fillers, false)
			if c := len(s); least < 0 || c < least {
				least = c
			}
		}
		n += max(least, 0)
	}
	return n
}

// how tells a match found in syllables (at sp, in the views' offsets) that is the
// pattern's skeleton as written, fillers or stutters only skipped, from a homophone.
func (v *textViews) how(f forms, sp Span) Fuzzy {
	if v.same {
		return Pinyin // the text itself: had it been written so, the exact tier had found it
	}
	var m memo
	defer m.release()
	if s, ok := f.skel.findFrom(v.skel, sp.Start, &m); ok && s.Start == sp.Start {
		return Fillers
	}
	return Pinyin
}

// MayOccurTolerant is MayOccur for the tolerant tiers (FindTolerant): false when p has
// none, or when none of its tolerant forms' anchors is in the view of t they search.
func (p *Pattern) MayOccurTolerant(t *Text) bool {
	if p.Fuzzy == Exact {
		return false
	}
	f := p.formsFor(t)
	if f.skel == nil {
		return false
	}
	v := t.robustViews()
	if f.py != nil && !v.noPinyin {
		return mayMatch(f.py, t.pinyinView())
	}
	return !v.same && mayMatch(f.skel, v.skel)
}

// mayMatch runs the view's prefilter if it has not run, and reports whether d's anchor
// occurs in the view: most tolerant forms have none in a given utterance, and then no
// search is started at all.
func mayMatch(d *Pattern, view *Text) bool {
	scanned(view)
	if d.set == nil || view.set != d.set || !d.set.built || d.emptyAnchor {
		return true // not in the prefilter: it may start anywhere
	}
	return view.hasCandidate(d.id)
}

// scanned runs a view's prefilter, if it has one, before its first use.
func scanned(t *Text) *Text {
	s := t.set
	if s == nil || t.scanned || !s.built {
		return t
	}
	s.scan(t)
	return t
}

// FindAllRobust returns the matches of p in t, left to right: the exact ones, then those
// of each further tier that overlap none found before.
func (p *Pattern) FindAllRobust(t *Text) []Hit {
	return p.FindAllRobustInto(nil, t)
}

// FindAllRobustInto is FindAllRobust written over buf (its array reused, what it held
// lost): a caller that reads the hits at once keeps one buffer for all its searches.
func (p *Pattern) FindAllRobustInto(buf []Hit, t *Text) []Hit {
	hits := buf[:0]
	for _, sp := range p.FindAll(t) {
		hits = append(hits, Hit{sp, Exact})
	}
	f := p.formsFor(t)
	if f.skel == nil {
		return hits
	}
	v := t.robustViews()
	n := len(hits)
	switch {
	case f.py != nil && !v.noPinyin:
		// The syllables of the skeleton find what the skeleton finds, and homophones.
		if py := t.pinyinView(); mayMatch(f.py, py) {
			for _, sp := range f.py.FindAll(py) {
				hits = v.addHits(p, hits, []Span{sp}, v.how(f, sp))
			}
		}
	case !v.same && mayMatch(f.skel, v.skel):
		hits = v.addHits(p, hits, f.skel.FindAll(v.skel), Fillers)
	}
	if len(hits) > n {
		slices.SortStableFunc(hits, func(a, b Hit) int { return cmp.Compare(a.Start, b.Start) })
	}
	return hits
}

// addHits adds the spans found in a view that overlap no hit found before and are as
// long as p (Pattern.spansEnough).
func (v *textViews) addHits(p *Pattern, hits []Hit, spans []Span, fz Fuzzy) []Hit {
	for _, sp := range spans {
		sp = v.parent(sp)
		if !p.spansEnough(v.base, sp) {
			continue
		}
		free := true
		for _, h := range hits {
			if sp.Start < h.End && h.Start < sp.End || sp == h.Span {
				free = false
				break
			}
		}
		if free {
			hits = append(hits, Hit{sp, fz})
		}
	}
	return hits
}

// textViews are a text's views for the tolerant tiers.
type textViews struct {
	base *Text
	// skel is the skeleton; same when nothing was skipped (skel is then the text).
	skel *Text
	same bool
	py   *Text
	// noPinyin: two utterances joined are matched as written or with fillers skipped,
	// not by sound; a cut and a homophone at once are one guess too many.
	noPinyin bool
}

// parent maps a span of a view back to the text.
func (v *textViews) parent(sp Span) Span {
	if v.same {
		return sp
	}
	s, e := v.skel.ParentSpan(sp.Start, sp.End)
	return Span{s, e}
}

func (t *Text) robustViews() *textViews {
	v := &t.views
	if v.base != nil {
		return v
	}
	v.base = t
	fillers := t.set.fillerRunes()
	if !hasSkippable(t.Norm, fillers) {
		v.same, v.skel = true, t
		return v
	}
	out, from := skeletonOf(t.Norm, fillers)
	nt := t.Text.Derive(out, from)
	v.skel = &Text{Text: nt, seg: t.seg, arena: t.arena, viewOf: t}
	if t.set != nil && t.set.built {
		v.skel.set = t.set.robustIndex().skel
	}
	return v
}

// hasSkippable reports whether norm has a filler or a Han character said twice in a row:
// most utterances have neither, and then their skeleton is themselves.
func hasSkippable(norm string, fillers [][]rune) bool {
	firsts := fillerFirsts(fillers)
	var prev rune
	for i := 0; i < len(norm); {
		r, size := rune(norm[i]), 1
		if c := norm[i]; c >= utf8.RuneSelf { // decodeRune, in line: the call cost more than the work
			if c-0xE1 < 0x0F && c != 0xED && i+2 < len(norm) && (norm[i+1]^0x80)|(norm[i+2]^0x80) < 0x40 {
				r, size = rune(c&0x0F)<<12|rune(norm[i+1]&0x3F)<<6|rune(norm[i+2]&0x3F), 3
			} else {
				r, size = utf8.DecodeRuneInString(norm[i:])
			}
		}
		i += size
		if r == prev && r >= 0x3400 {
			return true
		}
		prev = r
		if firsts&firstBit(r) == 0 {
			continue
		}
		for _, f := range fillers {
			if f[0] == r && hasRunesAt(norm[i:], f[1:]) {
				return true
			}
		}
	}
	return false
}

// pinyinView is the skeleton in syllables. Its byte offsets are the skeleton's, and it
// takes the skeleton's word boundaries, strictly: a homophone must start and end where
// the segmentation of what was heard puts a word boundary, without the splitting of a
// two-character word that exact matching allows (是的 is not heard in 公司的).
func (t *Text) pinyinView() *Text {
	v := t.robustViews()
	if v.py != nil {
		return v.py
	}
	// One key for one character of the same byte length: the skeleton's maps serve.
	nt := v.skel.Text.Recode(pinyinString(v.skel.Norm))
	v.py = &Text{Text: nt, seg: t.seg, arena: t.arena, viewOf: t, syllables: true}
	if t.set != nil && t.set.built {
		v.py.set = t.set.robustIndex().py
	}
	return v.py
}

// viewBoundary is isBoundary in a view (viewOf is set), decided by the words of the
// text it was made from. A word may start or end where the skeleton leaves fillers out
// when it may start after the word before them or end before the word after them: the
// text's own segmentation decides, and the skeleton is never segmented. The view in
// syllables takes the text's word boundaries strictly (tokenBoundary).
func (v *Text) viewBoundary(pos int) bool {
	if pos <= 0 || pos >= len(v.Norm) {
		return true
	}
	before, after := v.ParentCut(pos)
	t := v.viewOf
	if v.syllables {
		return t.tokenBoundary(before) || t.tokenBoundary(after)
	}
	return t.isBoundary(before) || t.isBoundary(after)
}

// JoinSeparator stands between two utterances joined by Join when a match across them is
// quoted.
const JoinSeparator = " | "

// JoinAround is Join of at most k characters each side of the join: enough for a phrase
// that crosses it, less to search. cut is the Norm offset of the join.
func JoinAround(a, b *Text, k int) (t *Text, cut int) {
	tail := func(t *Text, fromEnd bool) *normalize.Text {
		rs := []rune(t.Norm)
		if len(rs) <= k {
			return t.Text
		}
		lo, hi := 0, k
		if fromEnd {
			lo, hi = len(rs)-k, len(rs)
		}
		from := make([]int32, hi-lo)
		for i := range from {
			from[i] = int32(lo + i)
		}
		return t.Text.Derive(rs[lo:hi], from)
	}
	head := tail(a, true)
	nt := normalize.Concat(head, tail(b, false), JoinSeparator)
	t = &Text{Text: nt, seg: a.seg, set: a.set, arena: a.arena}
	t.robustViews().noPinyin = true
	return scanned(t), len(head.Norm)
}

// Join returns utterances a and b as one text, to find a phrase that speech recognition
// cut in two (谢谢您的电话 | 再见). Matches are quoted from both originals with
// JoinSeparator between them; the join is a clause break.
func Join(a, b *Text) *Text {
	nt := normalize.Concat(a.Text, b.Text, JoinSeparator)
	t := &Text{Text: nt, seg: a.seg, set: a.set, arena: a.arena}
	t.robustViews().noPinyin = true
	return scanned(t)
}

// tokenBoundary reports whether the segmentation puts a word boundary at Norm byte
// offset pos (punctuation and the ends of the text included), not allowing the split of
// a word that isBoundary may.
func (t *Text) tokenBoundary(pos int) bool {
	if pos <= 0 || pos >= len(t.Norm) || t.IsBreak(pos) || t.seg == nil {
		return true
	}
	ends, _, ok := t.clauseWords(pos)
	if !ok {
		return true
	}
	i := sort.SearchInts(ends, pos)
	return i < len(ends) && ends[i] == pos
}

// Skeleton of runes. -----------------------------------------------------------------

func fillerRunes(fillers []string) [][]rune {
	out := make([][]rune, 0, len(fillers))
	for _, f := range fillers {
		if f != "" {
			out = append(out, []rune(f))
		}
	}
	// Longest first, so 那个 is skipped whole before a shorter filler could match.
	sort.SliceStable(out, func(i, j int) bool { return len(out[i]) > len(out[j]) })
	return out
}

// skeleton leaves the fillers out of rs and says a Han character repeated at once (我我我,
// 没没) once. Longer units are not folded: 不能办就是不能办 would become 不能办, which is no
// 禁语; a stutter of a word mostly comes before a phrase (我们我们的电脑……), where the
// phrase is found as it is. A filler's own stutter goes with it (那那个, 那个个个, 嗯嗯).
// from[i] is the index in rs of out[i].
func skeleton(rs []rune, fillers [][]rune) (out []rune, from []int32) {
	return skeletonOpt(rs, fillers, true)
}

// skeletonOpt is skeleton; without fold, repeated characters are kept.
func skeletonOpt(rs []rune, fillers [][]rune, fold bool) (out []rune, from []int32) {
	out = make([]rune, 0, len(rs))
	from = make([]int32, 0, len(rs))
	var skipped rune // the last rune of a filler just left out, 0 after a kept rune
next:
	for i := 0; i < len(rs); {
		r := rs[i]
		if r == skipped {
			i++
			continue
		}
		for _, f := range fillers {
			if hasRunePrefix(rs[i:], f) {
				// 那那个: the 那 kept just before was the filler's stutter.
				for len(out) > 0 && out[len(out)-1] == f[0] && from[len(from)-1] == int32(i-1) {
					out, from = out[:len(out)-1], from[:len(from)-1]
				}
				i += len(f)
				skipped = f[len(f)-1]
				continue next
			}
		}
		if fold && len(out) > 0 && r == out[len(out)-1] && r >= 0x3400 && unicode.Is(unicode.Han, r) {
			i++
			continue
		}
		skipped = 0
		out = append(out, r)
		from = append(from, int32(i))
		i++
	}
	return out, from
}

// hasRunesAt reports whether s starts with the runes rs.
func hasRunesAt(s string, rs []rune) bool {
	i := 0
	for _, r := range rs {
		if i == len(s) {
			return false
		}
		c, size := decodeRune(s, i)
		if c != r {
			return false
		}
		i += size
	}
	return true
}

// fillerFirsts is the mask (firstBit) of the characters fillers start with: most
// characters of a text start none, and are passed at a test instead of a comparison
// with each filler (that loop was most of hasSkippable's and skeletonOf's work).
func fillerFirsts(fillers [][]rune) uint64 {
	var m uint64
	for _, f := range fillers {
		m |= firstBit(f[0])
	}
	return m
}

// skeletonOf is skeleton of a string's runes, without a copy of them.
func skeletonOf(norm string, fillers [][]rune) (out []rune, from []int32) {
	firsts := fillerFirsts(fillers)
	out = make([]rune, 0, len(norm)/3+1)
	from = make([]int32, 0, len(norm)/3+1)
	var skipped rune
	k := -1 // rune index
next:
	for i := 0; i < len(norm); {
		r, size := rune(norm[i]), 1
		if c := norm[i]; c >= utf8.RuneSelf { // decodeRune, in line: the call cost more than the work
			if c-0xE1 < 0x0F && c != 0xED && i+2 < len(norm) && (norm[i+1]^0x80)|(norm[i+2]^0x80) < 0x40 {
				r, size = rune(c&0x0F)<<12|rune(norm[i+1]&0x3F)<<6|rune(norm[i+2]&0x3F), 3
			} else {
				r, size = utf8.DecodeRuneInString(norm[i:])
			}
		}
		k++
		if r == skipped {
			i += size
			continue
		}
		if firsts&firstBit(r) != 0 {
			for _, f := range fillers {
				if f[0] == r && hasRunesAt(norm[i+size:], f[1:]) {
					for len(out) > 0 && out[len(out)-1] == f[0] && from[len(from)-1] == int32(k-1) {
						out, from = out[:len(out)-1], from[:len(from)-1]
					}
					// Step over the filler: its first rune is read, the others follow.
					for n := 1; n < len(f); n++ {
						_, sz := decodeRune(norm, i+size)
						size += sz
						k++
					}
					i += size
					skipped = f[len(f)-1]
					continue next
				}
			}
		}
		if len(out) > 0 && r == out[len(out)-1] && r >= 0x3400 && unicode.Is(unicode.Han, r) {
			i += size
			continue
		}
		skipped = 0
		out = append(out, r)
		from = append(from, int32(k))
		i += size
	}
	return out, from
}

func hasRunePrefix(s, prefix []rune) bool {
	return len(s) >= len(prefix) && sameRunes(s[:len(prefix)], prefix)
}

func sameRunes(a, b []rune) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Tolerant forms of a pattern. ---------------------------------------------------------

// minTolerant is the fewest characters a literal keeps in a tolerant form: one character
// with its fillers gone, or one syllable, would match far too much.
const minTolerant = 2

// derive makes p's tolerant forms.
func derive(p *Pattern, fillers [][]rune) forms {
	if p.Fuzzy == Exact {
		return forms{}
	}
	if len(p.parts) == 1 && maxRunes(p.parts[0].alts) <= 1 {
		return forms{} // one character: nothing to skip inside it, too short to sound out
	}
	skel := skeletonParts(p.parts, fillers)
	if skel == nil {
		return forms{}
	}
	f := forms{skel: newPattern(p.Source, p.Mode, skel)}
	if p.Fuzzy == Pinyin {
		if py := pinyinParts(skel); py != nil {
			f.py = newPattern(p.Source, p.Mode, py)
		}
	}
	return f
}

// renewed is f for p, a pattern of the same parts as the one f was derived for: new
// Patterns over the same tolerant parts, as each joins its set under its own id.
func (f forms) renewed(p *Pattern) forms {
	var out forms
	if f.skel != nil {
		out.skel = newPattern(p.Source, p.Mode, f.skel.parts)
	}
	if f.py != nil {
		out.py = newPattern(p.Source, p.Mode, f.py.parts)
	}
	return out
}

func maxRunes(alts []string) int {
	n := 0
	for _, a := range alts {
		n = max(n, utf8.RuneCountInString(a))
	}
	return n
}

// skeletonParts is parts with each literal made a skeleton; nil when some literal part
// keeps no alternative of minTolerant characters (or unchanged).
func skeletonParts(parts []part, fillers [][]rune) []part {
	out := make([]part, len(parts))
	first, last := -1, -1
	for i, pt := range parts {
		if !pt.isGap() {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	for i, pt := range parts {
		if pt.isGap() {
			out[i] = pt
			continue
		}
		var alts []string
		for _, a := range pt.alts {
			rs := []rune(a)
			s, _ := skeleton(rs, fillers)
			// A filler the author put at the pattern's edge is a word they asked for (the
			// 啊 of 不看合同啊, a question): without it the skeleton would end early and
			// find 不看合同的. Such a reading matches as written only.
			if i == first && edgeFiller(rs, fillers, true) || i == last && edgeFiller(rs, fillers, false) {
				continue
			}
			if len(s) >= minTolerant || sameRunes(s, rs) {
				alts = append(alts, string(s))
			}
		}
		if len(alts) == 0 {
			return nil
		}
		out[i] = part{alts: dedupe(alts)}
	}
	return out
}

// edgeFiller reports whether rs starts (or, with !start, ends) with one of the fillers.
func edgeFiller(rs []rune, fillers [][]rune, start bool) bool {
	for _, f := range fillers {
		if len(f) == 0 || len(f) > len(rs) {
			continue
		}
		if start && slices.Equal(rs[:len(f)], f) || !start && slices.Equal(rs[len(rs)-len(f):], f) {
			return true
		}
	}
	return false
}

// pinyinParts is parts with each literal in syllables, the readings of common polyphones
// included; nil when the pattern's literal parts come to fewer than minTolerant
// characters at their shortest (我是…号 has three; 你 or 喂 alone would sound like too
// much), or its first literal part, where a search starts, could be one syllable (我 in
// 我{0,4}说错: every 我, 握, 沃 would have to be tried).
func pinyinParts(parts []part) []part {
	anchor := 0
	if parts[0].isGap() {
		anchor = 1
	}
	for _, a := range parts[anchor].alts {
		if utf8.RuneCountInString(a) < minTolerant {
			return nil
		}
	}
	out := make([]part, len(parts))
	shortest := 0
	for i, pt := range parts {
		if pt.isGap() {
			out[i] = pt
			continue
		}
		var alts []string
		least := -1
		for _, a := range pt.alts {
			if n := len([]rune(a)); least < 0 || n < least {
				least = n
			}
			alts = append(alts, pinyinAlternatives(a)...)
		}
		shortest += least
		if len(alts) > 4*maxAlternatives {
			// Too many readings to spell out: the first reading of each character.
			alts = alts[:0]
			for _, a := range pt.alts {
				alts = append(alts, pinyinString(a))
			}
		}
		out[i] = part{alts: dedupe(alts)}
	}
	if shortest < minTolerant {
		return nil
	}
	return out
}
