// Package normalize folds text into the form phrases are matched on: half-width, lower
// case, Simplified Chinese, with punctuation and white space removed. It keeps a map from
// every normalised character back to the original text so reports can quote exactly what
// was said.
package normalize

import (
	_ "embed"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/longbridgeapp/opencc"
	"golang.org/x/text/width"
)

// Text is a normalised string with its way back to the original.
type Text struct {
	// Orig is the text as written.
	Orig string
	// Norm is the normalised text.
	Norm string
	// normOff[i] is the byte offset in Norm of normalised rune i; origOff[i] and
	// origEnd[i] delimit the original rune it came from. normOff has a final entry
	// len(Norm) so rune spans can be looked up by binary search.
	normOff, origOff, origEnd []int
	// breaks are the Norm byte offsets where punctuation was removed: a sentence or
	// clause ended there, so a word cannot continue across it.
	breaks []int
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

// String normalises s and returns only the normalised text.
func String(s string) string { return New(s).Norm }

// New normalises s.
func New(s string) *Text {
	t := &Text{Orig: s}
	runes := make([]rune, 0, len(s)/2)
	pendingBreak := false
	for i, r := range s {
		size := utf8.RuneLen(r)
		if size < 0 {
			size = 1
		}
		if f := width.LookupRune(r).Folded(); f != 0 {
			r = f
		}
		if isSeparator(r) {
			if unicode.IsPunct(r) || unicode.IsSymbol(r) {
				pendingBreak = len(runes) > 0
			}
			continue
		}
		if pendingBreak {
			t.breaks = append(t.breaks, len(runes)) // rune index for now, bytes below
			pendingBreak = false
		}
		runes = append(runes, unicode.ToLower(r))
		t.origOff = append(t.origOff, i)
		t.origEnd = append(t.origEnd, i+size)
	}
	runes = toSimplified(runes)
	var b strings.Builder
	b.Grow(len(runes) * 3)
	t.normOff = make([]int, 0, len(runes)+1)
	for _, r := range runes {
		t.normOff = append(t.normOff, b.Len())
		b.WriteRune(r)
	}
	t.normOff = append(t.normOff, b.Len())
	t.Norm = b.String()
	for k, ri := range t.breaks {
		t.breaks[k] = t.normOff[ri]
	}
	return t
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
	if !hasTraditional(runes) {
		return runes
	}
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

func hasTraditional(runes []rune) bool {
	for _, r := range runes {
		if r >= 0x80 && r < 0x10000 && traditional[r/8]&(1<<(r%8)) != 0 {
			return true
		}
	}
	return false
}

// Source returns the original text behind the normalised byte span [start, end) of Norm:
// from the first contributing original character to the last, including any punctuation
// or spaces in between.
func (t *Text) Source(start, end int) string {
	if start >= end {
		return ""
	}
	i := sort.SearchInts(t.normOff, start)
	j := sort.SearchInts(t.normOff, end) - 1
	if i >= len(t.origOff) || j < i {
		return ""
	}
	return t.Orig[t.origOff[i]:t.origEnd[j]]
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
