package rule_test

import (
	"strings"
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/rule"
	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

func TestParseLogic(t *testing.T) {
	for _, tt := range []struct {
		src, want string
		ok        bool
	}{
		{"asked && !quoted", "asked && !quoted", true},
		{"1&&2||!3", "1 && 2 || !3", true},
		{"a || b && c", "a || b && c", true},
		{"(a || b) && !(c && d)", "(a || b) && !(c && d)", true},
		{"a &&", "", false},
		{"a & b", "", false},
		{"(a", "", false},
		{"", "", false},
		{"a b", "", false},
		{strings.Repeat("(", 100_000) + "a" + strings.Repeat(")", 100_000), "", false},
		{strings.Repeat("!", 100_000) + "a", "", false},
		{strings.Repeat("(", 10) + "a" + strings.Repeat(")", 10), "a", true},
	} {
		e, _, ok := rule.ParseLogic(tt.src)
		if ok != tt.ok || ok && e.String() != tt.want {
			t.Errorf("ParseLogic(%q) = %v, %v; want %q, %v", tt.src, e, ok, tt.want, tt.ok)
		}
	}
}

func TestLogic(t *testing.T) {
	t.Parallel()
	conds := map[string]rule.LogicCondition{
		"asked":  {Role: transcript.Customer, Phrases: mustPhrases(t, "多少钱")},
		"quoted": {Role: transcript.Agent, Phrases: mustPhrases(t, "(元|块)")},
		"sorry":  {Role: transcript.Agent, Phrases: mustPhrases(t, "(抱歉|对不起)")},
	}
	tests := []struct {
		name, expr string
		call       []string
		want       []want
	}{
		// Held because the quote is missing: at the question, quoting nothing.
		{"asked, not quoted", "asked && !quoted", []string{"客户：这个套餐多少钱？", "坐席：我帮您查一下。"},
			[]want{{turn: 1, line: 1}}},
		{"asked and sorry, either way", "asked && (sorry || !quoted)", []string{"客户：多少钱？", "坐席：抱歉，五十八元。"},
			[]want{{turn: 1, line: 1, match: "多少钱"}}},
		{"asked and quoted", "asked && !quoted", []string{"客户：多少钱？", "坐席：五十八元一个月。"}, nil},
		{"the agent asking is not the customer", "asked && !quoted", []string{"坐席：您想办多少钱的套餐？", "客户：便宜的。"}, nil},
		{"held by what was not said", "!sorry", []string{"坐席：您好。"}, []want{{}}},
		{"or", "asked || sorry", []string{"坐席：抱歉让您久等了。"}, []want{{turn: 1, line: 1, match: "抱歉"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, _, ok := rule.ParseLogic(tt.expr)
			if !ok {
				t.Fatal(tt.expr)
			}
			r := &rule.Logic{M: rule.Meta{ID: "logic", Kind: "logic"}, Conditions: conds, Expr: e}
			check(t, r, mustCall(t, tt.call...), tt.want...)
		})
	}
}
