package match

import (
	"slices"
	"testing"
)

// A pattern is a candidate in a text only when the scan found a key of each part every
// match holds, not only of its filter part; the search then agrees.
func TestNeedParts(t *testing.T) {
	p, err := Compile("(归|是)**(部|部门|科|室)[管]", Chars)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"室", "科", "部"}} // 部门 stands behind 部; [管] may be absent
	if got := p.needParts(p.filterPart()); !slices.EqualFunc(got, want, slices.Equal) {
		t.Fatalf("needParts %q, want %q", got, want)
	}
	s := NewSet(nil)
	s.Add(p)
	s.Build()
	for _, c := range []struct {
		text      string
		cand, hit bool
	}{
		{"这是技术部管的", true, true},
		{"这是我的", false, false},
		{"部门是", true, false}, // both parts, in the wrong order
	} {
		text := s.NewText(c.text)
		_, ok := p.Find(text)
		if got := p.MayOccur(text); got != c.cand || ok != c.hit {
			t.Errorf("%s: candidate %v, found %v; want %v, %v", c.text, got, ok, c.cand, c.hit)
		}
	}
}
