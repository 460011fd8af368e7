package rule_test

import (
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/rule"
	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

func TestRepetition(t *testing.T) {
	t.Parallel()
	script := "坐席：这款套餐每月五十八元，包含二十G流量和三百分钟通话。"
	tests := []struct {
		name      string
		within    int
		similar   float64
		questions bool
		call      []string
		want      []want
	}{
		{"the same script again", 3, 0.9, false,
			[]string{script, "客户：我不要，太贵了。", script},
			[]want{{turn: 3, line: 3, match: "这款套餐每月五十八元，包含二十G流量和三百分钟通话"}}},
		{"nearly the same, a word changed", 3, 0.8, false,
			[]string{script, "客户：太贵了。", "坐席：这款套餐每月只要五十八元，包含二十G流量和三百分钟通话。"},
			[]want{{turn: 3, line: 3, match: "这款套餐每月只要五十八元，包含二十G流量和三百分钟通话"}}},
		{"too far apart", 1, 0.9, false,
			[]string{script, "坐席：您考虑一下。", "坐席：我们还有别的活动。", script}, nil},
		{"short replies are no repeat", 3, 0.9, false,
			[]string{"坐席：好的。", "客户：嗯。", "坐席：好的。"}, nil},
		{"different sentences", 3, 0.9, false,
			[]string{script, "坐席：请问您还有其他问题吗？"}, nil},
		{"the customer repeating is not the agent", 3, 0.9, false,
			[]string{"客户：我要投诉你们的宽带。", "坐席：您请讲。", "客户：我要投诉你们的宽带。"}, nil},
		{"the same question twice", 3, 0.9, true,
			[]string{"坐席：请问您的宽带账号是多少？", "客户：我找一下。", "坐席：请问您的宽带账号是多少？"},
			[]want{{turn: 3, line: 3, match: "请问您的宽带账号是多少"}}},
		{"questions only: a statement repeated", 3, 0.9, true,
			[]string{script, "客户：嗯。", script}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &rule.Repetition{M: rule.Meta{ID: "repeats", Kind: "repetition"}, Scope: rule.Scope{Role: transcript.Agent},
				Within: tt.within, MinChars: 6, Similar: tt.similar, Questions: tt.questions}
			check(t, r, mustCall(t, tt.call...), tt.want...)
		})
	}
}
