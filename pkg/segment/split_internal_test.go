package segment

import (
	"math"
	"slices"
	"strings"
	"testing"
)

// slowSplit is bestSplit as it was, every piece looked up: the reference.
func (s *Segmenter) slowSplit(word string) []int {
	var offs []int
	for i := range word {
		offs = append(offs, i)
	}
	offs = append(offs, len(word))
	n := len(offs) - 1
	best := make([]float32, n+1)
	from := make([]int, n+1)
	for i := 1; i <= n; i++ {
		best[i] = float32(math.Inf(1))
		for j := 0; j < i; j++ {
			if j == 0 && i == n {
				continue
			}
			d, ok := s.distance(word[offs[j]:offs[i]], i-j == 1)
			if !ok || math.IsInf(float64(best[j]), 1) {
				continue
			}
			if v := best[j] + d; v < best[i] {
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

// TestSplitLooksUpShortPieces: a run of letters or digits is one word however long, and
// its split looked up every piece of it, a quadratic number (4.5 million for 3,000
// letters; a phrase in such a word asked for it at each occurrence: minutes an
// utterance). Only pieces no longer than the longest word or phrase are looked up, and
// the split is the one the whole search finds.
func TestSplitLooksUpShortPieces(t *testing.T) {
	s := New()
	s.AddWords("ok", "一二三四五六七八九十一二三四五六七八九十")
	if err := s.load(); err != nil {
		t.Fatal(err)
	}
	for _, word := range []string{
		"谢谢您", "再见面", "我们下次再见面吧", "一二三四五六七八九十一二三四五六七八九十一二三",
		strings.Repeat("ok", 300), strings.Repeat("10086", 100), strings.Repeat("a", 500), strings.Repeat("您好", 200),
	} {
		cuts, lookups := s.bestSplitCounted(word)
		if want := s.slowSplit(word); !slices.Equal(cuts, want) {
			t.Errorf("%.20q: cuts %v, want %v", word, cuts, want)
		}
		if n := len([]rune(word)); n > 100 && lookups > 100*n {
			t.Errorf("%.20q (%d characters): %d lookups", word, n, lookups)
		}
	}
	long := strings.Repeat("ok", 1500)
	if _, lookups := s.bestSplitCounted(long); lookups > 100*len(long) {
		t.Errorf("%d lookups for %d letters", lookups, len(long))
	}
}
