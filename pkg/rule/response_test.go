package rule_test

import (
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/rule"
	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

func TestResponse(t *testing.T) {
	t.Parallel()
	thanks := mustPhrases(t, "谢谢")
	welcome := mustPhrases(t, "不(用|客气)")
	tests := []struct {
		name   string
		within int
		call   []string
		want   []want
	}{
		{"answered at once", 1, []string{"客户：谢谢你", "坐席：不用谢，这是我们应该做的"}, nil},
		{"not answered", 1, []string{"客户：好的谢谢", "坐席：嗯", "客户：再见"}, []want{{turn: 1, line: 1, match: "谢谢"}}},
		{"answered too late", 1, []string{"客户：谢谢", "坐席：好的", "坐席：不客气"}, []want{{turn: 1, line: 1, match: "谢谢"}}},
		{"answered within two", 2, []string{"客户：谢谢", "坐席：好的", "客户：嗯", "坐席：不客气"}, nil},
		{"customer turns do not count", 1, []string{"客户：谢谢", "客户：真的谢谢", "坐席：不用谢"}, nil},
		{"each thanks needs its answer", 1, []string{"客户：谢谢", "坐席：不用谢", "客户：谢谢啊", "坐席：再见"}, []want{{turn: 3, line: 3, match: "谢谢"}}},
		{"agent's own thanks is no trigger", 1, []string{"坐席：谢谢您的耐心", "客户：嗯"}, nil},
		// The agent never speaks again: the call ended on the trigger, nothing to answer it.
		{"call ends on the trigger", 1, []string{"坐席：您好", "客户：谢谢"}, nil},
		{"thanks in the goodbye after the closing", 1, []string{"坐席：感谢来电，再见", "客户：好，谢谢，再见"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &rule.Response{M: rule.Meta{ID: "answer-thanks", Kind: "response"},
				TriggerRole: transcript.Customer, Trigger: thanks,
				ReplyRole: transcript.Agent, Reply: welcome, Within: tt.within}
			check(t, r, mustCall(t, tt.call...), tt.want...)
		})
	}
}

func TestResponsePer(t *testing.T) {
	t.Parallel()
	hold := mustPhrases(t, "稍等")
	back := mustPhrases(t, "久等了")
	complaint := mustPhrases(t, "投诉")
	sorry := mustPhrases(t, "(对不起|抱歉)")
	tests := []struct {
		name string
		per  rule.ResponsePer
		hold bool // agent holds and returns; else customer complains, agent apologises
		call []string
		want []want
	}{
		{"check-ins are one hold with the return", rule.PerEpisode, true,
			[]string{"坐席：请稍等", "坐席：请再稍等", "坐席：请再稍等一下", "坐席：还要稍等", "坐席：让您久等了"}, nil},
		{"per trigger every check-in but the last is unanswered", rule.PerTrigger, true,
			[]string{"坐席：请稍等", "坐席：请再稍等", "坐席：请再稍等一下", "坐席：还要稍等", "坐席：让您久等了"},
			[]want{{turn: 1, line: 1, match: "稍等"}, {turn: 2, line: 2, match: "稍等"}, {turn: 3, line: 3, match: "稍等"}}},
		{"two holds, the first not apologised for", rule.PerEpisode, true,
			[]string{"坐席：请稍等", "坐席：您的话费是五十元", "客户：好", "坐席：我再查下，请稍等", "坐席：让您久等了"},
			[]want{{turn: 1, line: 1, match: "稍等"}}},
		{"a progress report ends the hold without continues", rule.PerEpisode, true,
			[]string{"坐席：请稍等", "客户：好", "坐席：还在跟地服确认", "客户：好", "坐席：请再稍等", "坐席：让您久等了"},
			[]want{{turn: 1, line: 1, match: "稍等"}}},
		{"a progress report in continues keeps the hold", rule.PerEpisode, true,
			[]string{"坐席：请稍等", "客户：好", "坐席：还在跟地服确认", "客户：好", "坐席：请再稍等", "坐席：让您久等了", "continues"}, nil},
		{"continues starts no hold", rule.PerEpisode, true,
			[]string{"坐席：还在跟地服确认", "坐席：您的话费是五十元", "continues"}, nil},
		{"a later mention needs no second apology", rule.PerCall, false,
			[]string{"客户：我要投诉", "坐席：对不起", "客户：上次投诉也没人管", "坐席：我马上处理"}, nil},
		{"never apologised: one finding at the first", rule.PerCall, false,
			[]string{"客户：我要投诉", "坐席：嗯", "客户：我要投诉你们", "坐席：好的"},
			[]want{{turn: 1, line: 1, match: "投诉"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &rule.Response{M: rule.Meta{ID: "r", Kind: "response"}, Per: tt.per, Within: 2,
				TriggerRole: transcript.Customer, Trigger: complaint, ReplyRole: transcript.Agent, Reply: sorry}
			if tt.hold {
				r.TriggerRole, r.Trigger, r.Reply, r.Within = transcript.Agent, hold, back, 1
			}
			call := tt.call
			if n := len(call); n > 0 && call[n-1] == "continues" {
				call, r.Continues = call[:n-1], mustPhrases(t, "还在{0,6}确认")
			}
			check(t, r, mustCall(t, call...), tt.want...)
		})
	}
}

func TestCount(t *testing.T) {
	t.Parallel()
	ni := mustPhrases(t, "你")
	tests := []struct {
		name     string
		min, max int
		rate     float64
		call     []string
		want     []want
	}{
		{"under max", 0, 2, 0, []string{"坐席：你好", "坐席：您稍等"}, nil},
		{"over max points at the first extra", 0, 2, 0, []string{"坐席：你好", "坐席：你等等，你别急"}, []want{{turn: 2, line: 2, match: "你"}}},
		{"customer not counted", 0, 1, 0, []string{"客户：你你你", "坐席：您好"}, nil},
		{"below min", 2, 0, 0, []string{"坐席：你好", "坐席：好的"}, []want{{turn: 1, line: 1}}},
		{"rate per 100 characters", 0, 0, 10, []string{"坐席：你看你这个问题你得自己去查"}, []want{{turn: 1, line: 1, match: "你"}}},
		{"rate within limit", 0, 0, 10, []string{"坐席：您好，请问有什么可以帮到您？您的号码是多少呢？我帮你查一下"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &rule.Count{M: rule.Meta{ID: "ni", Kind: "count"}, Scope: rule.Scope{Role: transcript.Agent},
				Phrases: ni, Min: tt.min, Max: tt.max, MaxRate: tt.rate}
			check(t, r, mustCall(t, tt.call...), tt.want...)
		})
	}
}

func TestCondition(t *testing.T) {
	t.Parallel()
	apology := &rule.Required{M: rule.Meta{ID: "apology", Kind: "required"},
		Scope: rule.Scope{Role: transcript.Agent}, Phrases: mustPhrases(t, "(对不起|抱歉)")}
	group := &rule.Condition{M: rule.Meta{ID: "complaints", Kind: "condition"},
		Role: transcript.Customer, When: mustPhrases(t, "投诉"), Rules: []rule.Rule{apology}}
	tests := []struct {
		name string
		call []string
		n    int
	}{
		{"no complaint: rules do not apply", []string{"客户：查话费", "坐席：好的"}, 0},
		{"complaint answered", []string{"客户：我要投诉", "坐席：对不起，给您添麻烦了"}, 0},
		{"complaint not apologised for", []string{"客户：我要投诉", "坐席：哦"}, 1},
		{"the agent saying 投诉 is no trigger", []string{"坐席：投诉请拨打10000", "客户：好"}, 0},
	}
	for _, tt := range tests {
		got := group.Check(mustCall(t, tt.call...))
		if len(got) != tt.n {
			t.Errorf("%s: %d findings, want %d", tt.name, len(got), tt.n)
		}
		for _, f := range got {
			if f.Rule.ID != "apology" {
				t.Errorf("%s: finding for %s, want the nested rule's id", tt.name, f.Rule.ID)
			}
		}
	}
}
