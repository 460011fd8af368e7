package match

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/normalize"
)

// TestAutomatonFindsEveryOccurrence checks the automaton against strings.Index: random
// literals over a small alphabet of ASCII, Han and pinyin-key characters (the three
// kinds the scan steps over whole at the root) and a four-byte one, in random texts.
func TestAutomatonFindsEveryOccurrence(t *testing.T) {
	rnd := rand.New(rand.NewPCG(5, 5))
	alphabet := []string{"a", "b", "1", "我", "们", "您", "好", "\ue001", "\ue002", "𠀀", "é"}
	word := func(max int) string {
		var b strings.Builder
		for range 1 + rnd.IntN(max) {
			b.WriteString(alphabet[rnd.IntN(len(alphabet))])
		}
		return b.String()
	}
	type occ struct {
		id    int32
		start int
	}
	for range 2000 {
		lits := make([]string, 1+rnd.IntN(8))
		for i := range lits {
			lits[i] = word(4)
		}
		a := newAutomaton(lits)
		text := word(40)
		var got, want []occ
		a.scan(text, func(id int32, start int) { got = append(got, occ{id, start}) })
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

// BenchmarkAutomatonScan runs the automaton alone over the sample calls, normalised, with
// a few hundred three-character literals taken from them: the loop every byte of a batch
// goes through.
func BenchmarkAutomatonScan(b *testing.B) {
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
	a := newAutomaton(lits)
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
