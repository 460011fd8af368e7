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
