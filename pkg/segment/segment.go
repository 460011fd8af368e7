// Package segment finds word boundaries in normalised Chinese text the way gse does: the
// same dictionary (gse's embedded Simplified one, compiled by go generate into a form
// read in place) and gse's shortest-path segmentation. Nothing is loaded until a match
// needs a boundary decision, and then only a header is read.
package segment

import (
	"math"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Segmenter decides where words start and end. It is safe for concurrent use once
// AddWords calls are done.
type Segmenter struct {
	once    sync.Once
	dict    *dictionary
	err     error
	lexicon map[string]float32 // rulebook phrases the dictionary lacks, as distances
	// maxLexicon is the longest of them, in bytes.
	maxLexicon int
	clauses    clauseCache
}

// clauseCache remembers the word ends of clauses already segmented. A clause's
// segmentation depends on nothing but its text and the dictionary, and a call centre's
// clauses repeat (您好，快通客服，请问有什么可以帮到您): segmenting them was a tenth of
// the CPU of a check with the default rulebook. The cache holds at most clauseCacheMax
// clauses, and starts again empty when full.
type clauseCache struct {
	mu   sync.RWMutex
	ends map[string][]int32
}

// clauseCacheMax bounds the cache: some 2 MB of clauses and their word ends.
const clauseCacheMax = 1 << 14

func (c *clauseCache) load(text string) ([]int32, bool) {
	c.mu.RLock()
	ends, ok := c.ends[text]
	c.mu.RUnlock()
	return ends, ok
}

func (c *clauseCache) store(text string, ends []int) {
	e := make([]int32, len(ends))
	for i, x := range ends {
		e[i] = int32(x)
	}
	text = strings.Clone(text) // text is a slice of a call's buffer: keep only the clause
	c.mu.Lock()
	if c.ends == nil || len(c.ends) >= clauseCacheMax {
		c.ends = make(map[string][]int32)
	}
	c.ends[text] = e
	c.mu.Unlock()
}

// New returns a segmenter over gse's Simplified Chinese dictionary.
func New() *Segmenter {
	return &Segmenter{lexicon: map[string]float32{}}
}

// lexiconFreq is the frequency given to rulebook phrases that the dictionary lacks: about
// that of a common idiom, enough for "稍等" to be a word inside "稍等一下" without
// outweighing words the dictionary knows well.
const lexiconFreq = 100

// pseudoDistance is the path length gse gives a character that is no word on its own.
const pseudoDistance = 32

// AddWords tells the segmenter which phrases the rulebook matches, so a dictionary split
// may keep such a phrase whole. It must be called before the first Tokens or SplitsAt.
func (s *Segmenter) AddWords(words ...string) {
	for _, w := range words {
		if w == "" {
			continue
		}
		s.maxLexicon = max(s.maxLexicon, len(w))
		if s.dict != nil { // already loaded: the distance can be computed now
			s.lexicon[w] = s.dict.logTotal - float32(math.Log2(lexiconFreq))
		} else {
			s.lexicon[w] = 0 // the distance needs the dictionary's total; see load
		}
	}
}

func (s *Segmenter) load() error {
	s.once.Do(func() {
		s.dict, s.err = openDictionary(dictData)
		if s.err == nil {
			for w := range s.lexicon {
				s.lexicon[w] = s.dict.logTotal - float32(math.Log2(lexiconFreq))
			}
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
	if ends, ok := s.clauses.load(text); ok {
		dst = slices.Grow(dst, len(ends))
		for _, e := range ends {
			dst = append(dst, int(e))
		}
		return dst, nil
	}
	first := len(dst)
	dst = s.tokens(dst, text)
	if len(text) <= maxCachedClause {
		s.clauses.store(text, dst[first:])
	}
	return dst, nil
}

// maxCachedClause is the longest clause, in bytes, the cache keeps: a long one seldom
// comes again.
const maxCachedClause = 256

// tokens is Tokens without the cache.
func (s *Segmenter) tokens(dst []int, text string) []int {
	sc := scratchPool.Get().(*scratch)
	defer sc.release()
	units := splitUnits(sc.units[:0], text)
	sc.units = units
	if len(units) == 0 {
		return dst
	}
	jumpers := slices.Grow(sc.jumpers[:0], len(units))[:len(units)]
	clear(jumpers)
	sc.jumpers = jumpers
	ends := sc.ends[:0]
	for cur := range units {
		var base float32
		if cur > 0 {
			base = jumpers[cur-1].dist
		}
		start := 0
		if cur > 0 {
			start = units[cur-1]
		}
		ends = ends[:0]
		for k := cur; k < len(units) && k-cur < s.dict.maxUnits; k++ {
			ends = append(ends, units[k]-start)
		}
		// gse's updateJumper: an unvisited jumper has length 0.
		update := func(at, k int, d float32) {
			if nd := base + d; jumpers[at].dist == 0 || jumpers[at].dist > nd {
				jumpers[at] = jumper{nd, k}
			}
		}
		found, shortest := 0, 0
		s.dict.prefixes(text[start:], ends, func(k int, d float32) {
			if found == 0 {
				shortest = k
			}
			found++
			update(cur+k-1, k, d)
		})
		if found == 0 || shortest > 1 {
			update(cur, 1, pseudoDistance)
		}
	}
	// Walk back from the end, then emit the word ends in order.
	first := len(dst)
	for i := len(units) - 1; i >= 0; i -= jumpers[i].units {
		dst = append(dst, units[i])
	}
	for i, j := first, len(dst)-1; i < j; i, j = i+1, j-1 {
		dst[i], dst[j] = dst[j], dst[i]
	}
	sc.ends = ends
	return dst
}

// jumper is the shortest path to the end of a unit: its length and the number of units
// of its last word.
type jumper struct {
	dist  float32
	units int
}

// scratch is the working memory of one Tokens call, reused by the next: a batch
// segments clauses by the million.
type scratch struct {
	units   []int
	jumpers []jumper
	ends    []int
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

func (sc *scratch) release() {
	if cap(sc.units) <= 1<<14 { // a huge clause's memory is not kept
		scratchPool.Put(sc)
	}
}

// splitUnits returns the byte end of each unit of text as gse splits it: a run of Latin
// letters and digits is one unit, any other character one unit each.
func splitUnits(units []int, text string) []int {
	inAlnum := false
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		alnum := size <= 2 && (unicode.IsLetter(r) || unicode.IsNumber(r))
		if alnum && inAlnum {
			units[len(units)-1] = i + size
		} else {
			units = append(units, i+size)
		}
		inAlnum = alnum
		i += size
	}
	return units
}

// SplitsAt reports whether the word can be split at byte offset off: whether the most
// probable split of word into two or more dictionary words, scored by gse's path
// lengths, has a boundary there. "谢谢您" splits as 谢谢|您, so a phrase may end after
// 谢谢; "再见面" splits as 再|见面, so a phrase may not end after 再见.
func (s *Segmenter) SplitsAt(word string, off int) bool {
	if off <= 0 || off >= len(word) {
		return true
	}
	_, found := slices.BinarySearch(s.Splits(word), off)
	return found
}

// Splits are the inner cut offsets of word's most probable split (SplitsAt), in order;
// nil without a dictionary.
func (s *Segmenter) Splits(word string) []int {
	if s.load() != nil {
		return nil
	}
	cuts := s.bestSplit(word)
	slices.Reverse(cuts)
	return cuts
}

// bestSplit returns the inner cut offsets of the shortest-path split of word into at
// least two pieces, each a dictionary word, a rulebook phrase or a single character. A
// word is mostly a few characters long, but a run of letters or digits is one word
// however long (ok ok ok… as ASR writes it, 10086 over and over): a piece is looked up
// only when it is no longer than the longest dictionary word or phrase, so the search is
// linear in the word, not quadratic (a 3,000-letter word took seconds a split, and a
// phrase in it was checked at every occurrence: minutes an utterance).
func (s *Segmenter) bestSplit(word string) []int {
	cuts, _ := s.bestSplitCounted(word)
	return cuts
}

// bestSplitCounted is bestSplit, and how many pieces it looked up.
func (s *Segmenter) bestSplitCounted(word string) (_ []int, lookups int) {
	offs := make([]int, 0, len(word)/3+1)
	for i := range word {
		offs = append(offs, i)
	}
	offs = append(offs, len(word))
	n := len(offs) - 1
	best := make([]float32, n+1)
	from := make([]int, n+1)
	longest := max(s.dict.maxBytes, s.maxLexicon)
	first := 0 // the first piece start j that may be a word ending at i
	for i := 1; i <= n; i++ {
		best[i] = float32(math.Inf(1))
		for first < i-1 && offs[i]-offs[first] > longest {
			first++
		}
		for j := first; j < i; j++ {
			if j == 0 && i == n {
				continue // the whole word is not a split
			}
			lookups++
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
	return cuts, lookups
}

// distance is a piece's path length; a single character the dictionary lacks still
// counts, at gse's length for such a character.
func (s *Segmenter) distance(piece string, single bool) (float32, bool) {
	if d, ok := s.dict.find(piece); ok {
		return d, true
	}
	if d, ok := s.lexicon[piece]; ok {
		return d, true
	}
	if single {
		return pseudoDistance, true
	}
	return 0, false
}
