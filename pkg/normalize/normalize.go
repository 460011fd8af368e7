// Package normalize folds text into the form phrases are matched on: half-width, lower
// case, Simplified Chinese, with punctuation and white space removed. It keeps a map from
// every normalised character back to the original text so reports can quote exactly what
// was said.
package normalize

import (
	_ "embed"
	"encoding/binary"
	"math/bits"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/longbridgeapp/opencc"
	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/width"
)

// Text is a normalised string with its way back to the original.
type Text struct {
	// Orig is the text as written.
	Orig string
	// Norm is the normalised text.
	Norm string
	// normOff[i] is the byte offset in Norm of normalised rune i and origOff[i] that in
	// Orig of the original rune it came from (where that rune ends is read from Orig).
	// normOff has a final entry len(Norm) so rune spans can be looked up by binary
	// search. 32 bits each: the tables are the largest thing a call allocates.
	normOff, origOff []int32
	// breaks are the Norm byte offsets where punctuation was removed: a sentence or
	// clause ended there, so a word cannot continue across it.
	breaks []int
	// A view (view.go) made by Derive: parent is the text it came from, from[i] the
	// parent rune behind its rune i.
	parent *Text
	from   []int32 // 32 bits, as the offsets: a view of a long call is as large as its text
}

var (
	t2sOnce sync.Once
	t2s     *opencc.OpenCC
	t2sErr  error
)

func converter() (*opencc.OpenCC, error) {
	t2sOnce.Do(func() { t2s, t2sErr = opencc.New("t2s") })
	return t2s, t2sErr
}

// String normalises s and returns only the normalised text. The offset tables it needs
// while building are kept for the next call: a rulebook normalises every literal of its
// phrases, tens of thousands at start-up.
func String(s string) string {
	sc := stringScratch.Get().(*stringBuild)
	n := runeCount(s)
	if cap(sc.offs) < 2*n+1 {
		sc.offs = make([]int32, 2*n+1)
	}
	sc.t.build(s, n, sc.offs[:2*n+1], make([]byte, 0, len(s)), nil)
	norm := sc.t.Norm
	sc.t = Text{}
	stringScratch.Put(sc)
	return norm
}

// stringBuild is what String builds in.
type stringBuild struct {
	t    Text
	offs []int32
}

var stringScratch = sync.Pool{New: func() any { return new(stringBuild) }}

// New normalises s, which must be shorter than 2 GiB (offsets are kept in 32 bits).
func New(s string) *Text {
	// One allocation for the two offset tables; the text is built in place.
	n := runeCount(s)
	t := new(Text)
	t.build(s, n, make([]int32, 2*n+1), make([]byte, 0, len(s)), nil)
	return t
}

// NewAll normalises each of ss as New does. The texts, their offset tables and their
// normalised bytes are each one allocation for all of them, not one per text: a call's
// utterances are normalised together and are dropped together, and allocating for each
// of them cost as much as normalising them.
func NewAll(ss []string) []Text {
	runes, size := 0, 0
	for _, s := range ss {
		runes += runeCount(s)
		size += len(s)
	}
	texts := make([]Text, len(ss))
	offs := make([]int32, 2*runes+len(ss))
	buf := make([]byte, size)
	var breaks []int
	for i, s := range ss {
		n := runeCount(s)
		// Full slice expressions: a text that outgrows its share (see build) gets a
		// table or buffer of its own instead of writing over the next text's.
		breaks = texts[i].build(s, n, offs[:2*n+1:2*n+1], buf[:0:len(s)], breaks)
		offs, buf = offs[2*n+1:], buf[len(s):]
	}
	return texts
}

// build normalises s, of n = runeCount(s) characters, into t. offs holds its offset
// tables, 2*n+1 entries; buf is where the normalised bytes go (len(s) bytes of room); t's
// clause breaks are added to breaks, which build returns: t keeps its part of it.
func (t *Text) build(s string, n int, offs []int32, buf []byte, breaks []int) []int {
	t.Orig = s
	// n may undercount a text that is not UTF-8 (a stray continuation byte is a
	// character of its own): the tables then grow by append, each past the other's end.
	t.origOff, t.normOff = offs[:0:n], offs[n:n:2*n+1]
	first := len(breaks)
	pendingBreak, seen := false, uint32(0)
	// Where characters that may begin a dialect word were written to buf: most texts have
	// a few (什么, 怎么), and looking only there costs less than a second pass.
	var leadsAt [16]int32
	leads := leadsAt[:0]
	for i := 0; i < len(s); {
		// A plain loop over the bytes: most characters of a call are ASCII or three
		// bytes of UTF-8, decoded here without a call; the rest go to the library.
		r, size := rune(s[i]), 1
		if b0 := s[i]; b0 >= utf8.RuneSelf {
			// decodeRune, in line: the call cost more than the work.
			if b0-0xe1 < 0x0f && b0 != 0xed && i+2 < len(s) && (s[i+1]^0x80)|(s[i+2]^0x80) < 0x40 {
				r, size = rune(b0&0x0f)<<12|rune(s[i+1]&0x3f)<<6|rune(s[i+2]&0x3f), 3
			} else {
				r, size = utf8.DecodeRuneInString(s[i:])
			}
		}
		c := classify(r)
		if (r == '々' || r == '〻') && !pendingBreak {
			// The iteration mark repeats the character before it: 谢々 is 谢谢, and the
			// closing 谢々您的电话 is the standard one.
			if p, n := utf8.DecodeLastRune(buf); n > 0 && unicode.Is(unicode.Han, p) {
				c = classify(p)
			}
		}
		if c&drop != 0 && (r == '*' || r == '＊') && endsInDigit(buf) {
			// The mask of a number (139****2234, 一三八****五五九零): kept, so the number
			// stays one number of its length rather than two short ones.
			c = '*'
		}
		if c&drop != 0 {
			if c&ends != 0 {
				pendingBreak = len(buf) > 0
			}
			i += size
			continue
		}
		if pendingBreak {
			breaks = append(breaks, len(buf))
			pendingBreak = false
		}
		seen |= c
		if c&dialectBit != 0 {
			leads = append(leads, int32(len(buf)))
		}
		t.normOff = append(t.normOff, int32(len(buf)))
		t.origOff = append(t.origOff, int32(i))
		switch folded := rune(c & runeMask); {
		case folded == r && size == 1:
			buf = append(buf, s[i])
		case folded == r && size == 3: // most of Chinese: no copy call for three bytes
			buf = append(buf, s[i], s[i+1], s[i+2])
		case folded == r:
			buf = append(buf, s[i:i+size]...) // valid: RuneError is dropped above
		case folded < utf8.RuneSelf:
			buf = append(buf, byte(folded))
		default:
			buf = utf8.AppendRune(buf, folded)
		}
		i += size
	}
	t.normOff = append(t.normOff, int32(len(buf)))
	if len(breaks) > first {
		t.breaks = breaks[first:len(breaks):len(breaks)]
	}
	if seen&traditionalBit != 0 {
		// Rare: rebuild with Simplified characters, which may be longer or shorter in
		// bytes, and move the clause breaks along.
		runes := toSimplified([]rune(string(buf)))
		old := append([]int32(nil), t.normOff...)
		buf = buf[:0]
		for k, r := range runes {
			t.normOff[k] = int32(len(buf))
			buf = utf8.AppendRune(buf, r)
		}
		t.normOff[len(runes)] = int32(len(buf))
		for k, b := range t.breaks {
			t.breaks[k] = int(t.normOff[search(old, b)])
		}
	}
	if seen&dialectBit != 0 {
		if seen&traditionalBit != 0 {
			leads = nil // the Simplified rebuild moved the bytes: look everywhere
		}
		foldDialect(buf, leads)
	}
	t.Norm = owned(buf)
	return breaks
}

// endsInDigit reports whether b, normalised text, ends in a digit or a number's mask.
func endsInDigit(b []byte) bool {
	r, _ := utf8.DecodeLastRune(b)
	return r == '*' || IsDigit(r)
}

// IsDigit reports whether r is a digit as a transcript writes one: ASCII, or Chinese as
// speech recognition spells a number out (幺 for 1, 两 for 2).
func IsDigit(r rune) bool {
	return r >= '0' && r <= '9' || strings.ContainsRune("零〇一二三四五六七八九幺两", r)
}

// runeCount counts the bytes that start a character: utf8.RuneCountInString without
// its validation, which is what makes it several times slower. Exact for UTF-8. Eight
// bytes at a time: a continuation byte is one whose top bits are 10.
func runeCount(s string) int {
	cont := 0
	i := 0
	for ; i+8 <= len(s); i += 8 {
		w := binary.LittleEndian.Uint64(unsafe.Slice(unsafe.StringData(s[i:]), 8))
		cont += bits.OnesCount64(w &^ (w << 1) & 0x8080808080808080)
	}
	for ; i < len(s); i++ {
		if s[i]&0xc0 == 0x80 {
			cont++
		}
	}
	return len(s) - cont
}

// DecodeRune decodes the character at s[i] (i < len(s)) as utf8.DecodeRuneInString(s[i:])
// does, ASCII and three-byte characters (all of CJK) in line: a loop over the characters
// of a text with it costs a third of one with range, which calls the runtime's decoder
// for every character beyond ASCII. (The hottest loops, here and in match, rule, report
// and meaning, write its three-byte case in line even so: the call to it cost more than
// its work.)
func DecodeRune(s string, i int) (rune, int) {
	if c := s[i]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return decodeRune(s, i)
}

// decodeRune decodes the character at s[i], which is not ASCII, as utf8.DecodeRuneInString
// does: three-byte characters (all of CJK) inline, the rest by the library.
//
// Led by E1–EC or EE–EF, any two continuation bytes make a character (neither an
// overlong form nor a surrogate can): tested by one comparison each; E0 and ED, rare in
// a call, go to the library.
func decodeRune(s string, i int) (rune, int) {
	if b0 := s[i]; b0-0xe1 < 0x0f && b0 != 0xed && i+2 < len(s) {
		b1, b2 := s[i+1], s[i+2]
		if (b1^0x80)|(b2^0x80) < 0x40 {
			return rune(b0&0x0f)<<12 | rune(b1&0x3f)<<6 | rune(b2&0x3f), 3
		}
	}
	return utf8.DecodeRuneInString(s[i:])
}

// owned returns buf as a string without copying it: the caller built buf for this and
// never writes to it again.
func owned(buf []byte) string { return unsafe.String(unsafe.SliceData(buf), len(buf)) }

// What normalising does to one character, in a word: the character it becomes (width
// folded, lower case) and flags. Worked out once per character from Unicode's tables
// (fold), and kept for the Basic Multilingual Plane in pages of 256 made on first use:
// a text's characters then cost one table load each.
const (
	runeMask       = 1<<21 - 1
	drop           = 1 << 24 // carries no words: removed
	ends           = 1 << 25 // punctuation or a symbol: a clause ends there
	traditionalBit = 1 << 26 // OpenCC's t2s changes it
	dialectBit     = 1 << 27 // may begin a dialect word (dialect.go)
)

var pages [0x10000 / 256]atomic.Pointer[[256]uint32]

func classify(r rune) uint32 {
	if r < 0 || r >= 0x10000 {
		return fold(r)
	}
	p := pages[r>>8].Load()
	if p == nil {
		p = new([256]uint32)
		base := r &^ 0xff
		for k := range p {
			p[k] = fold(base + rune(k))
		}
		pages[r>>8].Store(p) // two workers may both build a page: same contents
	}
	return p[r&0xff]
}

// fold is classify worked out from Unicode's tables.
func fold(r rune) uint32 {
	if r >= 0x80 {
		if f := width.LookupRune(r).Folded(); f != 0 {
			r = f
		}
		r = compatibilityHan(r)
		if isIgnorable(r) {
			return drop // inside a word: no clause ends there
		}
	}
	if isSeparator(r) {
		if unicode.IsPunct(r) || unicode.IsSymbol(r) {
			return drop | ends
		}
		return drop
	}
	r = unicode.ToLower(r)
	c := uint32(r)
	if isTraditional(r) {
		c |= traditionalBit
	}
	if isDialectLead(r) {
		c |= dialectBit
	}
	return c
}

// compatibilityHan folds a character whose compatibility decomposition (NFKC) is one
// Chinese character: Kangxi radicals (⼀ U+2F00 for 一), CJK compatibility ideographs
// (U+F900–FAFF, U+2F800–2FA1F), circled and parenthesised ideographs. Text copied out of
// PDFs is full of them, and they hide a phrase from every pattern. Only these are folded:
// NFKC turns other characters into several (㈱ into (株)), and the map back to the
// original text is one character for one.
func compatibilityHan(r rune) rune {
	if 0x2E80 <= r && r <= 0x2EFF {
		// CJK Radicals Supplement: no NFKC form but for two, yet ⻔ and 门, ⻅ and 见
		// look the same, and PDFs and some input methods write them for the characters.
		if c, ok := radicalSupplement[r]; ok {
			return c
		}
	}
	switch {
	case r < 0x2E80, 0x3400 <= r && r <= 0x9FFF: // unified ideographs fold to themselves
		return r
	case r >= 0x10000 && !(0x1F200 <= r && r <= 0x1F2FF || 0x2F800 <= r && r <= 0x2FA1F):
		return r // not a compatibility block: no table look-up for every rare character
	}
	f := norm.NFKC.String(string(r))
	if c, size := utf8.DecodeRuneInString(f); size == len(f) && c != r && unicode.Is(unicode.Han, c) {
		return c
	}
	return r
}

// radicalSupplement maps the CJK radicals (U+2E80–2EFF) drawn as a whole character to
// that character, as Unicode's EquivalentUnifiedIdeograph.txt does: ⻔ GATE is 门, so 技术部⻔
// is 技术部门. Radicals that only stand in a character (⺅, ⺡, ⻌) are left alone.
var radicalSupplement = map[rune]rune{
	0x2E81: '厂', 0x2E9D: '月', 0x2E9F: '母', 0x2EA0: '民', 0x2EA9: '王', 0x2EAC: '示',
	0x2EC4: '西', 0x2EC5: '见', 0x2EC6: '角', 0x2EC9: '贝', 0x2ECB: '车', 0x2ED1: '長',
	0x2ED3: '长', 0x2ED4: '门', 0x2ED8: '青', 0x2ED9: '韦', 0x2EDA: '页', 0x2EDB: '风',
	0x2EDC: '飞', 0x2EDD: '食', 0x2EE2: '马', 0x2EE3: '骨', 0x2EE4: '鬼', 0x2EE5: '鱼',
	0x2EE6: '鸟', 0x2EE7: '卤', 0x2EE8: '麦', 0x2EE9: '黄', 0x2EEA: '黾', 0x2EEB: '斉',
	0x2EEC: '齐', 0x2EED: '歯', 0x2EEE: '齿', 0x2EEF: '竜', 0x2EF0: '龙', 0x2EF1: '龜',
	0x2EF2: '亀', 0x2EF3: '龟',
}

// isIgnorable reports whether r is invisible inside a word and must not break it:
// default-ignorable code points (variation selectors, the combining grapheme joiner,
// Hangul fillers, Mongolian free variation selectors, zero-width joiners, soft hyphens)
// and combining marks, which a Chinese phrase never has. Slipped between two characters
// of a 禁语 they would hide it. So would a character no font draws, a box or nothing on
// the page: a private-use character, a noncharacter (U+FDD0, U+FFFF), or a code point not
// assigned (outside the planes of CJK ideographs, whose newest may not be in Go's tables).
func isIgnorable(r rune) bool {
	return unicode.In(r, unicode.Variation_Selector, unicode.Other_Default_Ignorable_Code_Point,
		unicode.Mn, unicode.Me, unicode.Co) ||
		r == 0x180E || r == 0x180F || // Mongolian vowel separator, free variation selector 4
		unicode.Is(unicode.Cf, r) && !unicode.Is(unicode.Prepended_Concatenation_Mark, r) ||
		isUnassigned(r)
}

// isUnassigned reports whether r is a noncharacter or a code point Unicode (as Go knows
// it) has not assigned, outside the ideographic planes 2 and 3.
func isUnassigned(r rune) bool {
	if 0x20000 <= r && r <= 0x3FFFF || r > unicode.MaxRune {
		return false
	}
	return !unicode.In(r, unicode.L, unicode.M, unicode.N, unicode.P, unicode.S, unicode.Z,
		unicode.Cc, unicode.Cf, unicode.Co, unicode.Cs) // not unicode.C: it has the unassigned too
}

// isSeparator reports whether r carries no words: punctuation, symbols, spaces and
// control characters are dropped before matching.
func isSeparator(r rune) bool {
	return unicode.IsPunct(r) || unicode.IsSymbol(r) || unicode.IsSpace(r) ||
		unicode.IsControl(r) || r == utf8.RuneError || unicode.Is(unicode.Cf, r)
}

// toSimplified converts Traditional characters to Simplified. OpenCC converts whole
// phrases, which is more accurate than character by character, but may change the
// length; then each character is converted on its own so the map to the original stays
// one to one.
func toSimplified(runes []rune) []rune {
	cc, err := converter()
	if err != nil {
		return runes
	}
	out, err := cc.Convert(string(runes))
	if err == nil {
		if conv := []rune(out); len(conv) == len(runes) {
			return conv
		}
	}
	for i, r := range runes {
		if !unicode.Is(unicode.Han, r) {
			continue
		}
		if o, err := cc.Convert(string(r)); err == nil {
			if c := []rune(o); len(c) == 1 {
				runes[i] = c[0]
			}
		}
	}
	return runes
}

// traditional marks the characters OpenCC's t2s changes, one bit each over the Basic
// Multilingual Plane; most text has none, and then the converter is not run at all.
//
//go:generate go run ./internal/gentrad traditional.bin
//go:embed traditional.bin
var traditional []byte

func isTraditional(r rune) bool {
	return r >= 0x80 && r < 0x10000 && traditional[r/8]&(1<<(r%8)) != 0
}

// Source returns the original text behind the normalised byte span [start, end) of Norm:
// from the first contributing original character to the last, including any punctuation
// or spaces in between.
func (t *Text) Source(start, end int) string {
	if start >= end {
		return ""
	}
	i := search(t.normOff, start)
	j := search(t.normOff, end) - 1
	if i >= len(t.origOff) || j < i {
		return ""
	}
	return t.Orig[t.origOff[i]:t.origEnd(j)]
}

// SourceStart is where in Orig the original text behind the normalised byte offset start
// begins (as Source's span does); len(Orig) past the end.
func (t *Text) SourceStart(start int) int {
	i := search(t.normOff, start)
	if i >= len(t.origOff) {
		return len(t.Orig)
	}
	return int(t.origOff[i])
}

// origEnd is the end in Orig of the original rune behind normalised rune i.
func (t *Text) origEnd(i int) int {
	start := int(t.origOff[i])
	_, size := utf8.DecodeRuneInString(t.Orig[start:])
	return start + size
}

// search is sort.SearchInts for an offset table: the first index whose offset is at
// least x.
func search(offs []int32, x int) int {
	i, _ := slices.BinarySearch(offs, int32(x))
	return i
}

// IsBreak reports whether punctuation was removed at Norm byte offset pos.
func (t *Text) IsBreak(pos int) bool {
	i := sort.SearchInts(t.breaks, pos)
	return i < len(t.breaks) && t.breaks[i] == pos
}

// Chunks returns the Norm byte offsets that split Norm at removed punctuation, starting
// with 0 and ending with len(Norm): clause k is Norm[c[k]:c[k+1]].
func (t *Text) Chunks() []int {
	c := make([]int, 0, len(t.breaks)+2)
	c = append(c, 0)
	c = append(c, t.breaks...)
	return append(c, len(t.Norm))
}
