package meaning_test

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/meaning"
	"github.com/zhijian-qa/zhijian/pkg/normalize"
)

func TestGramsCoversEveryNGram(t *testing.T) {
	n := 0
	meaning.Grams("你急什么", func(uint32) { n++ })
	if want := 4 + 3 + 2; n != want { // 4 characters: 4 unigrams, 3 bigrams, 2 trigrams
		t.Errorf("%d grams, want %d", n, want)
	}
	meaning.Grams("", func(uint32) { t.Error("a gram of the empty text") })
	for _, c := range []struct {
		features meaning.Features
		text     string
		want     int
	}{
		{meaning.SkipBigrams, "你急什么", 9 + 2}, // 你·什, 急·么
		{meaning.Edges, "你急什么", 9 + 4},       // ^你, ^你急, 什么$, 么$
		{meaning.SkipBigrams | meaning.Edges, "你急什么", 9 + 2 + 4},
		{meaning.SkipBigrams | meaning.Edges, "你", 1 + 0 + 2}, // ^你, 你$
		{meaning.SkipBigrams | meaning.Edges, "", 0},
	} {
		m := meaning.New("test")
		m.Features = c.features
		n := 0
		m.Grams(c.text, func(uint32) { n++ })
		if n != c.want {
			t.Errorf("features %d, %q: %d grams, want %d", c.features, c.text, n, c.want)
		}
	}
}

// TestTrainSeparatesAndRoundTrips: a model trained on a few labelled sentences scores
// an unseen rude wording above an unseen polite one, the same examples give the same
// model, and a stored model scores as the trained one.
func TestTrainSeparatesAndRoundTrips(t *testing.T) {
	var examples []meaning.Example
	for _, s := range []string{"你急什么急", "你自己看去", "别老问我", "爱办不办", "你烦不烦啊"} {
		examples = append(examples, meaning.Example{Norm: normalize.String(s), Positive: true})
	}
	for _, s := range []string{"您好请问有什么可以帮您", "我帮您查一下请稍等", "对不起给您添麻烦了", "请问还有什么可以帮您", "感谢您的来电再见"} {
		examples = append(examples, meaning.Example{Norm: normalize.String(s)})
	}
	train := func() *meaning.Model {
		m := meaning.New("test")
		m.Train(examples, meaning.Defaults)
		return m
	}
	m := train()
	rude, polite := m.Score(normalize.String("你急什么，自己看去")), m.Score(normalize.String("请稍等，我帮您看一下"))
	if rude <= 0.5 || polite >= 0.5 {
		t.Errorf("rude %.3f, polite %.3f: want above and below 0.5", rude, polite)
	}
	if again := train().Score(normalize.String("你急什么，自己看去")); again != rude {
		t.Errorf("training twice gave %v and %v", rude, again)
	}
	back, data := roundTrip(t, m)
	if got := back.Score(normalize.String("你急什么，自己看去")); got < rude-0.01 || got > rude+0.01 {
		t.Errorf("stored model scores %.4f, trained %.4f", got, rude)
	}
	for _, bad := range [][]byte{nil, []byte("ZJM1"), append([]byte("ZJM1\x0c"), data[5:]...), data[:len(data)-3]} {
		if _, err := meaning.Parse(bad); err == nil {
			t.Errorf("a broken model (%d bytes) was read", len(bad))
		}
	}
}

// roundTrip stores m and reads it back, returning the model read and the stored bytes.
func roundTrip(t *testing.T, m *meaning.Model) (*meaning.Model, []byte) {
	t.Helper()
	data, err := m.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	back, err := meaning.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	return back, data
}

// A model stores the kinds of grams it reads, and a model of the first format (n-grams
// only, "ZJM1", no features byte) still reads and scores as it did.
func TestFeaturesRoundTrip(t *testing.T) {
	examples := []meaning.Example{
		{Norm: normalize.String("你急什么急"), Positive: true}, {Norm: normalize.String("你自己看去"), Positive: true},
		{Norm: normalize.String("我帮您查一下请稍等")}, {Norm: normalize.String("感谢您的来电再见")},
	}
	probe := normalize.String("你急什么，自己看去")
	for _, features := range []meaning.Features{0, meaning.SkipBigrams, meaning.Edges, meaning.SkipBigrams | meaning.Edges} {
		m := meaning.New("test")
		m.Features = features
		m.Train(examples, meaning.Defaults)
		back, data := roundTrip(t, m)
		if back.Features != features {
			t.Errorf("stored features %d, read %d", features, back.Features)
		}
		if got, want := back.Score(probe), m.Score(probe); math.Abs(got-want) > 0.01 {
			t.Errorf("features %d: stored model scores %.4f, trained %.4f", features, got, want)
		}
		if features != 0 {
			continue
		}
		v1 := append([]byte("ZJM1"), data[4]) // the bits
		v1 = append(v1, data[6:]...)          // without the features byte
		old, err := meaning.Parse(v1)
		if err != nil {
			t.Fatalf("a model of the first format: %v", err)
		}
		if old.Features != 0 || old.Score(probe) != back.Score(probe) {
			t.Errorf("first format: features %d, score %v, want 0 and %v", old.Features, old.Score(probe), back.Score(probe))
		}
	}
	bad := []byte("ZJM2\x12\x80")
	bad = append(bad, make([]byte, 20)...)
	if _, err := meaning.Parse(bad); err == nil {
		t.Error("a model reading unknown features was read")
	}
}

func TestShippedModel(t *testing.T) {
	m, err := meaning.Shipped("forbidden-phrase")
	if err != nil {
		t.Fatal(err)
	}
	if m.Threshold <= 0.5 || m.Threshold >= 1 || m.About == "" {
		t.Errorf("shipped model: threshold %v, about %q", m.Threshold, m.About)
	}
	if _, err := meaning.Shipped("nope"); err == nil {
		t.Error("an unknown model loaded")
	}
}

func BenchmarkScore(b *testing.B) {
	m, err := meaning.Shipped("forbidden-phrase")
	if err != nil {
		b.Fatal(err)
	}
	norm := normalize.String("好的王先生，您的宽带账号我已经查到了，这个月的费用是八十九元，已经从您的账户里扣除了。")
	b.ReportAllocs()
	for b.Loop() {
		m.Score(norm)
	}
}

// BenchmarkScoreCalls scores every utterance of the sample calls, as a check does (each
// once, the table not kept warm by one string).
func BenchmarkScoreCalls(b *testing.B) {
	m, norms := sampleUtterances(b)
	b.ReportAllocs()
	for b.Loop() {
		for _, n := range norms {
			m.Score(n)
		}
	}
}

// BenchmarkScoreCold is BenchmarkScoreCalls with the caches cleared before each
// utterance, as the rest of a check clears them: the models' tables are larger than
// what other work leaves of the cache, and their lookups are what a check waits on.
func BenchmarkScoreCold(b *testing.B) {
	m, norms := sampleUtterances(b)
	evict := make([]byte, 8<<20)
	var sink byte
	b.ReportAllocs()
	for b.Loop() {
		for _, n := range norms[:40] {
			b.StopTimer()
			for i := 0; i < len(evict); i += 64 {
				evict[i]++
			}
			b.StartTimer()
			m.Score(n)
		}
	}
	sink += evict[0]
	_ = sink
}

func BenchmarkLoad(b *testing.B) {
	data, err := os.ReadFile("../../rules/models/forbidden-phrase.bin")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := meaning.Parse(data); err != nil {
			b.Fatal(err)
		}
	}
}

// sampleUtterances is the shipped 禁语 model and every line of the sample calls,
// normalised.
func sampleUtterances(b *testing.B) (*meaning.Model, []string) {
	b.Helper()
	m, err := meaning.Shipped("forbidden-phrase")
	if err != nil {
		b.Fatal(err)
	}
	paths, _ := filepath.Glob("../../testdata/calls/*.txt")
	var norms []string
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		for _, line := range strings.Split(string(data), "\n") {
			if n := normalize.String(line); n != "" {
				norms = append(norms, n)
			}
		}
	}
	return m, norms
}
