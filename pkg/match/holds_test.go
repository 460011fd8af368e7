package match_test

import (
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/match"
)

// An exception word counts wherever it stands, except a 为 or 请 that ends another word:
// 为您 (for you) is not in 因为您 (because you), the polite 请 not in 申请.
func TestHoldsUnless(t *testing.T) {
	tests := []struct {
		name, unless, text string
		holds              bool
	}{
		{"exception present", "为您", "我为您查一下，您是看不懂吗", false},
		{"inside a longer word still counts", "给您", "我发给您了，您是看不懂吗", false},
		{"为 ending 因为 is no exception", "为您", "因为您选错了，您是看不懂吗", true},
		{"nor ending 认为", "为您", "我认为您是看不懂吗", true},
		{"no exception at all", "抱歉", "您是看不懂吗", true},
		{"请 said politely", "请", "请问您是看不懂吗", false},
		{"请 ending 申请 is no exception", "请", "您是看不懂吗，系统才能提减免申请", true},
		{"nor ending 邀请", "请", "邀请函上写着，您是看不懂吗", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := match.Compile("您是看不懂吗", match.Words)
			if err != nil {
				t.Fatal(err)
			}
			u, err := match.Compile(tt.unless, match.Chars)
			if err != nil {
				t.Fatal(err)
			}
			p.Unless = append(p.Unless, u)
			if got := p.Holds(match.NewText(tt.text, nil)); got != tt.holds {
				t.Errorf("Holds(%q) unless %q = %v, want %v", tt.text, tt.unless, got, tt.holds)
			}
		})
	}
}

// Holds walks once for every exception's anchor and searches only the exceptions found:
// it must say what searching each exception says, whatever the exceptions (gaps,
// optional words, a leading gap, an anchor that may be empty, an expression) and texts.
func TestHoldsUnlessFilter(t *testing.T) {
	unless := []string{"请问", "麻烦", "查一下", "(一句|一声|只会说|光说)", "我[也|都]不好意思(跟|去|开口)",
		"(跟|和)(我们|我)…没关系", "{0,2}帮我", "[您]稍等", "有(什么|啥)(可以|能)(帮|为)", "为您"}
	texts := []string{"", "对不起", "对不起请问一下", "对不起麻烦您", "光说对不起有什么用", "我也不好意思跟他说对不起",
		"这跟我们没关系对不起", "对不起帮我查一下", "稍等对不起", "您稍等", "对不起有什么可以帮您", "因为您对不起",
		"我为您查一下对不起", "对不起对不起对不起请", "abc对不起123请问", "对不起\xff请问"}
	var ps []*match.Pattern
	for _, src := range unless {
		u, err := match.Compile(src, match.Chars)
		if err != nil {
			t.Fatal(src, err)
		}
		ps = append(ps, u)
	}
	re, err := match.CompileRegex(`[0-9]{3}`, match.Chars)
	if err != nil {
		t.Fatal(err)
	}
	ps = append(ps, re)
	for n := 0; n <= len(ps); n++ {
		for _, text := range texts {
			p, err := match.Compile("对不起", match.Chars)
			if err != nil {
				t.Fatal(err)
			}
			// The exceptions from n on, then those before: each order of a few.
			p.Unless = append(append([]*match.Pattern(nil), ps[n:]...), ps[:n]...)
			tx := match.NewText(text, nil)
			want := true // searched one by one; the only word ending in 为 the texts hold is 因为
			for _, u := range p.Unless {
				for _, sp := range u.FindAll(tx) {
					if !(tx.Norm[sp.Start:min(sp.Start+3, len(tx.Norm))] == "为" && sp.Start >= 3 && tx.Norm[sp.Start-3:sp.Start] == "因") {
						want = false
					}
				}
			}
			if got := p.Holds(tx); got != want {
				t.Errorf("Holds(%q) with exceptions from %d = %v, want %v", text, n, got, want)
			}
		}
	}
}
