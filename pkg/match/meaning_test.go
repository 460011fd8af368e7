package match_test

import (
	"math"
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/match"
	"github.com/zhijian-qa/zhijian/pkg/meaning"
)

func TestMeaningItem(t *testing.T) {
	tests := []struct {
		name      string
		model     string
		threshold float64 // < 0: the model's own
		text      string
		want      bool
	}{
		{"a threshold of 0 takes any utterance", "complaint", 0, "好的，谢谢。", true},
		{"a threshold of 1 takes none", "complaint", 1, "你们这是什么破服务，乱扣我的钱，我要投诉你们！", false},
		{"an empty utterance never matches", "complaint", 0, "。", false},
		{"a complaint at the model's threshold", "complaint", -1, "你们这是什么破服务，凭什么乱扣我的钱？今天不给我个说法我就投诉你们！", true},
		{"a calm question at the model's threshold", "complaint", -1, "你好，我想问一下这个月的账单什么时候出？", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := match.CompileMeaning(tt.model, tt.threshold)
			if err != nil {
				t.Fatal(err)
			}
			if !p.Meaning() || p.Examples(3, "X") != nil || p.Literals() != nil {
				t.Errorf("a meaning item is no phrase: Meaning %v, Examples %v, Literals %v", p.Meaning(), p.Examples(3, "X"), p.Literals())
			}
			text := match.NewText(tt.text, nil)
			sp, ok := p.Find(text)
			if ok != tt.want {
				t.Fatalf("Find(%q) = %v, want %v", tt.text, ok, tt.want)
			}
			if ok && (sp.Start != 0 || sp.End != len(text.Norm)) {
				t.Errorf("match %v, want the whole utterance [0,%d)", sp, len(text.Norm))
			}
			if all := p.FindAll(text); len(all) != map[bool]int{true: 1}[tt.want] {
				t.Errorf("FindAll = %v, want one match at most", all)
			}
		})
	}
	if _, err := match.CompileMeaning("no-such-model", -1); err == nil {
		t.Error("an unknown model compiled")
	}
}

// TestMeaningItemsInOneSet: items of one model at different thresholds, and the same item
// in several lists, each match as they say when they share a set. Their parts are alike
// (empty), so they must never share the set's per-text memory of searches for twins;
// they do not, having no literal for the scan to find.
func TestMeaningItemsInOneSet(t *testing.T) {
	s := match.NewSet(nil)
	lenient, err := match.CompileMeaning("complaint", 0)
	if err != nil {
		t.Fatal(err)
	}
	strict, _ := match.CompileMeaning("complaint", 1)
	again, _ := match.CompileMeaning("complaint", 0)
	for _, p := range []*match.Pattern{lenient, strict, again} {
		s.Add(p)
	}
	s.Build()
	text := s.NewText("我想问一下账单什么时候出。")
	for _, c := range []struct {
		name string
		p    *match.Pattern
		want int
	}{{"threshold 0", lenient, 1}, {"threshold 1", strict, 0}, {"threshold 0 again", again, 1}} {
		if got := len(c.p.FindAll(text)); got != c.want {
			t.Errorf("%s: %d matches, want %d", c.name, got, c.want)
		}
	}
}

// A text remembers what each model scored it: items of two models asked in turn about
// one text each match by their own model's score, just below it and not just above it.
func TestMeaningScoresRememberedByModel(t *testing.T) {
	text := match.NewText("你们这是什么破服务，你听不懂人话吗？我要投诉你们！", nil)
	for round := 0; round < 2; round++ {
		for _, name := range []string{"complaint", "rude-attitude", "forbidden-phrase"} {
			m, err := meaning.Shipped(name)
			if err != nil {
				t.Fatal(err)
			}
			score := m.Score(text.Norm)
			below, _ := match.CompileMeaning(name, math.Nextafter(score, 0))
			above, _ := match.CompileMeaning(name, math.Nextafter(score, 2))
			if _, ok := below.Find(text); !ok {
				t.Errorf("round %d, %s: no match at a threshold just below its score %v", round, name, score)
			}
			if _, ok := above.Find(text); ok {
				t.Errorf("round %d, %s: a match at a threshold just above its score %v", round, name, score)
			}
		}
	}
}
