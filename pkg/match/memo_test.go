package match

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/zhijian-qa/zhijian/pkg/segment"
)

// TestMemoSameMatches checks that remembering matchAt results changes nothing: random
// patterns with gaps, optional parts and alternatives over random text find the same
// spans with every pattern using the memo as with none using it.
func TestMemoSameMatches(t *testing.T) {
	seg := segment.New()
	rnd := rand.New(rand.NewPCG(10, 1))
	pieces := []string{"a", "b", "ab", "[a]", "(a|b)", "(ab|b)", "{0,3}", "{1,2}", "{0,1}", "{2,5}", "…", "X", "我", "[们]"}
	alphabet := []string{"a", "b", "c", "，", "我", "们", " "}
	defer func(old int) { memoMinPaths = old }(memoMinPaths)
	checked := 0
	for range 4000 {
		pattern, text := randomJoin(rnd, pieces, 1+rnd.IntN(7)), randomJoin(rnd, alphabet, rnd.IntN(40))
		for _, mode := range []Mode{Words, Chars, Utterance} {
			p, err := Compile(pattern, mode)
			if err != nil {
				continue
			}
			memoMinPaths = 1 << 62 // never
			p.memoSize = memoSizeFor(p.parts)
			plain := p.findAll(NewText(text, seg), &memo{})
			memoMinPaths = 1 // always
			p.memoSize = memoSizeFor(p.parts)
			m := &memo{}
			memoed := p.findAll(NewText(text, seg), m)
			if fmt.Sprint(plain) != fmt.Sprint(memoed) {
				t.Fatalf("%q %s in %q: %v without the memo, %v with it", pattern, mode, text, plain, memoed)
			}
			if m.ready && m.size > 0 {
				checked++
			}
		}
	}
	if checked < 1000 {
		t.Errorf("only %d searches used the memo", checked)
	}
}

// TestManyGapsLinear is the regression test for a phrase whose gaps could be filled in
// exponentially many ways: "a{0,64}b{0,64}b{0,64}b{0,64}c" over 2 KB of "abab…" took 80 s,
// and with a fourth gap 200 bytes took a minute. The memo makes both milliseconds.
func TestManyGapsLinear(t *testing.T) {
	for _, tt := range []struct {
		pattern string
		text    string
	}{
		{"a{0,64}b{0,64}b{0,64}b{0,64}c", strings.Repeat("ab", 1000)},
		{"a{0,64}b{0,64}b{0,64}b{0,64}b{0,64}c", strings.Repeat("ab", 100)},
		{"{0,64}a{0,64}b{0,64}c", strings.Repeat("ab", 20000)},
		{"(a|b)…(a|b)…(a|b)…(a|b)…(a|b)…c", strings.Repeat("ab", 20000)},
	} {
		for _, mode := range []Mode{Words, Chars} {
			p, err := Compile(tt.pattern, mode)
			if err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			if got := p.FindAll(NewText(tt.text, nil)); len(got) != 0 {
				t.Errorf("%q: %v", tt.pattern, got)
			}
			// Milliseconds now; the limit leaves room for the race detector and a busy
			// machine, and is still far below the minutes it took.
			if d := time.Since(start); d > 10*time.Second {
				t.Errorf("%q %s over %d bytes took %v", tt.pattern, mode, len(tt.text), d)
			}
		}
	}
}

// TestGapFilterSameMatches checks that passing the places of a gap whose character
// starts no alternative of the part after it (Pattern.firsts) changes nothing: random
// patterns over random text, text that is not UTF-8 included, find the same spans with
// the filter as with every place tried.
func TestGapFilterSameMatches(t *testing.T) {
	seg := segment.New()
	rnd := rand.New(rand.NewPCG(11, 1))
	pieces := []string{"a", "b", "ab", "[a]", "(a|b)", "(ab|b|我们|\uFFFD)", "{0,3}", "{1,2}", "{0,1}", "…", "X", "我", "[们]", "(c|我|们|好)"}
	alphabet := []string{"a", "b", "c", "，", "我", "们", " ", "\uFFFD", "\xef", "\xe6\x88"}
	filtered := 0
	for range 4000 {
		pattern, text := randomJoin(rnd, pieces, 1+rnd.IntN(7)), randomJoin(rnd, alphabet, rnd.IntN(40))
		for _, mode := range []Mode{Words, Chars, Utterance, Clause} {
			p, err := Compile(pattern, mode)
			if err != nil {
				continue
			}
			p.triesOnce.Do(p.buildTries)
			with := p.findAll(NewText(text, seg), &memo{})
			for i := range p.firsts {
				if p.firsts[i] != 0 {
					filtered++
				}
				p.firsts[i] = 0
			}
			without := p.findAll(NewText(text, seg), &memo{})
			if fmt.Sprint(with) != fmt.Sprint(without) {
				t.Fatalf("%q %s in %q: %v with the filter, %v without", pattern, mode, text, with, without)
			}
		}
	}
	if filtered < 1000 {
		t.Errorf("only %d patterns had a filtered gap", filtered)
	}
}

// randomJoin joins n parts drawn at random.
func randomJoin(rnd *rand.Rand, parts []string, n int) string {
	var b strings.Builder
	for range n {
		b.WriteString(parts[rnd.IntN(len(parts))])
	}
	return b.String()
}
