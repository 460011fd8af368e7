package rule_test

import (
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/rule"
	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

func TestOverlap(t *testing.T) {
	t.Parallel()
	// The caller talks from 0 to 10 s.
	talking := line(0, 10, "客户", "我上个月就报修了，说两天内上门，到现在也没人来，打电话问也没个准话。")
	cutIn := func(from float64) string {
		return line(from, from+4, "坐席", "您先听我说，这个情况我们已经登记了。")
	}
	tests := []struct {
		name string
		call []string
		want []timedWant
	}{
		{"just under 1 s of overlap", []string{talking, cutIn(9.1)}, nil},
		{"1 s of overlap", []string{talking, cutIn(9)}, []timedWant{{2, 9, 10, 1}}},
		{"just over 1 s", []string{talking, cutIn(8.9)}, []timedWant{{2, 8.9, 10, 1.1}}},
		{"answering after the caller stops", []string{talking, cutIn(10.5)}, nil},
		{"back-channel while listening", []string{talking, line(3, 5, "坐席", "嗯，是的，对。")}, nil},
		{"back-channel with something more is a cut-in", []string{talking, line(3, 5, "坐席", "嗯，但是这个不归我们管。")}, []timedWant{{2, 3, 5, 2}}},
		{"overlap ends with the shorter", []string{talking, line(3, 4.5, "坐席", "您是说上周一吗？")}, []timedWant{{2, 3, 4.5, 1.5}}},
		{"the caller cutting in is not judged", []string{line(0, 10, "坐席", says(25)), line(5, 8, "客户", "你先别说了我就想知道什么时候修好")}, nil},
		{"cutting into back-channel is no interruption", []string{line(0, 8, "坐席", says(20)), line(7, 9, "客户", "嗯，对。"), line(7.5, 12, "坐席", says(10))}, nil},
		{"starting together is no interruption", []string{line(0, 5, "客户", "喂你好"), line(0, 5, "坐席", "您好，快通客服")}, nil},
		{"one finding per cut-in, against the longest overlap", []string{
			talking, line(2, 6, "客户", "喂，喂，你在听吗？"), line(4, 9, "坐席", "在的，您说的我都记下了。")},
			[]timedWant{{3, 4, 9, 5}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &rule.Overlap{M: rule.Meta{ID: "no-interrupting", Kind: "overlap"}, Role: transcript.Agent,
				MinOverlap: sec(1), Ignore: mustPhrases(t, "嗯", "对", "是的", "好的")}
			checkTimed(t, r, mustCall(t, tt.call...), tt.want...)
			skips(t, r, mustCall(t, startOnly(tt.call)...), rule.NoEndTimes)
			skips(t, r, mustCall(t, untimed(tt.call)...), rule.NoTimestamps)
		})
	}
}

// Without back-channel phrases, only the threshold keeps 嗯 from counting.
func TestOverlapThresholdOnly(t *testing.T) {
	t.Parallel()
	r := &rule.Overlap{M: rule.Meta{ID: "no-interrupting", Kind: "overlap"}, Role: transcript.Agent, MinOverlap: sec(1)}
	talking := line(0, 10, "客户", "我上个月就报修了，到现在也没人来。")
	checkTimed(t, r, mustCall(t, talking, line(3, 3.6, "坐席", "嗯。")))
	checkTimed(t, r, mustCall(t, talking, line(3, 5, "坐席", "嗯，是的，对。")), timedWant{2, 3, 5, 2})
}
