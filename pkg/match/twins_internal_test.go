package match

import (
	"slices"
	"testing"
)

// Twins (the same parts and mode) share their searches of a text; other patterns,
// though written alike, do not.
func TestTwinsShareSearches(t *testing.T) {
	s := NewSet(nil)
	var ps []*Pattern
	for _, c := range []struct {
		src  string
		mode Mode
	}{{"稍(等|候)", Chars}, {"稍(等|候)", Chars}, {"稍(等|候)", Utterance}, {"稍(候|等)", Chars}} {
		p, err := Compile(c.src, c.mode)
		if err != nil {
			t.Fatal(err)
		}
		s.Add(p)
		ps = append(ps, p)
	}
	s.Build()
	if ps[0].set.twinOf[0] < 0 || s.twinOf[0] != s.twinOf[1] || s.twinOf[2] >= 0 || s.twinOf[3] >= 0 {
		t.Fatalf("twins %v, want the first two only", s.twinOf)
	}
	text := s.NewText("请稍等，稍候片刻")
	first, ok := ps[1].Find(text)
	all := ps[0].FindAll(text)
	again := ps[1].FindAll(text)
	if !ok || len(all) != 2 || all[0] != first || !slices.Equal(all, again) || len(text.found) != 2 {
		t.Fatalf("Find %v %v, FindAll %v then %v, %d searches remembered", first, ok, all, again, len(text.found))
	}
	if got := ps[3].FindAll(text); !slices.Equal(got, all) {
		t.Fatalf("稍(候|等) found %v, 稍(等|候) %v", got, all)
	}
}
