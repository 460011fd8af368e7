package meaning

import (
	"slices"
	"strings"
	"testing"
)

// The sparse table scores exactly as the dense one it was made from.
func TestSparseScoresAsDense(t *testing.T) {
	m, err := Shipped("forbidden-phrase")
	if err != nil {
		t.Fatal(err)
	}
	dense := *m
	dense.sparse = nil
	for _, s := range []string{"", "你", "你急", "你急什么急", "您好请问有什么可以帮您", "你自己看去吧我也没办法",
		"请稍等我帮您查一下谢谢您的耐心等待", "工号1533很高兴为您服务", "ok好的app登录不了", "𠮷野家你们𠮷", "坏\xff字节\xe4\xbd", "\xe4\xbd\xa0"} {
		if a, b := m.Score(s), dense.Score(s); a != b {
			t.Errorf("%q: sparse %v, dense %v", s, a, b)
		}
	}
}

// The sum of the sparse table sees every gram Grams gives, with its bucket, in order.
func TestSumMatchesGrams(t *testing.T) {
	m, err := Shipped("forbidden-phrase")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"", "a", "ab", "abc", "你急什么急", "工号1533很高兴为您服务", "𠮷野家", "坏\xff字节\xe4\xbd"} {
		var want float32 = 0.5
		Grams(s, func(b uint32) { want += m.sparse.weight(b) })
		if got := m.sparse.sum(s, 0.5); got != want {
			t.Errorf("%q: sum %v, grams %v", s, got, want)
		}
	}
}

// A text's grams worked out once (Buckets) score as Score does, for every model, sparse
// and dense, texts longer than a batch of lookups included; Buckets lists the grams
// Grams gives, in order.
func TestScoreBucketsScoresAsScore(t *testing.T) {
	texts := []string{"", "a", "你急什么急", "工号1533很高兴为您服务", "𠮷野家", "坏\xff字节\xe4\xbd",
		strings.Repeat("您好请问有什么可以帮您", 9), strings.Repeat("你自己看去吧", 40)}
	for _, name := range Names() {
		m, err := Shipped(name)
		if err != nil {
			t.Fatal(err)
		}
		dense := *m
		dense.sparse = nil
		for _, s := range texts {
			var want []uint32
			Grams(s, func(b uint32) { want = append(want, b) })
			b := Buckets(nil, s)
			if !slices.Equal(b, want) {
				t.Fatalf("%s %q: buckets %v, grams %v", name, s, b, want)
			}
			for _, m := range []*Model{m, &dense} {
				if got, want := m.ScoreBuckets(b), m.Score(s); got != want {
					t.Errorf("%s %q: ScoreBuckets %v, Score %v", name, s, got, want)
				}
			}
		}
	}
}
