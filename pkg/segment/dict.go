package segment

import (
	_ "embed"
	"encoding/binary"
	"errors"
	"math"
	"slices"
	"strings"
	"sync/atomic"
	"unicode/utf8"
	"unsafe"
)

// dictData is gse's Simplified Chinese dictionary compiled by internal/gendict: words
// sorted by their bytes with gse's path lengths. It is read in place, so loading costs
// nothing but a header check.
//
//go:generate go run ./internal/gendict dict.bin
//go:embed dict.bin
var dictData []byte

// dictionary is a read-only view of dictData.
type dictionary struct {
	n        int
	maxUnits int
	maxBytes int // the longest word, in bytes
	logTotal float32
	offs     []byte // n+1 little-endian uint32 offsets into words
	dists    []byte // n little-endian float32 distances
	// words are the words' bytes, as a string over dictData (never written): a word is
	// compared with text without a copy of either.
	words string
	// byFirst[r] is the run [lo, hi) of words whose first character is r (in the Basic
	// Multilingual Plane): where a search starts, so a lookup needs a few comparisons
	// instead of a search of the whole list.
	byFirst [][2]int32
	// second[r] splits the run of r's words by their second character, made the first
	// time a clause needs it (secondOf).
	second [0x10000]atomic.Pointer[secondRuns]
}

// secondRuns are the words of one first character, by their second character: runs[i]
// is the run [lo, hi) of the words whose second character is runes[i] (ascending, as the
// words sort). A lookup of two characters is then a search among a few dozen runes
// instead of among the character's thousands of words.
type secondRuns struct {
	runes []rune
	runs  [][2]int32
}

// secondOf returns the split of the run [lo, hi) of the words starting with r.
func (d *dictionary) secondOf(r rune, lo, hi int) *secondRuns {
	if s := d.second[r].Load(); s != nil {
		return s
	}
	s := &secondRuns{}
	size := utf8.RuneLen(r)
	for i := lo; i < hi; i++ {
		w := d.word(i)
		if len(w) <= size {
			continue // the character alone
		}
		r2, _ := utf8.DecodeRuneInString(w[size:])
		if n := len(s.runes); n > 0 && s.runes[n-1] == r2 {
			s.runs[n-1][1] = int32(i + 1)
			continue
		}
		s.runes = append(s.runes, r2)
		s.runs = append(s.runs, [2]int32{int32(i), int32(i + 1)})
	}
	d.second[r].Store(s) // two workers may both make it: same contents
	return s
}

func openDictionary(data []byte) (*dictionary, error) {
	if len(data) < 16 || string(data[:4]) != "ZJD1" {
		return nil, errors.New("segment: bad dictionary header")
	}
	le := binary.LittleEndian
	d := &dictionary{
		n:        int(le.Uint32(data[4:])),
		maxUnits: int(le.Uint32(data[8:])),
		logTotal: math.Float32frombits(le.Uint32(data[12:])),
	}
	offEnd := 16 + 4*(d.n+1)
	distEnd := offEnd + 4*d.n
	if len(data) < distEnd {
		return nil, errors.New("segment: truncated dictionary")
	}
	d.offs, d.dists = data[16:offEnd], data[offEnd:distEnd]
	d.words = unsafe.String(unsafe.SliceData(data[distEnd:]), len(data)-distEnd)
	d.byFirst = make([][2]int32, 0x10000)
	for i := 0; i < d.n; i++ {
		d.maxBytes = max(d.maxBytes, len(d.word(i)))
		r, _ := utf8.DecodeRuneInString(d.word(i))
		if r >= 0x10000 || r == utf8.RuneError {
			continue
		}
		if e := &d.byFirst[r]; e[1] == 0 {
			e[0], e[1] = int32(i), int32(i+1)
		} else {
			e[1] = int32(i + 1)
		}
	}
	return d, nil
}

// run returns the range of words that can start with key's first character.
func (d *dictionary) run(key string) (int, int) {
	r, _ := utf8.DecodeRuneInString(key)
	if r >= 0x10000 || r == utf8.RuneError {
		return 0, d.n
	}
	e := d.byFirst[r]
	return int(e[0]), int(e[1])
}

func (d *dictionary) word(i int) string {
	le := binary.LittleEndian
	return d.words[le.Uint32(d.offs[4*i:]):le.Uint32(d.offs[4*i+4:])]
}

func (d *dictionary) dist(i int) float32 {
	return math.Float32frombits(binary.LittleEndian.Uint32(d.dists[4*i:]))
}

// lowerBound is the first word in [lo, hi) not less than key.
func (d *dictionary) lowerBound(key string, lo, hi int) int {
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if d.word(m) < key {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// find returns the distance of an exact word.
func (d *dictionary) find(w string) (float32, bool) {
	lo, hi := d.run(w)
	i := d.lowerBound(w, lo, hi)
	if i < hi && d.word(i) == w {
		return d.dist(i), true
	}
	return 0, false
}

// prefixes calls f(k, dist) for every dictionary word made of the first k units of
// text, where unitEnds[k-1] is the byte end of unit k; shortest first. The words that
// start with a prefix are a contiguous run of the sorted list, which narrows as the
// prefix grows.
func (d *dictionary) prefixes(text string, unitEnds []int, f func(k int, dist float32)) {
	lo, hi := d.run(text)
	k := 1
	if r, size := utf8.DecodeRuneInString(text); len(unitEnds) > 0 && unitEnds[0] == size && r < 0x10000 && r != utf8.RuneError {
		// The first unit is the character the run is of: every word of the run starts
		// with it, and the character alone, if a word, sorts first. No search needed.
		if lo >= hi {
			return
		}
		if len(d.word(lo)) == size {
			f(1, d.dist(lo))
		}
		k = 2
		// A second unit of one character: its words are a run of secondOf.
		if len(unitEnds) < 2 || d.maxUnits < 2 {
			return
		}
		if r2, size2 := utf8.DecodeRuneInString(text[size:]); unitEnds[1]-size == size2 && r2 != utf8.RuneError {
			s := d.secondOf(r, lo, hi)
			i, ok := slices.BinarySearch(s.runes, r2)
			if !ok {
				return
			}
			lo, hi = int(s.runs[i][0]), int(s.runs[i][1])
			if len(d.word(lo)) == unitEnds[1] {
				f(2, d.dist(lo))
			}
			k = 3
		}
	}
	for ; k <= len(unitEnds) && k <= d.maxUnits; k++ {
		p := text[:unitEnds[k-1]]
		lo = d.lowerBound(p, lo, hi)
		if lo >= hi || !strings.HasPrefix(d.word(lo), p) {
			return
		}
		if len(d.word(lo)) == len(p) {
			f(k, d.dist(lo))
		}
		// Narrow hi to the words that still start with p.
		h, top := lo, hi
		for h < top {
			m := int(uint(h+top) >> 1)
			if strings.HasPrefix(d.word(m), p) {
				h = m + 1
			} else {
				top = m
			}
		}
		hi = h
	}
}
