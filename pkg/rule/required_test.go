package rule_test

import (
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/rule"
	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

func TestRequired(t *testing.T) {
	t.Parallel()

	// A complete, well-behaved call. Line 1 is a header, so Line = Turn + 1.
	good := []string{
		"# call_id: 20240501-0001", //  1
		"坐席：您好，请问有什么可以帮到您？",        //  2, turn 1
		"客户：我想查一下话费",               //  3, turn 2
		"坐席：好的，请您稍等。",              //  4, turn 3
		"客户：嗯",                     //  5, turn 4
		"坐席：您本月话费是58元。还有什么可以帮您？",   //  6, turn 5
		"客户：没有了",                   //  7, turn 6
		"坐席：谢谢您的电话，再见！",            //  8, turn 7
	}
	// The customer speaks first; the agent greets properly only in their second turn and
	// never closes, while the customer does.
	late := []string{
		"客户：喂？",            // 1, turn 1
		"坐席：喂，哪位？",         // 2, turn 2
		"客户：是客服吗",          // 3, turn 3
		"坐席：您好，请问有什么可以帮您？", // 4, turn 4
		"客户：我想查话费",         // 5, turn 5
		"",                 // 6: blank lines are skipped
		"坐席：好的，已经给您发短信了。", // 7, turn 6
		"客户：谢谢，再见",        // 8, turn 7
	}
	// Only the customer speaks.
	silent := []string{
		"客户：喂？喂？",   // 1, turn 1
		"客户：怎么没人说话", // 2, turn 2
	}

	tests := []struct {
		name    string
		call    []string
		role    transcript.Role
		window  rule.Window
		phrases []string
		want    []want
	}{
		{
			name: "greeting in the agent's first turn", call: good,
			role: transcript.Agent, window: rule.Window{First: 1}, phrases: greeting,
		},
		{
			name: "greeting only in the agent's second turn", call: late,
			role: transcript.Agent, window: rule.Window{First: 1}, phrases: greeting,
			// Points at the agent's first utterance, not the call's first.
			want: []want{{turn: 2, line: 2}},
		},
		{
			name: "a wider window reaches the agent's second turn", call: late,
			role: transcript.Agent, window: rule.Window{First: 2}, phrases: greeting,
		},
		{
			name: "whole call when there is no window", call: late,
			role: transcript.Agent, phrases: greeting,
		},
		{
			name: "any phrase of the list counts", call: []string{"坐席：您好，请讲。"},
			role: transcript.Agent, window: rule.Window{First: 1}, phrases: greeting,
		},
		{
			name: "closing in the agent's last turn", call: good,
			role: transcript.Agent, window: rule.Window{Last: 1}, phrases: closing,
		},
		{
			name: "closing missing from the agent's last turn", call: late,
			role: transcript.Agent, window: rule.Window{Last: 1}, phrases: closing,
			// The customer's 谢谢，再见 (turn 7) does not count; the finding points at
			// the agent's last utterance, on line 7 after the blank line.
			want: []want{{turn: 6, line: 7}},
		},
		{
			name: "closing said before the last window", call: []string{
				"坐席：您好，请讲。",   // turn 1
				"客户：我查话费",     // turn 2
				"坐席：谢谢，再见",    // turn 3
				"客户：等等，还有一件事", // turn 4
				"坐席：好的，您说",    // turn 5
				"客户：算了",       // turn 6
			},
			role: transcript.Agent, window: rule.Window{Last: 1}, phrases: closing,
			want: []want{{turn: 5, line: 5}},
		},
		{
			name: "role agent ignores the customer saying it", call: []string{
				"客户：您好，请问有什么可以帮到您？", // turn 1: the customer mocking the script
				"坐席：喂", // turn 2
			},
			role: transcript.Agent, window: rule.Window{First: 1}, phrases: greeting,
			want: []want{{turn: 2, line: 2}},
		},
		{
			name: "role any counts the customer saying it", call: []string{
				"客户：您好，请问有什么可以帮到您？",
				"坐席：喂",
			},
			role: "", window: rule.Window{First: 1}, phrases: greeting,
		},
		{
			name: "role any windows over all speakers", call: late,
			// The call's first utterance is the customer's 喂？.
			role: "", window: rule.Window{First: 1}, phrases: greeting,
			want: []want{{turn: 1, line: 1}},
		},
		{
			name: "role any, last window", call: late,
			role: "", window: rule.Window{Last: 1}, phrases: []string{"好的"},
			want: []want{{turn: 7, line: 8}},
		},
		{
			name: "role customer", call: good,
			role: transcript.Customer, window: rule.Window{First: 1}, phrases: greeting,
			want: []want{{turn: 2, line: 3}},
		},
		{
			name: "agent never speaks, first window", call: silent,
			role: transcript.Agent, window: rule.Window{First: 1}, phrases: greeting,
			want: []want{{}}, // nothing to point at
		},
		{
			name: "agent never speaks, last window", call: silent,
			role: transcript.Agent, window: rule.Window{Last: 1}, phrases: closing,
			want: []want{{}},
		},
		{
			name: "agent never speaks, whole call", call: silent,
			role: transcript.Agent, phrases: closing,
			want: []want{{}},
		},
		{
			name: "first window larger than the call, phrase present", call: late,
			role: transcript.Agent, window: rule.Window{First: 10}, phrases: greeting,
		},
		{
			name: "first window larger than the call, phrase missing", call: late,
			role: transcript.Agent, window: rule.Window{First: 10}, phrases: closing,
			want: []want{{turn: 2, line: 2}},
		},
		{
			name: "last window larger than the call, phrase present", call: good,
			role: transcript.Agent, window: rule.Window{Last: 10}, phrases: greeting,
		},
		{
			name: "last window larger than the call, phrase missing", call: late,
			role: transcript.Agent, window: rule.Window{Last: 10}, phrases: closing,
			want: []want{{turn: 6, line: 7}},
		},
		{
			name: "last window of several turns points at its last utterance", call: late,
			role: transcript.Agent, window: rule.Window{Last: 2}, phrases: closing,
			want: []want{{turn: 6, line: 7}},
		},
		{
			name: "words mode: 再见 is not said in 再见面", call: []string{
				"坐席：好的，我们下次再见面吧",
			},
			role: transcript.Agent, window: rule.Window{Last: 1}, phrases: []string{"再见"},
			want: []want{{turn: 1, line: 1}},
		},
		{
			name: "traditional and full-width text", call: []string{
				"坐席：您好，請問有什麼可以幫到您？",
			},
			role: transcript.Agent, window: rule.Window{First: 1}, phrases: greeting,
		},
		{
			name: "continuation lines belong to the utterance", call: []string{
				"坐席：您好，",
				"  请问有什么可以帮到您？",
				"客户：查话费",
			},
			role: transcript.Agent, window: rule.Window{First: 1}, phrases: greeting,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &rule.Required{
				M:       rule.Meta{ID: "greeting", Kind: "required", Role: tt.role, Severity: rule.Error, Deduct: 10},
				Scope:   rule.Scope{Role: tt.role, Window: tt.window},
				Phrases: mustPhrases(t, tt.phrases...),
			}
			check(t, r, mustCall(t, tt.call...), tt.want...)
		})
	}
}
