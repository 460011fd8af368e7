// Package segment finds word boundaries in normalised Chinese text with gse. The
// dictionary is embedded in the binary and loaded on first use, so a run that never needs
// a boundary decision never pays for it.
package segment

import (
	"math"
	"sync"

	"github.com/go-ego/gse"
)

// Segmenter decides where words start and end. It is safe for concurrent use once
// AddWords calls are done.
type Segmenter struct {
	once    sync.Once
	seg     gse.Segmenter
	err     error
	logSum  float64 // log of the dictionary's total frequency
	lexicon map[string]float64
}

// New returns a segmenter over gse's embedded Simplified Chinese dictionary.
func New() *Segmenter {
	return &Segmenter{lexicon: map[string]float64{}}
}

// lexiconFreq is the frequency given to rulebook phrases that the dictionary lacks: about
// that of a common idiom, enough for "稍等" to be a word inside "稍等一下" without
// outweighing words the dictionary knows well.
const lexiconFreq = 100

// AddWords tells the segmenter which phrases the rulebook matches, so a dictionary split
// may keep such a phrase whole. It must be called before the first Tokens or SplitsAt.
func (s *Segmenter) AddWords(words ...string) {
	for _, w := range words {
		if w != "" {
			s.lexicon[w] = lexiconFreq
		}
	}
}

func (s *Segmenter) load() error {
	s.once.Do(func() {
		s.seg.SkipLog = true
		s.err = s.seg.LoadDictEmbed("zh_s")
		if s.err == nil {
			s.logSum = math.Log(s.seg.Dict.TotalFreq())
		}
	})
	return s.err
}

// Tokens appends to dst the byte offsets in text where gse's segmentation puts a word
// boundary, the ends of the words, in ascending order (the last is len(text)).
func (s *Segmenter) Tokens(dst []int, text string) ([]int, error) {
	if err := s.load(); err != nil {
		return dst, err
	}
	for _, seg := range s.seg.Segment([]byte(text)) {
		dst = append(dst, seg.End())
	}
	return dst, nil
}

// SplitsAt reports whether the word can be split at byte offset off: whether the most
// probable split of word into two or more dictionary words, scored by gse's word
// frequencies, has a boundary there. "谢谢您" splits as 谢谢|您, so a phrase may end after
// 谢谢; "再见面" splits as 再|见面, so a phrase may not end after 再见.
func (s *Segmenter) SplitsAt(word string, off int) bool {
	if off <= 0 || off >= len(word) {
		return true
	}
	if s.load() != nil {
		return false
	}
	cuts := s.bestSplit(word)
	for _, c := range cuts {
		if c == off {
			return true
		}
	}
	return false
}

// bestSplit returns the inner cut offsets of the most probable split of word into at
// least two pieces, each a dictionary word or a single character. A word longer than a
// few characters is rare, so the quadratic search is cheap.
func (s *Segmenter) bestSplit(word string) []int {
	// Rune start offsets, plus len(word).
	offs := make([]int, 0, len(word)/3+1)
	for i := range word {
		offs = append(offs, i)
	}
	offs = append(offs, len(word))
	n := len(offs) - 1
	best := make([]float64, n+1)
	from := make([]int, n+1)
	for i := 1; i <= n; i++ {
		best[i] = math.Inf(-1)
		for j := 0; j < i; j++ {
			if j == 0 && i == n {
				continue // the whole word is not a split
			}
			lp, ok := s.logProb(word[offs[j]:offs[i]], i-j == 1)
			if !ok || math.IsInf(best[j], -1) {
				continue
			}
			if v := best[j] + lp; v > best[i] {
				best[i], from[i] = v, j
			}
		}
	}
	var cuts []int
	for i := from[n]; i > 0; i = from[i] {
		cuts = append(cuts, offs[i])
	}
	return cuts
}

// logProb is the log probability of a piece; a single character the dictionary lacks
// still counts, as a word seen once.
func (s *Segmenter) logProb(piece string, single bool) (float64, bool) {
	freq, _, ok := s.seg.Dict.Find([]byte(piece))
	if !ok || freq <= 0 {
		freq, ok = s.lexicon[piece]
	}
	if !ok || freq <= 0 {
		if !single {
			return 0, false
		}
		freq = 1
	}
	return math.Log(freq) - s.logSum, true
}
