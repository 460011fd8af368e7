package rulebook_test

import (
	"fmt"
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/meaning"
	"github.com/zhijian-qa/zhijian/pkg/normalize"
	"github.com/zhijian-qa/zhijian/pkg/rule"
	"github.com/zhijian-qa/zhijian/pkg/rulebook"
	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

// TestMeaningAlone: a condition whose when has meaning_alone: P applies on one utterance
// only a meaning item found when the model scores it at least P; below P it needs a
// second utterance that matched, or a phrase.
func TestMeaningAlone(t *testing.T) {
	m, err := meaning.Shipped("complaint")
	if err != nil {
		t.Fatal(err)
	}
	score := func(s string) float64 { return m.Score(normalize.String(s)) }
	// One grumble the model is not sure of, one it is sure of.
	unsure, sure := "等了一个小时了还没人来。", "你们这什么破服务，太过分了，我要你们赔钱！"
	if score(unsure) < m.Threshold || score(sure) <= score(unsure) {
		t.Skipf("the retrained model scores the examples %.6f %.6f (threshold %.4f): pick others", score(unsure), score(sure), m.Threshold)
	}
	alone := (score(unsure) + score(sure)) / 2
	src := fmt.Sprintf(`name: t
rules:
  - id: steps
    kind: condition
    when: {role: customer, phrases: [要投诉, {meaning: complaint}], meaning_alone: %.8f}
    rules:
      - {id: record, kind: required, role: agent, phrases: [记录], message: 未记录}
`, alone)
	rb, err := rulebook.Parse("t.yaml", []byte(src), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		call    string
		applies bool
	}{
		{"客户：" + unsure + "\n坐席：抱歉。", false},
		{"客户：" + sure + "\n坐席：抱歉。", true},
		{"客户：" + unsure + "\n坐席：抱歉。\n客户：" + unsure, true}, // a second utterance
		{"客户：" + unsure + "\n坐席：抱歉。\n客户：我要投诉。", true},     // a phrase
		{"客户：我要投诉。\n坐席：抱歉。", true},
		{"客户：" + unsure + "\n坐席：" + sure, false}, // the second is the agent's
	} {
		call, err := transcript.ParsePlain("c.txt", tt.call, rb.Roles)
		if err != nil {
			t.Fatal(err)
		}
		if fs := rb.Rules[0].Check(rule.PrepareFor(call, rb.Matcher)); (len(fs) > 0) != tt.applies {
			t.Errorf("%q: %d findings, want the steps to apply %v", tt.call, len(fs), tt.applies)
		}
	}
}
