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

// TestReportedAndDisowned: a 禁语 someone else said, reported and then condemned or
// apologised for in the same utterance, is not the agent's 禁语; said to the customer,
// or denied (客服不可能这么讲), it still is.
func TestReportedAndDisowned(t *testing.T) {
	for _, tc := range []struct {
		utterance, phrase string
		counted           bool
	}{
		{"上回那个接线员说您有完没完，这话太伤人了，我替她跟您道歉。", "有完没完", false},
		{"夜班同事冲您嚷“大点声，听不见”，这是她不对，我跟您道个歉。", "大点声", false},
		{"之前 窗口 的 老师 跟 您 说 不能 办 就是 不能 办 语气 太 硬 了 这 个 我 向 您 道 歉", "不能办就是不能办", false},
		{"之前那个客服催您快点讲，是不对的。", "快点讲", false},
		{"你有完没完？", "有完没完", true},
		{"你有完没完？算了，跟您道个歉。", "有完没完", true},
		{"我们客服不可能这么讲的，从来没有说过这种话。", "没有说过这种话", true},
		{"同事说得对，你有完没完。", "有完没完", true},
	} {
		tr, err := transcript.ParsePlain("call.txt", "坐席："+tc.utterance+"\n", nil)
		if err != nil {
			t.Fatal(err)
		}
		c := Prepare(tr, segment.New())
		p, err := match.Compile(tc.phrase, match.Chars)
		if err != nil {
			t.Fatal(err)
		}
		r := &Forbidden{M: Meta{ID: "f", Kind: "forbidden"}, Scope: Scope{Role: transcript.Agent}, Phrases: Phrases{p}, Guard: true}
		if got := len(r.Check(c)) > 0; got != tc.counted {
			t.Errorf("%s: counted %v, want %v", tc.utterance, got, tc.counted)
		}
	}
}
