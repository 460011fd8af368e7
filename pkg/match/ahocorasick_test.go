package match

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
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
