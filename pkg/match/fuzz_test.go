package match_test

// Native fuzz target for the phrase pattern compiler and matcher (issue #10). Run it with
//
//	go test ./pkg/match -run '^$' -fuzz '^FuzzCompileFindAll$' -fuzztime 60s
//
// or with every other target through testdata/fuzz/run.sh.

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/zhijian-qa/zhijian/pkg/match"
	"github.com/zhijian-qa/zhijian/pkg/segment"
)

var fuzzModes = []match.Mode{match.Words, match.Chars, match.Clause, match.Utterance}

// slowMatch is how long one FindAll over a fuzzed text may take before it counts as a
// hang; real patterns on real utterances take microseconds.
const slowMatch = 5 * time.Second

func FuzzCompileFindAll(f *testing.F) {
	seeds := []struct{ pattern, text string }{
		{"谢谢", "谢谢您的电话，再见！"},
		{"电话再见", "谢谢您的电话，再见！"},
		{"我们的电脑是[绝对]不会出错的", "我们的电脑是绝对不会出错的！"},
		{"改天再(联系|通知)你", "改天再聯系你"},
		{"你要去**部[，]这不是我们的事", "你要去技术部，这不是我们的事。"},
		{"对不起，X先生/小姐，让您久等了", "对不起，李小姐，让您久等了！"},
		{"您好，××公司，我是××号，请问有什么可以帮您", "您好，快通公司，我是1024号，请问有什么可以帮您？"},
		{"您好…请问有什么可以帮(到)您", "您好，快通客服，请问有什么可以帮到您？"},
		{"您好{0,2}请讲", "您好，李四请讲"},
		{"vip", "您是ＶＩＰ客户"},
		{"{0,64}a{0,64}b{0,64}c", strings.Repeat("ab", 200)},
		{"(a|b)(c|d)(e|f)(g|h)(i|j)(k|l)(m|n)(o|p)(q|r)(s|t)", "acegikmoqs"},
		{"[a][a][a][a][a]a{3}b", strings.Repeat("a", 300)},
		{"（您好）【请】\\{讲\\}", "您好请{讲}"},
		{"(", ""}, {"a{65}b", ""}, {"{1,2}", ""}, {"a/", ""}, {"\\", ""}, {"a|b", ""},
	}
	for _, s := range seeds {
		for m := range fuzzModes {
			f.Add(s.pattern, s.text, uint8(m))
		}
	}
	f.Fuzz(func(t *testing.T, pattern, text string, mode uint8) {
		defer watchdog(10 * time.Second)()
		if len(pattern) > 256 || len(text) > 4096 {
			t.Skip("bounded input")
		}
		m := fuzzModes[int(mode)%len(fuzzModes)]
		p, err := match.Compile(pattern, m)
		if err != nil {
			if p != nil {
				t.Fatal("pattern returned with an error")
			}
			if err.Error() == "" {
				t.Fatal("error without a message")
			}
			return
		}
		if p.Source != pattern || p.Mode != m {
			t.Fatalf("compiled %q %s, got %q %s", pattern, m, p.Source, p.Mode)
		}

		// A segmenter of its own, told the pattern's words before any use, as a rulebook
		// does: words added to one already in use would change its segmentation.
		sg := segment.New()
		set := match.NewSet(sg)
		ps, err := match.Compile(pattern, m)
		if err != nil {
			t.Fatalf("second compile: %v", err)
		}
		set.Add(ps)
		set.Build()

		txt := match.NewText(text, sg)
		start := time.Now()
		spans := p.FindAll(txt)
		if d := time.Since(start); d > slowMatch {
			t.Fatalf("FindAll(%q) took %v on %d bytes", pattern, d, len(text))
		}
		checkSpans(t, txt, spans, m)

		// The same pattern in a Set, found through the one-pass prefilter, finds the same.
		st := set.NewText(text)
		got := ps.FindAll(st)
		checkSpans(t, st, got, m)
		if !sameSpans(spans, got) {
			t.Fatalf("FindAll(%q in %q) = %v alone, %v in a set", pattern, text, spans, got)
		}
		if sp, ok := p.Find(txt); ok != (len(spans) > 0) || ok && sp != spans[0] {
			t.Fatalf("Find = %v %v, FindAll = %v", sp, ok, spans)
		}
	})
}

// checkSpans checks that matches lie within the normalised text, on rune boundaries, in
// order without overlapping, and quote a piece of the original text.
func checkSpans(t *testing.T, txt *match.Text, spans []match.Span, m match.Mode) {
	t.Helper()
	prevEnd := 0
	for i, sp := range spans {
		if sp.Start < 0 || sp.End < sp.Start || sp.End > len(txt.Norm) {
			t.Fatalf("span %d %v outside the text (%d bytes)", i, sp, len(txt.Norm))
		}
		if i > 0 && (sp.Start < prevEnd || sp == spans[i-1]) {
			t.Fatalf("span %d %v overlaps or repeats the one before, %v", i, sp, spans[i-1])
		}
		prevEnd = sp.End
		if !runeStart(txt.Norm, sp.Start) || !runeStart(txt.Norm, sp.End) {
			t.Fatalf("span %d %v cuts a character of %q", i, sp, txt.Norm)
		}
		src := txt.Source(sp.Start, sp.End)
		if !strings.Contains(txt.Orig, src) {
			t.Fatalf("span %d quotes %q, not in %q", i, src, txt.Orig)
		}
		if sp.End > sp.Start && src == "" {
			t.Fatalf("span %d %v quotes nothing", i, sp)
		}
	}
	if m == match.Utterance && len(spans) > 1 {
		t.Fatalf("%d whole-utterance matches", len(spans))
	}
	if m == match.Utterance && len(spans) == 1 && (spans[0].Start != 0 || spans[0].End != len(txt.Norm)) {
		t.Fatalf("whole-utterance match %v of %d bytes", spans[0], len(txt.Norm))
	}
}

func runeStart(s string, i int) bool {
	return i == len(s) || i < len(s) && (s[i]&0xC0 != 0x80)
}

func sameSpans(a, b []match.Span) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// watchdog crashes the fuzzing process, with every goroutine's stack, if the input is
// still being worked on after d: the fuzzer then keeps the input as a failure, where a
// plain infinite loop would only stall it. Call the returned function when done.
func watchdog(d time.Duration) func() bool {
	return time.AfterFunc(d, func() {
		buf := make([]byte, 1<<20)
		n := runtime.Stack(buf, true)
		panic(fmt.Sprintf("input still being worked on after %v (a hang?)\n%s", d, buf[:n]))
	}).Stop
}
