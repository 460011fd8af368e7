package rule

import (
	"strings"
	"time"

	"github.com/zhijian-qa/zhijian/pkg/msg"
	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

// Silence judges the silences of a call, the time nobody speaks (000 服务程序 8: 每15秒需向
// 客户回应“对不起，请再稍等一下”，而不能太长时间让客户茫然的等待; 003 第 23 条 9: 避免延长
// 沉默的时间). A silence is Role's when Role broke it: the other side was waiting for Role.
// Needs start and end times.
//
//   - MaxGap: a silence longer than this that no hold announced is dead air.
//   - Hold: a wait Role announced with a hold phrase (see hold) is judged by its own
//     bounds instead: Role must speak at least every CheckIn during it, it may last at most
//     Max, and the utterance that ends it must say one of Thanks. A wait the other side
//     announced (客户：“你稍等，我找一下”) is neither dead air nor Role's to fill.
//
// One finding per silence or wait that breaks a bound, at the utterance that ended it. A
// silence exactly at a bound is within it.
type Silence struct {
	M      Meta
	Role   transcript.Role // "" for any
	MaxGap time.Duration   // 0: no bound
	Hold   *Hold
}

// Hold is how a Silence rule recognises and bounds a wait. Zero bounds, or no Thanks, are
// not checked.
type Hold struct {
	Phrases      Phrases
	CheckIn, Max time.Duration
	Thanks       Phrases
	// Restart are requests that, made during a wait, end it and start a new one: 感谢您的
	// 耐心等待……还需要跟师傅确认一下，大概一分钟，您再稍等一下可以吗？ asks the caller
	// anew, and each wait is judged on its own. A check-in (请再稍等一下！) asks nothing.
	Restart Phrases
}

func (r *Silence) Meta() *Meta { return &r.M }

// Skip: a silence runs from when someone stopped talking.
// With start times only a silence is bounded from below (bounded, timing.go).
func (r *Silence) Skip(c *Call) string { return missingTimes(c, false) }

func (r *Silence) Check(c *Call) []Finding {
	if r.Skip(c) != "" {
		return nil
	}
	c, est := bounded(c, false)
	order := byStart(c)
	var hs []hold
	if r.Hold != nil {
		hs = holds(c, order, r.Hold.Phrases, r.Hold.Restart)
	}
	zh, en := roleName(r.Role)
	var out []Finding
	for _, h := range hs {
		if r.Role != "" && h.role != r.Role {
			continue
		}
		out = append(out, r.checkHold(c, h)...)
	}
	if r.MaxGap > 0 {
	gaps:
		for _, g := range silences(c, order) {
			if d := g.to - g.from; d <= r.MaxGap || (r.Role != "" && c.Utterances[g.next].Role != r.Role) {
				continue
			}
			for _, h := range hs {
				if h.covers(c, g.from, g.to) {
					continue gaps
				}
			}
			d := g.to - g.from
			out = append(out, c.timed(&r.M, g.next, g.from, g.to, secs(d), secs(r.MaxGap), UnitSeconds, msg.Sprintf("rule.silence-before-spoke-no-hold",
				num(secs(d)), zh, num(secs(r.MaxGap)), en)))
		}
	}
	sortFindings(out)
	return noteBound(out, est, boundLonger)
}

// checkHold judges one wait announced by the rule's side.
func (r *Silence) checkHold(c *Call, h hold) []Finding {
	var out []Finding
	ozh, oen := otherName(r.Role)
	own := h.own
	if h.ret >= 0 {
		own = append(own[:len(own):len(own)], h.ret)
	}
	if lim := r.Hold.CheckIn; lim > 0 {
		// One finding per hold, at its longest silence: the caller waited too long
		// without a word in this hold, however many times. The first silence runs from
		// the caller's answer to the request to hold (好的), when it came at once: the
		// wait begins once the caller has agreed to it.
		worst, worstFrom, worstAt := time.Duration(0), time.Duration(0), -1
		for k := 1; k < len(own); k++ {
			prev, next := c.Utterances[own[k-1]], c.Utterances[own[k]]
			from := prev.End
			if k == 1 {
				from = consentEnd(c, own[0], next.Start)
			}
			if d := next.Start - from; d > lim && d > worst {
				worst, worstFrom, worstAt = d, from, k
			}
		}
		if worstAt > 0 {
			prev := c.Utterances[own[worstAt-1]]
			out = append(out, c.timed(&r.M, own[worstAt], worstFrom, c.Utterances[own[worstAt]].Start, secs(worst), secs(lim), UnitSeconds, msg.Sprintf("rule.without-word-during-hold-from",
				num(secs(worst)), ozh, prev.Line, num(secs(lim)), oen)))
		}
	}
	if h.ret < 0 {
		return out // the call ended during the wait: there is no return to judge
	}
	ret := c.Utterances[h.ret]
	d := ret.Start - h.from(c)
	if lim := r.Hold.Max; lim > 0 && d > lim {
		// At the request to hold: the wait that went on too long is named by where it
		// began, as inspectors name it (the return says how long it was).
		out = append(out, c.timed(&r.M, h.own[0], h.from(c), ret.Start, secs(d), secs(lim), UnitSeconds, msg.Sprintf("rule.waited-from-line-limit",
			ozh, num(secs(d)), c.Utterances[h.own[0]].Line, num(secs(lim)), oen)))
	}
	if len(r.Hold.Thanks) > 0 {
		if _, ok := r.Hold.Thanks.first(c, []int{h.ret}); !ok {
			out = append(out, c.timed(&r.M, h.ret, h.from(c), ret.Start, secs(d), 0, UnitSeconds, msg.Sprintf("rule.no-thanks-wait-from-line",
				num(secs(d)), ozh, c.Utterances[h.own[0]].Line, oen)))
		}
	}
	return out
}

// consentWithin is how soon after a request to hold the caller's answer must begin to be
// the answer to it.
const consentWithin = 2 * time.Second

// consentEnd is when the wait that utterance i asks for begins: the end of the other
// side's answer that began within consentWithin of i's end (好的，你查吧), else i's end.
func consentEnd(c *Call, i int, until time.Duration) time.Duration {
	from := c.Utterances[i].End
	if j := i + 1; j < len(c.Utterances) {
		u := c.Utterances[j]
		if u.Role != c.Utterances[i].Role && u.Start-from <= consentWithin && u.Start < until {
			return max(from, min(u.End, until))
		}
	}
	return from
}

// SilenceKind is the record of silence rules.
var SilenceKind = &Kind{
	Name:     "silence",
	Doc:      msg.Sprintf("rule.silences-waits-within-bounds"),
	Keys:     []string{"max_gap", "hold"},
	Required: []string{"message"},
	Timing:   true,
	Build: func(d Decoder, m Meta, s Scope) Rule {
		r := &Silence{M: m, Role: s.Role}
		if d.Has("max_gap") {
			r.MaxGap = d.Seconds("max_gap", maxSeconds)
		}
		if d.Has("hold") {
			r.Hold = d.Hold("hold", true)
		}
		if !d.Has("max_gap") && (r.Hold == nil || r.Hold.CheckIn == 0 && r.Hold.Max == 0 && r.Hold.Thanks == nil) {
			d.Errorf("", "例如 max_gap: 15，或 hold: {phrases: [$hold], check_in: 15}",
				"rule.silence-rules-need-max-gap")
		}
		return r
	},
	Schema: `{"anyOf": [{"required": ["max_gap"]},
		{"required": ["hold"], "properties": {"hold": {"anyOf": [{"required": ["check_in"]}, {"required": ["max"]}, {"required": ["thanks"]}]}}}]}`,
	Example: "{id: dead-air, kind: silence, max_gap: 15, message: 冷场}",
}

// maxSeconds is the longest time a timing rule takes: one call's day.
const maxSeconds = 24 * 60 * 60

func (r *Silence) Uses() []Use {
	if r.Hold == nil {
		return nil
	}
	return []Use{{"hold", r.M.Role, WantOther, r.Hold.Phrases}, {"thanks", r.M.Role, WantSaid, r.Hold.Thanks},
		{"restart", r.M.Role, WantOther, r.Hold.Restart}}
}

func (r *Silence) Describe(add func(label, value string)) {
	add("角色 role", RoleWords(r.Role))
	if r.MaxGap > 0 {
		add("冷场 max_gap", secondsWords(r.MaxGap))
	}
	if r.Hold != nil {
		var parts []string
		if r.Hold.CheckIn > 0 {
			parts = append(parts, "每 "+secondsWords(r.Hold.CheckIn)+msg.Sprintf("rule.check"))
		}
		if r.Hold.Max > 0 {
			parts = append(parts, "整段不超过 "+secondsWords(r.Hold.Max)+" / at most")
		}
		if len(r.Hold.Thanks) > 0 {
			parts = append(parts, msg.Sprintf("rule.thank-return"))
		}
		add("等待 hold", strings.Join(parts, "；"))
	}
}
