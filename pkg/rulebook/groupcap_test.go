package rulebook_test

import (
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/rule"
	"github.com/zhijian-qa/zhijian/pkg/rulebook"
	"github.com/zhijian-qa/zhijian/pkg/score"
	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

// TestConditionMaxDeduct: a condition group's max_deduct caps what its rules take from a
// call together, its rules' own caps still apply, and an override can change it.
func TestConditionMaxDeduct(t *testing.T) {
	const book = `name: t
rules:
  - id: complaint
    kind: condition
    max_deduct: 12
    when: {role: customer, phrases: [投诉]}
    rules:
      - {id: sorry, kind: required, role: agent, phrases: [抱歉], deduct: 10, message: 未致歉}
      - {id: record, kind: required, role: agent, phrases: [记录], deduct: 3, message: 未记录}
      - {id: thanks, kind: required, role: agent, phrases: [感谢], deduct: 5, message: 未感谢, when: {role: agent, phrases: [处理]}}
  - {id: greet, kind: required, role: agent, phrases: [您好], deduct: 10, message: 未问候}
`
	for _, tt := range []struct {
		name, extra, call string
		want              float64
	}{
		{"capped", "", "坐席：喂。\n客户：我要投诉。\n坐席：我来处理。", 78},                                            // greet 10, group 10+2+0 (cap 12)
		{"under the cap", "", "坐席：您好。\n客户：我要投诉。\n坐席：抱歉，我来处理。", 92},                                 // record 3 + thanks 5
		{"not triggered", "", "坐席：您好。\n客户：查话费。\n坐席：好的。", 100},                                      //
		{"override", "override: {complaint: {max_deduct: 40}}\n", "坐席：喂。\n客户：我要投诉。\n坐席：我来处理。", 72}, // 10 + 10+3+5
	} {
		t.Run(tt.name, func(t *testing.T) {
			rb, err := rulebook.Parse("t.yaml", []byte(book+tt.extra), nil)
			if err != nil {
				t.Fatal(err)
			}
			call, err := transcript.ParsePlain("c.txt", tt.call, rb.Roles)
			if err != nil {
				t.Fatal(err)
			}
			c := rule.PrepareFor(call, rb.Matcher)
			var fs []rule.Finding
			for _, r := range rb.Rules {
				fs = append(fs, r.Check(c)...)
			}
			if got := score.Score(fs, 80, nil).Score; got != tt.want {
				t.Errorf("score %v, want %v (%d findings)", got, tt.want, len(fs))
			}
		})
	}
}
