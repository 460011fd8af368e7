package rule_test

import (
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/rule"
	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

// holdRule checks the agent's waits as 000 asks: a word every 15 s, at most 60 s in all,
// a thank-you at the end, and no unannounced silence over 15 s.
func holdRule(t *testing.T, checkIn, maxHold, maxGap float64, thanks bool) *rule.Silence {
	h := &rule.Hold{Phrases: mustPhrases(t, "稍(等|候)", "(请|您|你)[先|再]等(一下|一会儿|片刻)"),
		CheckIn: sec(checkIn), Max: sec(maxHold)}
	if thanks {
		h.Thanks = mustPhrases(t, "(感谢|谢谢)[您]{0,4}(等待|等候)", "(感谢|谢谢)您的耐心")
	}
	return &rule.Silence{M: rule.Meta{ID: "hold-check-in", Kind: "silence"}, Role: transcript.Agent,
		MaxGap: sec(maxGap), Hold: h}
}

// A wait announced at 0–3 s (so it starts at 3 s), consented to, then check-ins and a return.
func wait(checkIns []float64, ret float64, returnText string) []string {
	call := []string{
		line(0, 3, "坐席", "王先生，我帮您查一下，麻烦您稍等片刻，好吗？"),
		line(3.5, 4, "客户", "好。"),
	}
	for _, s := range checkIns {
		call = append(call, line(s, s+2, "坐席", "对不起，请再稍等一下！"))
	}
	return append(call, line(ret, ret+6, "坐席", returnText))
}

const back = "对不起，王先生，让您久等了！感谢您的耐心等待。您本月的话费是五十八元。"

func TestSilenceHoldCheckIn(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		call []string
		want []timedWant
	}{
		// The wait begins when the caller has agreed (好。ends at 4 s); the silences:
		// 4 → 18.9, 20.9 → 35.8, 37.8 → 50.
		{"check-ins just under 15 s", wait([]float64{18.9, 35.8}, 50, back), nil},
		{"check-ins at 15 s", wait([]float64{19, 36}, 50, back), nil},
		{"a check-in just over 15 s", wait([]float64{19.1, 36}, 50, back), []timedWant{{3, 4, 19.1, 15.1}}},
		{"the return just over 15 s after the last check-in", wait([]float64{19}, 36.1, back), []timedWant{{4, 21, 36.1, 15.1}}},
		{"a long wait without a word", wait(nil, 40, back), []timedWant{{3, 4, 40, 36}}},
		{"two long silences in one hold: one finding, the longer", wait([]float64{25}, 60, back), []timedWant{{4, 27, 60, 33}}},
		{"a late answer to the request is no consent", []string{line(0, 3, "坐席", "麻烦您稍等片刻，好吗？"),
			line(8, 9, "客户", "好。"), line(18.5, 20, "坐席", back)}, []timedWant{{3, 3, 18.5, 15.5}}},
		{"the caller speaking is no check-in", append(wait(nil, 0, "")[:2],
			line(12, 14, "客户", "还要多久啊？"), line(25, 30, "坐席", back)), []timedWant{{4, 4, 25, 21}}},
		{"a short wait", wait(nil, 10, back), nil},
		{"the call ends during the wait", wait([]float64{18}, 60, "对不起，请再稍等一下。")[:3], nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := holdRule(t, 15, 0, 0, false)
			checkTimed(t, r, mustCall(t, tt.call...), tt.want...)
			boundedSubset(t, r, tt.call, startOnly(tt.call))
			skips(t, r, mustCall(t, untimed(tt.call)...), rule.NoTimestamps)
		})
	}
}

func TestSilenceHoldMax(t *testing.T) {
	t.Parallel()
	// Check-ins every 15 s; the wait runs from the announcement's end at 3 s to the return.
	checkIns := []float64{18, 35, 52}
	tests := []struct {
		name string
		ret  float64
		want []timedWant
	}{
		{"just under a minute", 62.9, nil},
		{"a minute", 63, nil},
		// At the request to hold (turn 1): the wait is named by where it began.
		{"just over a minute", 63.1, []timedWant{{1, 3, 63.1, 60.1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkTimed(t, holdRule(t, 0, 60, 0, false), mustCall(t, wait(checkIns, tt.ret, back)...), tt.want...)
		})
	}
}

func TestSilenceHoldThanks(t *testing.T) {
	t.Parallel()
	r := holdRule(t, 0, 0, 0, true)
	checkTimed(t, r, mustCall(t, wait([]float64{18}, 30, back)...))
	checkTimed(t, r, mustCall(t, wait([]float64{18}, 30, "让您久等了。您本月的话费是五十八元。")...), timedWant{4, 3, 30, 27})
	// Each wait is judged on its own.
	two := append(wait(nil, 10, "让您久等了，您的话费是五十八元。"),
		line(17, 20, "坐席", "我再帮您查一下流量，请您稍等。"), line(30, 34, "坐席", "感谢您的等待，流量还剩两个G。"))
	checkTimed(t, r, mustCall(t, two...), timedWant{3, 3, 10, 7})
}

func TestSilenceDeadAir(t *testing.T) {
	t.Parallel()
	question := line(0, 3, "客户", "我想问一下我这个月的话费怎么这么多？")
	tests := []struct {
		name string
		call []string
		want []timedWant
	}{
		{"the agent answers just under 15 s later", []string{question, line(17.9, 22, "坐席", "王先生，您本月的话费是五十八元。")}, nil},
		{"15 s later", []string{question, line(18, 22, "坐席", "王先生，您本月的话费是五十八元。")}, nil},
		{"just over 15 s later", []string{question, line(18.1, 22, "坐席", "王先生，您本月的话费是五十八元。")},
			[]timedWant{{2, 3, 18.1, 15.1}}},
		{"the agent falls silent mid-answer", []string{question, line(4, 8, "坐席", "我帮您看一下。"), line(30, 34, "坐席", "您本月的话费是五十八元。")},
			[]timedWant{{3, 8, 30, 22}}},
		{"the caller's silence is not the agent's", []string{line(0, 3, "坐席", "请问您的手机号码是多少？"), line(25, 30, "客户", "我找一下……是13800001234。")}, nil},
		{"the caller asked the agent to wait", []string{line(0, 3, "客户", "你稍等一下，我找找。"), line(4, 5, "坐席", "好的。"),
			line(30, 34, "客户", "找到了，是13800001234。"), line(34.5, 38, "坐席", "好的，13800001234，对吗？")}, nil},
		{"the caller asked and the agent prompts", []string{line(0, 3, "客户", "你稍等一下，我找找。"), line(30, 34, "坐席", "王先生，找到了吗？")}, nil},
		{"an announced wait is not dead air", wait([]float64{18, 35}, 50, back), nil},
		{"overlapping speech leaves no silence", []string{line(0, 10, "客户", "我想问一下话费"), line(2, 4, "坐席", "嗯"), line(11, 15, "坐席", "好的")}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := holdRule(t, 15, 0, 15, false)
			checkTimed(t, r, mustCall(t, tt.call...), tt.want...)
			boundedSubset(t, r, tt.call, startOnly(tt.call))
		})
	}
}

// Without a hold, every silence is judged as dead air, whoever broke it when the rule's
// role is any.
func TestSilenceWithoutHold(t *testing.T) {
	t.Parallel()
	r := &rule.Silence{M: rule.Meta{ID: "dead-air", Kind: "silence"}, MaxGap: sec(30)}
	checkTimed(t, r, mustCall(t, wait(nil, 40, back)...), timedWant{3, 4, 40, 36})
	checkTimed(t, r, mustCall(t, line(0, 3, "坐席", "请问您的手机号码是多少？"), line(33.5, 36, "客户", "13800001234。")),
		timedWant{2, 3, 33.5, 30.5})
}
