package pipeline_test

import (
	"testing"
)

// TestModelFindingsOnlyAdd: the default's models by meaning report a sentence no phrase
// rule found, once (the 禁语 model or the rude-attitude one, whichever clears its
// threshold by more: writers file such a remark under either), and keep quiet where a
// phrase rule already has a finding on the same sentence.
func TestModelFindingsOnlyAdd(t *testing.T) {
	call := "坐席：您好，工号1001，请问有什么可以帮您？\n" +
		"客户：路由器灯一直闪红，怎么弄？\n" +
		"坐席：你自己看说明书去，别老问我。\n" + // line 3: the model only
		"客户：说明书丢了。\n" +
		"坐席：你有完没完？\n" + // line 5: a 禁语 on the list, the model agrees
		"客户：你这什么态度！\n"
	file, _ := checkWithDefault(t, call)
	byLine := map[int][]string{}
	for _, f := range file.Findings {
		if f.Line == 3 || f.Line == 5 {
			byLine[f.Line] = append(byLine[f.Line], f.Rule)
		}
	}
	if got := byLine[3]; len(got) != 1 || got[0] != "forbidden-by-meaning" && got[0] != "rude-by-meaning" {
		t.Errorf("line 3: %v, want one finding by meaning (forbidden-by-meaning or rude-by-meaning)", got)
	}
	for _, r := range byLine[5] {
		if r == "forbidden-by-meaning" {
			t.Errorf("line 5: %v, the model's finding beside the phrase rule's", byLine[5])
		}
	}
	if len(byLine[5]) == 0 {
		t.Error("line 5: the 禁语 on the list not found")
	}
}
