package rule

import (
	"time"

	"github.com/zhijian-qa/zhijian/pkg/msg"
	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

// Latency bounds how long Role takes to answer: when the other side stops talking and
// Role speaks next, Role must start within Max of the other side's end (003 第 4 条：节奏
// ……座席员对客户所讲问题的反应速度). With Role "" any change of speaker is judged.
// Waits announced with a Hold phrase are not answers: Role's check-ins and return during
// its own wait, and Role's answer to the other side's "你稍等，我找一下", are left to a
// silence rule.
//
// Start and end times are best. With start times only the time to answer is bounded from
// below (bounded, timing.go): a late answer is found where even the latest end the words
// before it can have leaves more than Max. With Typed (an online chat), a message is
// sent whole at its time: its end is its start.
//
// One finding per late answer, at the answer. An answer exactly Max late is in time;
// speech that overlaps is not late (see Overlap).
type Latency struct {
	M     Meta
	Role  transcript.Role // who answers; "" for any
	Max   time.Duration
	Hold  Phrases // optional
	Typed bool
}

func (r *Latency) Meta() *Meta { return &r.M }

// Skip: an answer is timed from the end of what it answers.
func (r *Latency) Skip(c *Call) string { return missingTimes(c, false) }

func (r *Latency) Check(c *Call) []Finding {
	if r.Skip(c) != "" {
		return nil
	}
	c, est := bounded(c, r.Typed)
	order := byStart(c)
	inHold := map[int]bool{} // check-ins and returns: not answers
	if len(r.Hold) > 0 {
		for _, h := range holds(c, order, r.Hold, nil) {
			for _, i := range h.own[1:] {
				inHold[i] = true
			}
			if h.ret >= 0 {
				inHold[h.ret] = true
			}
		}
	}
	zh, en := roleName(r.Role)
	var out []Finding
	for k := 1; k < len(order); k++ {
		p, u := c.Utterances[order[k-1]], c.Utterances[order[k]]
		if p.Role == "" || u.Role == "" || p.Role == u.Role || (r.Role != "" && u.Role != r.Role) || inHold[order[k]] {
			continue
		}
		if len(r.Hold) > 0 {
			if _, asked := r.Hold.first(c, []int{order[k-1]}); asked {
				continue // the other side asked Role to wait
			}
		}
		if d := u.Start - p.End; d > r.Max {
			pzh, pen := roleName(p.Role)
			out = append(out, c.timed(&r.M, order[k], p.End, u.Start, secs(d), secs(r.Max), UnitSeconds, msg.Sprintf("rule.answered-after-stopped-line-limit",
				pzh, num(secs(d)), zh, p.Line, num(secs(r.Max)), en, pen)))
		}
	}
	return noteBound(out, est && !r.Typed, boundLonger)
}

// LatencyKind is the record of latency rules.
var LatencyKind = &Kind{
	Name:     "latency",
	Doc:      msg.Sprintf("rule.answer-within-time-after-other"),
	Keys:     []string{"max", "hold", "typed"},
	Required: []string{"max", "message"},
	Timing:   true,
	Build: func(d Decoder, m Meta, s Scope) Rule {
		r := &Latency{M: m, Role: s.Role}
		if !d.Has("max") {
			d.Errorf("", "例如 max: 5", "rule.latency-rules-need-max-seconds")
		} else {
			r.Max = d.Seconds("max", maxSeconds)
		}
		if d.Has("hold") {
			if h := d.Hold("hold", false); h != nil {
				r.Hold = h.Phrases
			}
		}
		r.Typed = d.Flag("typed", false)
		return r
	},
	Schema:  `{"properties": {"max": {"$ref": "#/$defs/seconds"}, "hold": {"properties": {"check_in": false, "max": false, "thanks": false, "restart": false}}}}`,
	Example: "{id: answer, kind: latency, role: agent, max: 5, message: 回应慢}",
}

func (r *Latency) Uses() []Use {
	return []Use{{"hold", r.M.Role, WantOther, r.Hold}}
}

func (r *Latency) Describe(add func(label, value string)) {
	add("角色 role", RoleWords(r.Role))
	add("回应 max", secondsWords(r.Max))
	if r.Typed {
		add("文字 typed", msg.Sprintf("rule.each-message-sent-whole-chat"))
	}
}
