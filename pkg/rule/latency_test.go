package rule_test

import (
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/rule"
	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

func TestLatency(t *testing.T) {
	t.Parallel()
	question := line(0, 3, "客户", "我想问一下我这个月的话费怎么这么多？")
	answer := func(at float64) string {
		return line(at, at+4, "坐席", "王先生，我帮您看一下本月的账单。")
	}
	tests := []struct {
		name string
		call []string
		want []timedWant
	}{
		{"just under 5 s", []string{question, answer(7.9)}, nil},
		{"5 s", []string{question, answer(8)}, nil},
		{"just over 5 s", []string{question, answer(8.1)}, []timedWant{{2, 3, 8.1, 5.1}}},
		{"timed from the caller's last words", []string{question, line(6, 9, "客户", "上个月才五十多。"), answer(12)}, nil},
		{"the agent talking on is no answer", []string{question, answer(4), line(20, 24, "坐席", "您本月的话费是五十八元。")}, nil},
		{"the caller's answers are not judged", []string{line(0, 3, "坐席", "请问您的手机号码是多少？"), line(20, 24, "客户", "13800001234。")}, nil},
		{"talking over is not late", []string{question, line(2, 5, "坐席", "嗯，我明白。")}, nil},
		{"returning from a wait is no answer", wait([]float64{18, 35}, 50, back), nil},
		{"an answer to the caller's request to wait is no answer", []string{line(0, 3, "客户", "你稍等一下，我找找。"), line(25, 28, "坐席", "王先生，找到了吗？")}, nil},
		{"each late answer", []string{question, answer(10), line(14.5, 17, "客户", "那怎么办？"), answer(23)},
			[]timedWant{{2, 3, 10, 7}, {4, 17, 23, 6}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &rule.Latency{M: rule.Meta{ID: "answer-promptly", Kind: "latency"}, Role: transcript.Agent,
				Max: sec(5), Hold: mustPhrases(t, "稍(等|候)", "(请|您|你)[先|再]等(一下|一会儿|片刻)")}
			checkTimed(t, r, mustCall(t, tt.call...), tt.want...)
			// With start times only the rule judges from a bound: it may miss a late
			// answer, never invent one.
			so := mustCall(t, startOnly(tt.call)...)
			if why := r.Skip(so); why != "" {
				t.Errorf("start times only: Skip = %q, want none", why)
			}
			for _, f := range r.Check(so) {
				found := false
				for _, w := range tt.want {
					found = found || f.Utterance.Line == w.turn
				}
				if !found {
					t.Errorf("start times only: late answer at line %d that full times do not show", f.Utterance.Line)
				}
			}
			skips(t, r, mustCall(t, untimed(tt.call)...), rule.NoTimestamps)
		})
	}
}

func TestLatencyBounds(t *testing.T) {
	t.Parallel()
	r := &rule.Latency{M: rule.Meta{ID: "answer-promptly", Kind: "latency"}, Role: transcript.Agent, Max: sec(5)}
	// 17 characters take at most 17/1.5+1 ≈ 12.3 s to say: an answer 40 s after they
	// began is late whatever the end time was; one 15 s after may not be.
	late := mustCall(t, "[00:00:00] 客户：我想问一下我这个月的话费怎么这么多？", "[00:00:40] 坐席：您好，我帮您看一下。")
	if got := r.Check(late); len(got) != 1 {
		t.Errorf("late by the bound: %d findings, want 1", len(got))
	}
	unsure := mustCall(t, "[00:00:00] 客户：我想问一下我这个月的话费怎么这么多？", "[00:00:15] 坐席：您好，我帮您看一下。")
	if got := r.Check(unsure); len(got) != 0 {
		t.Errorf("not clear from the bound: %d findings, want 0", len(got))
	}
	// Typed messages are sent whole: 15 s after is 15 s late.
	typed := &rule.Latency{M: rule.Meta{ID: "chat-response-time", Kind: "latency"}, Role: transcript.Agent, Max: sec(5), Typed: true}
	if got := typed.Check(unsure); len(got) != 1 {
		t.Errorf("typed: %d findings, want 1", len(got))
	}
}

// Without hold phrases a return from a wait is an answer like any other, and with role any
// every change of speaker is timed.
func TestLatencyWithoutHold(t *testing.T) {
	t.Parallel()
	r := &rule.Latency{M: rule.Meta{ID: "answer-promptly", Kind: "latency"}, Role: transcript.Agent, Max: sec(5)}
	checkTimed(t, r, mustCall(t, wait(nil, 20, back)...), timedWant{3, 4, 20, 16})
	anyone := &rule.Latency{M: rule.Meta{ID: "turn-taking", Kind: "latency"}, Max: sec(5)}
	checkTimed(t, anyone, mustCall(t, line(0, 3, "坐席", "请问您的手机号码是多少？"), line(9, 12, "客户", "13800001234。"), line(12.5, 15, "坐席", "好的。")),
		timedWant{2, 3, 9, 6})
}
