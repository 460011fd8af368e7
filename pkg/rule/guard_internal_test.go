package rule

import (
	"strings"
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/match"
	"github.com/zhijian-qa/zhijian/pkg/segment"
	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

// TestGuardScansEachTextOnce is the regression test for the negation guard looking over
// the whole utterance for every occurrence of a 禁语: an utterance of 10,000 characters
// repeating one 2,000 times took two seconds, a transcript of them minutes. The whole
// text is looked over once per text, however many occurrences it holds: a count of
// steps, which a loaded machine cannot make fail as it could a limit in seconds.
func TestGuardScansEachTextOnce(t *testing.T) {
	for _, n := range []int{1, 100, 1999} {
		var b strings.Builder
		for i := range 6 {
			b.WriteString([]string{"坐席：", "客户："}[i%2])
			b.WriteString(strings.Repeat("我也没办法", n))
			b.WriteString("\n")
		}
		tc, err := transcript.ParsePlain("call.txt", b.String(), nil)
		if err != nil {
			t.Fatal(err)
		}
		c := Prepare(tc, segment.New())
		p, err := match.Compile("我也没办法", match.Words)
		if err != nil {
			t.Fatal(err)
		}
		r := &Forbidden{M: Meta{ID: "f", Kind: "forbidden"}, Scope: Scope{Role: transcript.Agent}, Phrases: Phrases{p}, Guard: true}
		before := wholeScans.Load()
		fs := r.Check(c)
		scans := wholeScans.Load() - before
		if len(fs) != 3*n {
			t.Errorf("%d occurrences an utterance: %d findings, want %d", n, len(fs), 3*n)
		}
		// Three agent utterances, each one text.
		if scans > 3 {
			t.Errorf("%d occurrences an utterance: the whole text looked over %d times, want at most 3 (once a text)", n, scans)
		}
	}
}
