package match

import (
	"math/rand"
	"slices"
	"strings"
	"testing"
)

// The trie must find exactly the alternatives a comparison of each finds, text that is
// not UTF-8 included.
func TestAltTrieFindsWhatPrefixesFind(t *testing.T) {
	alts := []string{"", "您", "您好", "您好吗", "你好", "你们", "你们这", "贵公司", "\uFFFD好", "ab", "abc"}
	tr := newAltTrie(alts)
	pieces := []string{"您", "好", "吗", "你", "们", "这", "贵", "公司", "\uFFFD", "\xef", "\xef\xbf", "a", "b", "c"}
	rng := rand.New(rand.NewSource(1))
	for range 20000 {
		var b strings.Builder
		for range rng.Intn(6) {
			b.WriteString(pieces[rng.Intn(len(pieces))])
		}
		s := b.String()
		for pos := 0; pos <= len(s); pos++ {
			var want, got []int
			for _, a := range alts {
				if strings.HasPrefix(s[pos:], a) {
					want = append(want, pos+len(a))
				}
			}
			q := pos
			for n := int32(0); n >= 0; n, q = tr.step(n, s, q) {
				if tr.nodes[n].end {
					got = append(got, q)
				}
			}
			slices.Sort(want)
			slices.Sort(got)
			if !slices.Equal(want, got) {
				t.Fatalf("%q at %d: trie ends %v, prefixes %v", s, pos, got, want)
			}
		}
	}
}

// nextStart must find where the first alternative starts as the least strings.Index of
// each does, from every offset (inside a character too), text that is not UTF-8
// included.
func TestAltTrieNextStartIsLeastIndex(t *testing.T) {
	alts := []string{"您好", "您好吗", "你好", "你们", "你们这", "贵公司", "\uFFFD好", "ab", "abc", "b"}
	tr := newAltTrie(alts)
	pieces := []string{"您", "好", "吗", "你", "们", "这", "贵", "公司", "\uFFFD", "\xef", "\xef\xbf", "\xe4", "a", "b", "c"}
	rng := rand.New(rand.NewSource(2))
	for range 20000 {
		var b strings.Builder
		for range rng.Intn(9) {
			b.WriteString(pieces[rng.Intn(len(pieces))])
		}
		s := b.String()
		for from := 0; from <= len(s)+1; from++ {
			want := -1
			for _, a := range alts {
				if i := indexFrom(s, a, from); i >= 0 && (want < 0 || i < want) {
					want = i
				}
			}
			if got := tr.nextStart(s, from); got != want {
				t.Fatalf("%q from %d: nextStart %d, least index %d", s, from, got, want)
			}
		}
	}
}
