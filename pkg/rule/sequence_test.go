package rule_test

import (
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/rule"
	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

// verify is the middle step of a three-step sequence: confirming who is calling.
var verify = []string{"请问您的手机号码是多少", "(核实|确认)一下您的身份"}

func TestSequence(t *testing.T) {
	t.Parallel()

	tests := []struct {
		name  string
		call  []string
		role  transcript.Role
		steps [][]string // nil: greeting then closing
		want  []want
	}{
		{
			name: "greeting then closing",
			call: []string{
				"坐席：您好，请问有什么可以帮到您？",
				"客户：查话费",
				"坐席：已经发到您手机上了。谢谢您的电话，再见！",
			},
			role: transcript.Agent,
		},
		{
			name: "closing before greeting",
			call: []string{
				"# call_id: 7", // 1
				"坐席：喂？",        // 2, turn 1
				"客户：我打错了",      // 3, turn 2
				"坐席：好的，谢谢，再见",  // 4, turn 3
				"客户：等等，我要查话费",  // 5, turn 4
				"坐席：您好，请讲",     // 6, turn 5
			},
			role: transcript.Agent,
			want: []want{{turn: 3, line: 4, match: "谢谢，再见"}},
		},
		{
			name: "greeting repeated after an early closing",
			call: []string{
				"坐席：谢谢您的电话，再见！",    // turn 1
				"客户：别挂，我还没说",       // turn 2
				"坐席：您好，请问有什么可以帮您？", // turn 3
				"客户：查话费",           // turn 4
				"坐席：谢谢您的电话，再见",     // turn 5
			},
			role: transcript.Agent,
			// The closing's first occurrence is what is checked.
			want: []want{{turn: 1, line: 1, match: "谢谢您的电话，再见"}},
		},
		{
			name: "only closing said",
			call: []string{
				"坐席：喂",
				"客户：查话费",
				"坐席：谢谢，再见",
			},
			role: transcript.Agent,
			// The missing greeting is for a Required rule to report.
		},
		{
			name: "only greeting said",
			call: []string{
				"坐席：您好，请讲",
				"客户：查话费",
			},
			role: transcript.Agent,
		},
		{
			name: "neither said",
			call: []string{"坐席：喂", "客户：喂"},
			role: transcript.Agent,
		},
		{
			name: "same utterance, right order",
			call: []string{"坐席：您好，请讲。哦，打错了？好的，谢谢，再见！"},
			role: transcript.Agent,
		},
		{
			name: "same utterance, wrong order",
			call: []string{
				"客户：喂",
				"坐席：谢谢，再见。哦，您好，请问有什么可以帮您？",
			},
			role: transcript.Agent,
			want: []want{{turn: 2, line: 2, match: "谢谢，再见"}},
		},
		{
			name: "role agent: the customer's closing does not count",
			call: []string{
				"客户：谢谢，再见",
				"坐席：您好，请讲",
				"坐席：谢谢您的电话，再见",
			},
			role: transcript.Agent,
		},
		{
			name: "role agent: the customer's greeting does not count",
			call: []string{
				"客户：您好，请讲",
				"坐席：谢谢，再见",
			},
			role: transcript.Agent,
		},
		{
			name: "role any: the customer's closing counts",
			call: []string{
				"客户：谢谢，再见",
				"坐席：您好，请讲",
			},
			role: "",
			want: []want{{turn: 1, line: 1, match: "谢谢，再见"}},
		},
		{
			name: "three steps in order",
			call: []string{
				"坐席：您好，请问有什么可以帮到您？",
				"客户：查话费",
				"坐席：好的，请问您的手机号码是多少？",
				"客户：13800000000",
				"坐席：已发送。谢谢您的电话，再见",
			},
			role:  transcript.Agent,
			steps: [][]string{greeting, verify, closing},
		},
		{
			name: "three steps, step 3 before step 2",
			call: []string{
				"坐席：您好，请问有什么可以帮到您？", // 1
				"客户：查话费",           // 2
				"坐席：谢谢，再见",         // 3
				"客户：你还没查呢",         // 4
				"坐席：好的，我来核实一下您的身份", // 5
			},
			role:  transcript.Agent,
			steps: [][]string{greeting, verify, closing},
			want:  []want{{turn: 3, line: 3, match: "谢谢，再见"}},
		},
		{
			name: "three steps, step 3 before step 2, step 1 missing",
			call: []string{
				"坐席：喂",           // 1
				"坐席：谢谢，再见",       // 2
				"坐席：请问您的手机号码是多少", // 3
			},
			role:  transcript.Agent,
			steps: [][]string{greeting, verify, closing},
			want:  []want{{turn: 2, line: 2, match: "谢谢，再见"}},
		},
		{
			name: "three steps, step 2 before step 1",
			call: []string{
				"坐席：请问您的手机号码是多少？", // 1
				"客户：什么？",          // 2
				"坐席：您好，请讲",        // 3
				"坐席：谢谢，再见",        // 4
			},
			role:  transcript.Agent,
			steps: [][]string{greeting, verify, closing},
			want:  []want{{turn: 1, line: 1, match: "请问您的手机号码是多少"}},
		},
		{
			name: "three steps, middle step missing, step 3 before step 1",
			call: []string{
				"坐席：谢谢，再见", // 1
				"坐席：您好，请讲", // 2
			},
			role:  transcript.Agent,
			steps: [][]string{greeting, verify, closing},
			want:  []want{{turn: 1, line: 1, match: "谢谢，再见"}},
		},
		{
			name:  "a single step never fires",
			call:  []string{"坐席：谢谢，再见", "坐席：您好，请讲"},
			role:  transcript.Agent,
			steps: [][]string{closing},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			steps := tt.steps
			if steps == nil {
				steps = [][]string{greeting, closing}
			}
			r := &rule.Sequence{
				M:     rule.Meta{ID: "greeting-before-closing", Kind: "sequence", Role: tt.role, Deduct: 5},
				Scope: rule.Scope{Role: tt.role},
			}
			for _, s := range steps {
				r.Steps = append(r.Steps, mustPhrases(t, s...))
			}
			check(t, r, mustCall(t, tt.call...), tt.want...)
		})
	}
}

// A window narrows Sequence too: an early closing outside the agent's last two turns is
// not seen.
func TestSequenceWindow(t *testing.T) {
	t.Parallel()
	c := mustCall(t,
		"坐席：谢谢，再见", // turn 1: outside the window
		"客户：别挂",    // turn 2
		"坐席：您好，请讲", // turn 3
		"客户：查话费",   // turn 4
		"坐席：谢谢，再见", // turn 5
	)
	r := &rule.Sequence{
		M:     rule.Meta{ID: "greeting-before-closing", Kind: "sequence"},
		Scope: rule.Scope{Role: transcript.Agent, Window: rule.Window{Last: 2}},
		Steps: []rule.Phrases{mustPhrases(t, greeting...), mustPhrases(t, closing...)},
	}
	check(t, r, c)

	r.Scope.Window = rule.Window{}
	check(t, r, c, want{turn: 1, line: 1, match: "谢谢，再见"})
}
