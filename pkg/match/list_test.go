package match

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/segment"
)

// TestListCandidates checks List.Candidates against asking each pattern: for every text
// its exact candidates are exactly the patterns MayOccur admits, and its candidates with
// the tolerant tiers are exactly those MayOccur or MayOccurTolerant admits. The lists
// mix exact, filler and pinyin patterns, anchorless ones ([请问]X先生) and one-character
// ones; the texts mix the phrases' words, homophones, fillers and stutters.
func TestListCandidates(t *testing.T) {
	specs := []struct {
		src   string
		fuzzy Fuzzy
	}{
		{"你有完没完", Pinyin}, {"我也没[有]办法", Pinyin}, {"[请问]X先生", Pinyin}, {"稍(等|候)", Fillers},
		{"谢谢您的(电话|来电){0,12}再见", Pinyin}, {"你", Exact}, {"不是我的事", Pinyin},
		{"(对不起|抱歉){0,10}说错", Fillers}, {"有什么(可以|能)帮您", Pinyin}, {"别(说|问)了", Exact},
	}
	s := NewSet(segment.New())
	var lists [][]*Pattern
	for start := 0; start < len(specs); start += 3 {
		var ps []*Pattern
		for _, sp := range specs[start:min(start+4, len(specs))] {
			p, err := Compile(sp.src, Words)
			if err != nil {
				t.Fatal(err)
			}
			p.Fuzzy = sp.fuzzy
			s.Add(p)
			ps = append(ps, p)
		}
		MakeList(ps)
		lists = append(lists, ps)
	}
	s.Build()
	words := []string{"你有完没完", "你有玩没玩", "我也没板法", "王先生", "请问", "稍等", "少等", "嗯", "那个",
		"谢谢您的电话", "再见", "在见", "你", "您好", "不是我的是", "对不起", "说错", "有什么可以帮您", "别问了", "，"}
	rnd := rand.New(rand.NewPCG(7, 7))
	for n := 0; n < 400; n++ {
		var b strings.Builder
		for range 1 + rnd.IntN(6) {
			w := words[rnd.IntN(len(words))]
			if rnd.IntN(5) == 0 { // a stutter
				r := []rune(w)
				w = string(r[0]) + w
			}
			b.WriteString(w)
		}
		text := b.String()
		for _, ps := range lists {
			l := ListOf(ps)
			if l == nil {
				t.Fatal("no list")
			}
			for _, tolerant := range []bool{false, true} {
				tx := s.NewText(text)
				got := l.Candidates(ps, tx, tolerant, nil)
				var want []int
				for i, p := range ps {
					if p.MayOccur(tx) || tolerant && p.MayOccurTolerant(tx) {
						want = append(want, i)
					}
				}
				if !slices.Equal(got, want) {
					t.Errorf("%q tolerant=%v: candidates %v, asking each %v", text, tolerant, got, want)
				}
			}
		}
	}
}

// TestListNext checks List.Next against asking MayConcern utterance by utterance: from
// every place, with and without the tolerant tiers, texts asked before or not.
func TestListNext(t *testing.T) {
	s := NewSet(segment.New())
	var lists [][]*Pattern
	for _, srcs := range [][]string{{"你有完没完", "稍(等|候)"}, {"别(说|问)了", "不是我的事"}, {"[请问]X先生"}} {
		var ps []*Pattern
		for _, src := range srcs {
			p, err := Compile(src, Words)
			if err != nil {
				t.Fatal(err)
			}
			p.Fuzzy = Pinyin
			s.Add(p)
			ps = append(ps, p)
		}
		MakeList(ps)
		lists = append(lists, ps)
	}
	s.Build()
	strs := []string{"您好", "你有玩没玩", "少等一下", "别问了", "嗯", "王先生", "不是我的是", "好的", "稍等"}
	rnd := rand.New(rand.NewPCG(3, 3))
	for n := 0; n < 200; n++ {
		var texts []string
		for range 1 + rnd.IntN(8) {
			texts = append(texts, strs[rnd.IntN(len(strs))])
		}
		a, b := s.NewTexts(texts), s.NewTexts(texts)
		idx := rnd.Perm(len(texts))[:1+rnd.IntN(len(texts))]
		slices.Sort(idx)
		for _, ps := range lists {
			l := ListOf(ps)
			for _, tolerant := range []bool{false, true} {
				for from := 0; from <= len(idx); from++ {
					want := len(idx)
					for k := from; k < len(idx); k++ {
						if l.MayConcern(ps, a[idx[k]], tolerant) {
							want = k
							break
						}
					}
					if got := l.Next(ps, b, idx, from, tolerant); got != want {
						t.Fatalf("%q %v from %d tolerant=%v: Next %d, MayConcern %d", texts, idx, from, tolerant, got, want)
					}
				}
			}
		}
	}
}

// TestListMasksKeepTheirOwnWords: a list's masks hold the words of its own patterns'
// ids, not a word for every pattern of the set. They held the whole set once, and a
// rulebook of 100,000 one-phrase rules took 6 GB (a bit per phrase per rule).
func TestListMasksKeepTheirOwnWords(t *testing.T) {
	for _, n := range []int{10, 1000, 5000} {
		s := NewSet(segment.New())
		var lists [][]*Pattern
		for i := range n {
			p, err := Compile(fmt.Sprintf("禁%d语", i), Words)
			if err != nil {
				t.Fatal(err)
			}
			p.Fuzzy = Pinyin
			s.Add(p)
			lists = append(lists, []*Pattern{p})
			MakeList(lists[i])
		}
		s.Build()
		text := s.NewText("你说禁7语还是禁4999语")
		words := 0
		for i, ps := range lists {
			l := ListOf(ps)
			got := l.Candidates(ps, text, true, nil)
			if want := ps[0].MayOccur(text) || ps[0].MayOccurTolerant(text); (len(got) > 0) != want {
				t.Errorf("n=%d: list %d candidates %v, asking the pattern says %v", n, i, got, want)
			}
			for _, m := range []idMask{l.exact, l.py, l.skelPy, l.skelOnly} {
				words = max(words, len(m.bits)+len(m.rank))
			}
		}
		if words > 4 {
			t.Errorf("n=%d: a one-phrase list keeps %d words", n, words)
		}
	}
}
