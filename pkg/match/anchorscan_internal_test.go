package match

import (
	"strings"
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/segment"
)

// TestAnchorSearchIsLinear is the regression test for the anchor search without a set
// (zhijian segment): each alternative of a phrase's anchor was looked for again from
// every start, so one not in the text was looked for to its end once for every match
// of another: an utterance of 100,000 characters saying 我也没办法 20,000 times took
// segment five minutes. The bytes looked over, counted, stay a few times the text's.
func TestAnchorSearchIsLinear(t *testing.T) {
	p, err := Compile("[我](也没办法|从来不说的话)", Chars)
	if err != nil {
		t.Fatal(err)
	}
	sg := segment.New()
	for _, n := range []int{100, 2000} {
		text := NewText(strings.Repeat("我也没办法", n), sg)
		before := anchorScanned.Load()
		spans := p.FindAll(text)
		scanned := anchorScanned.Load() - before
		if len(spans) != n {
			t.Errorf("%d repeats: %d matches", n, len(spans))
		}
		if scanned > 4*int64(len(text.Norm)) {
			t.Errorf("%d repeats: %d bytes looked over for a text of %d", n, scanned, len(text.Norm))
		}
	}
}
