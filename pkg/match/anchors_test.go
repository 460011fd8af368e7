package match

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/zhijian-qa/zhijian/pkg/normalize"
)

// TestAnchorIndexFindsEveryOccurrence checks the index against strings.HasPrefix at
// every byte, and that it reports them by start: random literals over a small alphabet of ASCII, Han and pinyin-key
// characters, a two-byte and a four-byte one, in random texts that also hold bytes that
// are not UTF-8 (a lead byte alone, a continuation byte, a surrogate).
func TestAnchorIndexFindsEveryOccurrence(t *testing.T) {
	rnd := rand.New(rand.NewPCG(5, 5))
	alphabet := []string{"a", "b", "1", "我", "们", "您", "好", "\ue001", "\ue002", "𠀀", "é", "\ufffd"}
	invalid := []string{"\xe4", "\xbd", "\xed\xa0\x80", "\xe0\x80\x80", "\xff\xbf\xbd"}
	word := func(max int, broken bool) string {
		var b strings.Builder
		for range 1 + rnd.IntN(max) {
			if broken && rnd.IntN(8) == 0 {
				b.WriteString(invalid[rnd.IntN(len(invalid))])
				continue
			}
			b.WriteString(alphabet[rnd.IntN(len(alphabet))])
		}
		return b.String()
	}
	type occ struct {
		id    int32
		start int
	}
	for round := range 3000 {
		lits := make([]string, 1+rnd.IntN(8))
		for i := range lits {
			lits[i] = word(4, false)
		}
		if round >= 2000 {
			// Dozens of literals on a few pairs: a pair's literals are many, found by
			// their third characters (pairHits).
			pairs := []string{word(2, false), word(2, false)}
			lits = make([]string, 20+rnd.IntN(60))
			for i := range lits {
				lits[i] = pairs[rnd.IntN(2)] + alphabet[rnd.IntN(len(alphabet))]
				if rnd.IntN(3) == 0 {
					lits[i] += word(2, false)
				}
			}
		}
		a := newAnchorIndex(lits)
		text := word(40, true)
		if round >= 2000 {
			var b strings.Builder
			for range 10 {
				l := lits[rnd.IntN(len(lits))]
				if rnd.IntN(2) == 0 {
					l = l[:rnd.IntN(len(l)+1)] // cut anywhere, inside a character too
				}
				b.WriteString(l)
				b.WriteString(word(3, true))
			}
			text = b.String()
		}
		var got, want []occ
		a.scan(text, func(id int32, start int) { got = append(got, occ{id, start}) })
		// In the order of their starts: nextAnchor takes the first of a pattern's.
		if !slices.IsSortedFunc(got, func(x, y occ) int { return x.start - y.start }) {
			t.Fatalf("literals %q in %q: not by start: %v", lits, text, got)
		}
		for id, lit := range lits {
			for i := 0; i+len(lit) <= len(text); i++ {
				if strings.HasPrefix(text[i:], lit) {
					want = append(want, occ{int32(id), i})
				}
			}
		}
		cmp := func(x, y occ) int {
			if x.start != y.start {
				return x.start - y.start
			}
			return int(x.id - y.id)
		}
		slices.SortFunc(got, cmp)
		slices.SortFunc(want, cmp)
		if !slices.Equal(got, want) {
			t.Fatalf("literals %q in %q: got %v, want %v", lits, text, got, want)
		}
	}
}

// BenchmarkAnchorScan runs the anchor index alone over the sample calls, normalised, with
// a few hundred three-character literals taken from them: the loop every byte of a batch
// goes through.
func BenchmarkAnchorScan(b *testing.B) {
	paths, _ := filepath.Glob("../../testdata/calls/*.txt")
	var text strings.Builder
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		text.WriteString(normalize.String(string(data)))
	}
	runes := []rune(text.String())
	var lits []string
	for i := 0; i+3 <= len(runes); i += 97 {
		lits = append(lits, string(runes[i:i+3]))
	}
	a := newAnchorIndex(lits)
	s := text.String()
	hits := 0
	b.SetBytes(int64(len(s)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		a.scan(s, func(int32, int) { hits++ })
	}
	if hits == 0 {
		b.Fatal("no literal found")
	}
}

// decodeRune decodes as utf8.DecodeRuneInString does: every lead byte, every second byte
// and the edges of the third, cut short or not.
func TestDecodeRuneIsUTF8(t *testing.T) {
	thirds := []byte{0x00, 0x41, 0x7F, 0x80, 0x9F, 0xA0, 0xBF, 0xC0, 0xE4, 0xFF}
	for lead := 0; lead < 256; lead++ {
		for second := 0; second < 256; second++ {
			for _, third := range thirds {
				s := string([]byte{'a', byte(lead), byte(second), third, 0xBD})
				for end := 2; end <= len(s); end++ {
					r, size := decodeRune(s[:end], 1)
					wr, wsize := utf8.DecodeRuneInString(s[1:end])
					if r != wr || size != wsize {
						t.Fatalf("%q: decodeRune %U %d, utf8 %U %d", s[1:end], r, size, wr, wsize)
					}
				}
			}
		}
	}
}

// decodeRune and the scan's decoder in line decode every lead byte followed by every
// two bytes (and cut short) as utf8.DecodeRuneInString does.
func TestDecodeRuneAgreesWithLibrary(t *testing.T) {
	if testing.Short() {
		t.Skip("8 million sequences")
	}
	x := newAnchorIndex([]string{"\uFFFD"}) // reports where each character starts
	buf := make([]byte, 4)
	for b0 := 0; b0 < 256; b0++ {
		for b1 := 0; b1 < 256; b1++ {
			for b2 := 0; b2 < 256; b2++ {
				if b0 < utf8.RuneSelf && b1+b2 > 0 {
					continue // ASCII: one byte whatever follows
				}
				buf[0], buf[1], buf[2], buf[3] = byte(b0), byte(b1), byte(b2), 0x80
				for _, n := range []int{1, 2, 3, 4} {
					s := string(buf[:n])
					r, size := decodeRune(s, 0)
					wr, wsize := utf8.DecodeRuneInString(s)
					if r != wr || size != wsize {
						t.Fatalf("% x: %U %d, library %U %d", s, r, size, wr, wsize)
					}
					// The scan finds U+FFFD only where the library decodes it from
					// three bytes that are its encoding.
					var got []int
					x.scan(s, func(_ int32, start int) { got = append(got, start) })
					var want []int
					for i := 0; i < len(s); {
						r, size := utf8.DecodeRuneInString(s[i:])
						if r == utf8.RuneError && size == 3 {
							want = append(want, i)
						}
						i += size
					}
					if !slices.Equal(got, want) {
						t.Fatalf("% x: scan %v, library %v", s, got, want)
					}
				}
			}
		}
	}
}
