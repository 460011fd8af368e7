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

// A text's grams worked out once (HashGrams) score as Score does, for every model, sparse
// and dense, reading every kind of gram, texts longer than a batch of lookups included;
// HashGrams lists the grams m.Grams gives, in order.
func TestScoreBucketsScoresAsScore(t *testing.T) {
	texts := []string{"", "a", "ab", "你急什么急", "工号1533很高兴为您服务", "𠮷野家", "坏\xff字节\xe4\xbd",
		strings.Repeat("您好请问有什么可以帮您", 9), strings.Repeat("你自己看去吧", 40)}
	for _, name := range Names() {
		shipped, err := Shipped(name)
		if err != nil {
			t.Fatal(err)
		}
		for features := Features(0); features <= allFeatures; features++ {
			m := *shipped
			m.Features = features
			dense := m
			dense.sparse = nil
			for _, s := range texts {
				var want []uint32
				m.Grams(s, func(b uint32) { want = append(want, b) })
				g := HashGrams(nil, s)
				m.ScoreBuckets(&g, s) // hashes the kinds m reads
				got := slices.Clone(g.b[:g.base])
				for k, kind := range [...]Features{SkipBigrams, Edges} {
					if features&kind != 0 {
						got = append(got, g.b[g.kinds[k][0]:g.kinds[k][1]]...)
					}
				}
				if !slices.Equal(got, want) {
					t.Fatalf("%s %q features %d: buckets %v, grams %v", name, s, features, got, want)
				}
				for _, m := range []*Model{&m, &dense} {
					if got, want := m.ScoreBuckets(&g, s), m.Score(s); got != want {
						t.Errorf("%s %q features %d: ScoreBuckets %v, Score %v", name, s, features, got, want)
					}
				}
			}
		}
	}
}

// One text's Buckets scored by models reading different kinds of grams, in any order,
// scores as each model's Score: a kind hashed for one model is found by the next.
func TestSharedBucketsScoreAsScore(t *testing.T) {
	shipped, err := Shipped("forbidden-phrase")
	if err != nil {
		t.Fatal(err)
	}
	models := make([]Model, allFeatures+1)
	for f := range models {
		models[f] = *shipped
		models[f].Features = Features(f)
	}
	for _, order := range [][]int{{0, 1, 2, 3}, {3, 2, 1, 0}, {2, 1, 3, 0}, {1, 2, 3}} {
		for _, s := range []string{"", "你", "你急什么急", "您好请问有什么可以帮您"} {
			g := HashGrams(nil, s)
			for _, f := range order {
				if got, want := models[f].ScoreBuckets(&g, s), models[f].Score(s); got != want {
					t.Errorf("order %v, %q, features %d: ScoreBuckets %v, Score %v", order, s, f, got, want)
				}
			}
		}
	}
}

// feed is FNV-1a whatever the length of what it is fed: the three-byte path (most of
// Chinese) gives what feeding a byte at a time gives.
func TestFeedIsFNV(t *testing.T) {
	for _, s := range []string{"", "|", "ab", "你", "abc", "𠮷", "你好"} {
		want := fnvSalt(skipSalt)
		for i := 0; i < len(s); i++ {
			want = (want ^ uint32(s[i])) * fnvPrime
		}
		if got := feed(fnvSalt(skipSalt), s); got != want {
			t.Errorf("feed(%q) = %#x, want %#x", s, got, want)
		}
	}
}
