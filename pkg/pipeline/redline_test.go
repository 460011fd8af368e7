package pipeline_test

import (
	"slices"
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/rule"
)

// TestRedLineTakesTheSentence: a 禁语 said as a rhetorical question is charged once, as
// the 禁语; the same rudeness in a sentence with no 禁语 is still charged as rudeness.
func TestRedLineTakesTheSentence(t *testing.T) {
	call := "坐席：您好，工号1001，请问有什么可以帮您？\n" +
		"客户：我想问下办卡要带什么。\n" +
		"坐席：带身份证和房产证。\n" +
		"客户：要带什么来着？\n" +
		"坐席：我刚才不是给你说了吗，身份证房产证，咋还问呢？\n" + // line 5: 禁语 15, also a rhetorical question
		"客户：我忘了嘛。\n" +
		"坐席：说明书上写得清清楚楚，你没看吗？\n" + // line 7: rude, no 禁语
		"客户：好吧。\n"
	file, rb := checkWithDefault(t, call)
	conceptOf := map[string]string{}
	var note func([]rule.Rule)
	note = func(rs []rule.Rule) {
		for _, r := range rs {
			conceptOf[r.Meta().ID] = r.Meta().Concept
			if g, ok := r.(*rule.Condition); ok {
				note(g.Rules)
			}
		}
	}
	note(rb.Rules)
	concepts := map[int][]string{}
	for _, f := range file.Findings {
		concepts[f.Line] = append(concepts[f.Line], conceptOf[f.Rule])
	}
	if got := concepts[5]; !slices.Contains(got, "forbidden-phrase") || slices.Contains(got, "rude-attitude") {
		t.Errorf("line 5: concepts %v, want forbidden-phrase and no rude-attitude", got)
	}
	if got := concepts[7]; !slices.Contains(got, "rude-attitude") {
		t.Errorf("line 7: concepts %v, want rude-attitude", got)
	}
}
