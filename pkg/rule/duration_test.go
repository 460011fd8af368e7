package rule_test

import (
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/rule"
)

func TestDurationFirstAgentWithin(t *testing.T) {
	t.Parallel()
	greet := func(at float64) string {
		return line(at, at+4, "坐席", "您好，快通客服，我是1024号，请问有什么可以帮到您？")
	}
	tests := []struct {
		name string
		call []string
		want []timedWant
	}{
		{"just under 10 s", []string{greet(9.9)}, nil},
		{"10 s", []string{greet(10)}, nil},
		{"just over 10 s", []string{greet(10.1)}, []timedWant{{1, 0, 10.1, 10.1}}},
		{"the caller speaking first does not count", []string{line(2, 4, "客户", "喂？喂？"), greet(12)}, []timedWant{{2, 0, 12, 12}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &rule.Duration{M: rule.Meta{ID: "answer-promptly", Kind: "duration"}, FirstAgentWithin: sec(10)}
			checkTimed(t, r, mustCall(t, tt.call...), tt.want...)
			// Start times are enough to know when the agent first spoke.
			start := mustCall(t, startOnly(tt.call)...)
			if why := r.Skip(start); why != "" {
				t.Errorf("start times only: Skip = %q, want none", why)
			}
			if got, want := len(r.Check(start)), len(tt.want); got != want {
				t.Errorf("start times only: %d findings, want %d", got, want)
			}
			skips(t, r, mustCall(t, untimed(tt.call)...), rule.NoTimestamps)
		})
	}
	r := &rule.Duration{M: rule.Meta{ID: "answer-promptly", Kind: "duration"}, FirstAgentWithin: sec(10)}
	got := r.Check(mustCall(t, line(1, 3, "客户", "喂？有人吗？"), line(20, 22, "客户", "喂？")))
	if len(got) != 1 || got[0].Utterance != nil || got[0].End != sec(22) {
		t.Errorf("the agent never spoke: got\n%s", describeTimed(got))
	}
}

func TestDurationLength(t *testing.T) {
	t.Parallel()
	call := func(end float64) []string {
		return []string{line(1, 5, "坐席", "您好，请问有什么可以帮到您？"), line(6, end, "客户", "没事了，再见。")}
	}
	tests := []struct {
		name string
		call []string
		want []timedWant
	}{
		{"just under the longest", call(599.9), nil},
		{"the longest", call(600), nil},
		{"just over the longest", call(600.1), []timedWant{{2, 0, 600.1, 600.1}}},
		{"just over the shortest", call(30.1), nil},
		{"the shortest", call(30), nil},
		{"just under the shortest", call(29.9), []timedWant{{2, 0, 29.9, 29.9}}},
		{"timed to the last words, whoever said them", []string{line(1, 700, "坐席", says(40)), line(6, 10, "客户", "嗯。")},
			[]timedWant{{1, 0, 700, 700}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &rule.Duration{M: rule.Meta{ID: "call-length", Kind: "duration"}, Min: sec(30), Max: sec(600)}
			checkTimed(t, r, mustCall(t, tt.call...), tt.want...)
			skips(t, r, mustCall(t, startOnly(tt.call)...), rule.NoEndTimes)
			skips(t, r, mustCall(t, untimed(tt.call)...), rule.NoTimestamps)
		})
	}
}
