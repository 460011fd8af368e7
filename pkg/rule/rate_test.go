package rule_test

import (
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/rule"
	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

func TestRatePerUtterance(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		call []string
		want []timedWant
	}{
		// 25 characters in 10 s are 150 a minute, the upper bound.
		{"just under max", []string{line(1, 11.1, "坐席", says(25))}, nil},
		{"at max", []string{line(1, 11, "坐席", says(25))}, nil},
		{"just over max", []string{line(1, 10.9, "坐席", says(25))}, []timedWant{{1, 1, 10.9, 151.5}}},
		// 15 characters in 10 s are 90 a minute, the lower bound.
		{"just over min", []string{line(1, 10.9, "坐席", says(15))}, nil},
		{"at min", []string{line(1, 11, "坐席", says(15))}, nil},
		{"just under min", []string{line(1, 11.1, "坐席", says(15))}, []timedWant{{1, 1, 11.1, 89.1}}},
		{"each utterance on its own", []string{
			line(1, 5, "坐席", "您好，快通客服，请问有什么可以帮到您？"), // 16 characters in 4 s: 240
			line(5.5, 8, "客户", "我想查一下话费。"),
			line(8.5, 18.5, "坐席", says(20)),               // 120
			line(19, 29, "坐席", says(12)),                  // 72
			line(30, 30.4, "坐席", "好的。"),                   // too short to judge
			line(31, 33, "坐席", "好的，好的，好的！"),               // 6 characters in 2 s: 180, punctuation not counted
			line(33.5, 35.5, "客户", "你们这个到底怎么回事啊我都问了好几遍了"), // the customer is not judged
		}, []timedWant{{1, 1, 5, 240}, {4, 19, 29, 72}, {6, 31, 33, 180}}},
		// min_chars 6: five characters are not judged, six are.
		{"just under min_chars", []string{line(1, 2, "坐席", "好的，您稍等")}, nil},
		{"at min_chars", []string{line(1, 2, "坐席", "好的，请您稍等")}, []timedWant{{1, 1, 2, 360}}},
		{"an utterance without length is not timed", []string{line(1, 1, "坐席", says(20))}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &rule.Rate{M: rule.Meta{ID: "speech-rate", Kind: "rate"}, Scope: rule.Scope{Role: transcript.Agent},
				Min: 90, Max: 150, MinChars: 6}
			checkTimed(t, r, mustCall(t, tt.call...), tt.want...)
			boundedSubset(t, r, tt.call, startOnly(tt.call))
			skips(t, r, mustCall(t, untimed(tt.call)...), rule.NoTimestamps)
		})
	}
}

func TestRatePerCall(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		call []string
		want []timedWant
	}{
		// 50 characters in 20 s of speech are 150 a minute; the silence between does not count.
		{"at max", []string{line(0, 10, "坐席", says(20)), line(10.5, 15, "客户", "好的，我知道了。"), line(30, 40, "坐席", says(30))}, nil},
		{"just under max", []string{line(0, 10, "坐席", says(20)), line(30, 40, "坐席", says(29))}, nil},
		{"just over max points at the fastest", []string{line(0, 10, "坐席", says(20)), line(30, 40, "坐席", says(31))},
			[]timedWant{{2, 30, 40, 153}}},
		{"one fast utterance in a steady call", []string{
			line(0, 10, "坐席", says(20)), line(10, 13, "坐席", says(10)), line(13, 33, "坐席", says(40))}, nil},
		// 30 characters in 20 s are 90 a minute.
		{"at min", []string{line(0, 10, "坐席", says(15)), line(20, 30, "坐席", says(15))}, nil},
		{"just under min points at the slowest", []string{line(0, 10, "坐席", says(15)), line(20, 30, "坐席", says(14))},
			[]timedWant{{2, 20, 30, 87}}},
		{"just over min", []string{line(0, 10, "坐席", says(15)), line(20, 30, "坐席", says(16))}, nil},
		{"short utterances are left out", []string{line(0, 10, "坐席", says(25)), line(11, 21, "坐席", "嗯。")}, nil},
		{"nothing long enough", []string{line(0, 10, "坐席", "好的。")}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &rule.Rate{M: rule.Meta{ID: "speech-rate", Kind: "rate"}, Scope: rule.Scope{Role: transcript.Agent},
				Min: 90, Max: 150, MinChars: 6, PerCall: true}
			checkTimed(t, r, mustCall(t, tt.call...), tt.want...)
			boundedSubset(t, r, tt.call, startOnly(tt.call))
		})
	}
}

// A transcript timed only in part is timed where it can be: a missing end is bounded by
// the next start, never guessed shorter. Without starts nothing is timed.
func TestRatePartlyTimed(t *testing.T) {
	t.Parallel()
	r := &rule.Rate{M: rule.Meta{ID: "speech-rate", Kind: "rate"}, Min: 90, Max: 150, MinChars: 6}
	// 25 characters in the second before the next start: too fast whatever the end was.
	if got := r.Check(mustCall(t, "[00:00:00] 坐席："+says(25), "[00:00:01] 客户："+says(10))); len(got) != 1 {
		t.Errorf("25 characters within 1 s: %d findings, want 1", len(got))
	}
	// 10 characters over 20 s may be slow or a fast line and a pause: not judged.
	if got := r.Check(mustCall(t, "[00:00:00] 坐席："+says(10), "[00:00:20] 客户："+says(10))); len(got) != 0 {
		t.Errorf("slow only by the bound: %d findings, want 0", len(got))
	}
	skips(t, r, mustCall(t, line(0, 1, "坐席", says(25)), "客户："+says(10)), rule.NoTimestamps)
	if why := r.Skip(&rule.Call{Call: &transcript.Call{}}); why != "" {
		t.Errorf("an empty call: Skip = %q, want none", why)
	}
}
