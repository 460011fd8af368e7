package rule_test

import (
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/match"
	"github.com/zhijian-qa/zhijian/pkg/rule"
	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

// 000 服务禁语, as the default rulebook lists them.
var taboo = []string{
	"你有完没完",
	"我也没办法",
	"我们的电脑是[绝对]不会出错的",
	"再见",
}

func TestForbidden(t *testing.T) {
	t.Parallel()

	tests := []struct {
		name    string
		call    []string
		role    transcript.Role
		phrases rule.Phrases // nil: taboo, in words mode
		want    []want
	}{
		{
			name: "clean call",
			call: []string{
				"坐席：您好，请问有什么可以帮到您？",
				"客户：我想查话费",
				"坐席：好的，请您稍等",
			},
			role: transcript.Agent,
		},
		{
			name: "every occurrence is a finding",
			call: []string{
				"# call_id: 42", // 1
				"坐席：我也没办法！真的，我也没办法。", // 2, turn 1
				"客户：那怎么办",            // 3, turn 2
				"坐席：这个我也没办法",         // 4, turn 3
			},
			role: transcript.Agent,
			want: []want{
				{turn: 1, line: 2, match: "我也没办法"},
				{turn: 1, line: 2, match: "我也没办法"},
				{turn: 3, line: 4, match: "我也没办法"},
			},
		},
		{
			name: "different phrases in call order",
			call: []string{
				"坐席：你有完没完？我也没办法",
				"客户：你什么态度",
				"坐席：我们的电脑是不会出错的",
			},
			role: transcript.Agent,
			want: []want{
				{turn: 1, line: 1, match: "你有完没完"},
				{turn: 1, line: 1, match: "我也没办法"},
				{turn: 3, line: 3, match: "我们的电脑是不会出错的"},
			},
		},
		{
			name: "match quotes spaced ASR text as written",
			call: []string{"坐席：你 有 完 没 完？"},
			role: transcript.Agent,
			want: []want{{turn: 1, line: 1, match: "你 有 完 没 完"}},
		},
		{
			name: "match keeps punctuation inside, not around",
			call: []string{"坐席：“我们的电脑，是绝对不会出错的！”"},
			role: transcript.Agent,
			want: []want{{turn: 1, line: 1, match: "我们的电脑，是绝对不会出错的"}},
		},
		{
			name: "match quotes traditional and full-width text as written",
			call: []string{"坐席：我們的電腦是絕對不會出錯的"},
			role: transcript.Agent,
			want: []want{{turn: 1, line: 1, match: "我們的電腦是絕對不會出錯的"}},
		},
		{
			name: "customer saying it is not the agent's fault",
			call: []string{
				"客户：你有完没完！",
				"坐席：非常抱歉，我马上为您处理",
			},
			role: transcript.Agent,
		},
		{
			name: "role any counts every speaker",
			call: []string{
				"客户：你有完没完！",
				"坐席：我也没办法",
			},
			role: "",
			want: []want{
				{turn: 1, line: 1, match: "你有完没完"},
				{turn: 2, line: 2, match: "我也没办法"},
			},
		},
		{
			name:    "overlapping phrases count once, with the longer match",
			call:    []string{"坐席：我不懂，我不会，你找别人吧"},
			role:    transcript.Agent,
			phrases: mustPhrases(t, "我不懂", "我不懂，我不会"),
			want:    []want{{turn: 1, line: 1, match: "我不懂，我不会"}},
		},
		{
			name:    "overlap does not depend on the phrase order",
			call:    []string{"坐席：我不懂，我不会，你找别人吧"},
			role:    transcript.Agent,
			phrases: mustPhrases(t, "我不懂，我不会", "我不懂"),
			want:    []want{{turn: 1, line: 1, match: "我不懂，我不会"}},
		},
		{
			name: "the shorter phrase alone still counts",
			call: []string{
				"坐席：我不懂，我不会。反正我不懂！",
				"坐席：我不懂",
			},
			role:    transcript.Agent,
			phrases: mustPhrases(t, "我不懂", "我不懂，我不会"),
			want: []want{
				{turn: 1, line: 1, match: "我不懂，我不会"},
				{turn: 1, line: 1, match: "我不懂"},
				{turn: 2, line: 2, match: "我不懂"},
			},
		},
		{
			name:    "the same phrase listed twice counts once",
			call:    []string{"坐席：你有完没完"},
			role:    transcript.Agent,
			phrases: mustPhrases(t, "你有完没完", "你有完没完"),
			want:    []want{{turn: 1, line: 1, match: "你有完没完"}},
		},
		{
			name: "utterance mode: said alone",
			call: []string{
				"客户：喂？",
				"坐席：讲话！",
			},
			role:    transcript.Agent,
			phrases: mustPhrasesMode(t, match.Utterance, "讲话", "说话啊"),
			want:    []want{{turn: 2, line: 2, match: "讲话"}},
		},
		{
			name: "utterance mode: part of a sentence",
			call: []string{
				"坐席：您讲话的时候对方听不到",
				"坐席：请您讲话大声一点，讲话",
			},
			role:    transcript.Agent,
			phrases: mustPhrasesMode(t, match.Utterance, "讲话", "说话啊"),
		},
		{
			name: "utterance mode: each utterance at most once",
			call: []string{
				"坐席：说话啊！",
				"客户：……",
				"坐席：说 话 啊 ！",
			},
			role:    transcript.Agent,
			phrases: mustPhrasesMode(t, match.Utterance, "讲话", "说话啊"),
			want: []want{
				{turn: 1, line: 1, match: "说话啊"},
				{turn: 3, line: 3, match: "说 话 啊"},
			},
		},
		{
			name: "word boundary: 再见 is not in 再见面",
			call: []string{"坐席：我们下次再见面吧"},
			role: transcript.Agent,
		},
		{
			name: "word boundary: 再见 on its own",
			call: []string{"坐席：好的，再见！"},
			role: transcript.Agent,
			want: []want{{turn: 1, line: 1, match: "再见"}},
		},
		{
			name:    "chars mode ignores word boundaries",
			call:    []string{"坐席：我们下次再见面吧"},
			role:    transcript.Agent,
			phrases: mustPhrasesMode(t, match.Chars, "再见"),
			want:    []want{{turn: 1, line: 1, match: "再见"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := tt.phrases
			if ps == nil {
				ps = mustPhrases(t, taboo...)
			}
			r := &rule.Forbidden{
				M:       rule.Meta{ID: "forbidden-phrases", Kind: "forbidden", Role: tt.role, Severity: rule.Error, Deduct: 10, Fatal: true},
				Scope:   rule.Scope{Role: tt.role},
				Phrases: ps,
			}
			check(t, r, mustCall(t, tt.call...), tt.want...)
		})
	}
}

// A window narrows Forbidden too: only the agent's last turn here.
func TestForbiddenWindow(t *testing.T) {
	t.Parallel()
	c := mustCall(t,
		"坐席：我也没办法", // turn 1
		"客户：哦",     // turn 2
		"坐席：我也没办法", // turn 3
		"客户：好吧",    // turn 4
	)
	r := &rule.Forbidden{
		M:       rule.Meta{ID: "no-giving-up-at-the-end", Kind: "forbidden"},
		Scope:   rule.Scope{Role: transcript.Agent, Window: rule.Window{Last: 1}},
		Phrases: mustPhrases(t, "我也没办法"),
	}
	check(t, r, c, want{turn: 3, line: 3, match: "我也没办法"})
}
