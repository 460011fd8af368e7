package rule

import (
	"time"

	"github.com/zhijian-qa/zhijian/pkg/msg"
	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

// Duration bounds the call's length, from the start of the recording to the end of its
// last words (Min, Max), and how soon the agent speaks first (FirstAgentWithin, from the
// start of the recording to the start of the agent's first utterance). Zero means no
// bound; a value exactly at a bound is within it. The length needs end times; the agent's
// first words need only start times.
type Duration struct {
	M                Meta
	Min, Max         time.Duration
	FirstAgentWithin time.Duration
}

func (r *Duration) Meta() *Meta { return &r.M }

func (r *Duration) Skip(c *Call) string { return missingTimes(c, r.Min > 0 || r.Max > 0) }

func (r *Duration) Check(c *Call) []Finding {
	if r.Skip(c) != "" || len(c.Utterances) == 0 {
		return nil
	}
	order := byStart(c)
	var out []Finding
	if lim := r.FirstAgentWithin; lim > 0 {
		first := -1
		for _, i := range order {
			if c.Utterances[i].Role == transcript.Agent {
				first = i
				break
			}
		}
		switch {
		case first < 0:
			last := c.Utterances[order[len(order)-1]]
			out = append(out, c.timed(&r.M, -1, 0, max(last.Start, last.End), 0, secs(lim), UnitSeconds, msg.Sprintf("rule.agent-never-spoke-limit", num(secs(lim)))))
		case c.Utterances[first].Start > lim:
			st := c.Utterances[first].Start
			out = append(out, c.timed(&r.M, first, 0, st, secs(st), secs(lim), UnitSeconds, msg.Sprintf("rule.agent-first-spoke-into-call",
				num(secs(st)), num(secs(lim)))))
		}
	}
	if r.Min > 0 || r.Max > 0 {
		last := order[0]
		for _, i := range order {
			if c.Utterances[i].End >= c.Utterances[last].End {
				last = i
			}
		}
		length := c.Utterances[last].End
		var lim time.Duration
		var zh, en string
		switch {
		case r.Max > 0 && length > r.Max:
			lim, zh, en = r.Max, "上限", "limit"
		case r.Min > 0 && length < r.Min:
			lim, zh, en = r.Min, "下限", "minimum"
		}
		if lim > 0 {
			out = append(out, c.timed(&r.M, last, 0, length, secs(length), secs(lim), UnitSeconds, msg.Sprintf("rule.call-lasted",
				num(secs(length)), zh, num(secs(lim)), en)))
		}
	}
	sortFindings(out)
	return out
}

// DurationKind is the record of duration rules.
var DurationKind = &Kind{
	Name:     "duration",
	Doc:      msg.Sprintf("rule.call-length-first-words"),
	Keys:     []string{"min", "max", "first_agent_within"},
	Required: []string{"message"},
	Timing:   true,
	Build: func(d Decoder, m Meta, _ Scope) Rule {
		r := &Duration{M: m}
		if d.Has("min") {
			r.Min = d.Seconds("min", maxSeconds)
		}
		if d.Has("max") {
			r.Max = d.Seconds("max", maxSeconds)
		}
		if d.Has("first_agent_within") {
			r.FirstAgentWithin = d.Seconds("first_agent_within", maxSeconds)
		}
		switch {
		case !d.Has("min") && !d.Has("max") && !d.Has("first_agent_within"):
			d.Errorf("", "例如 max: 1800 或 first_agent_within: 10", "rule.duration-rules-need-min-max")
		case r.Min > 0 && r.Max > 0 && r.Min >= r.Max:
			d.Errorf("min", "", "rule.min-must-below-max")
		}
		return r
	},
	Schema: `{"anyOf": [{"required": ["min"]}, {"required": ["max"]}, {"required": ["first_agent_within"]}],
		"properties": {"min": {"$ref": "#/$defs/seconds"}, "max": {"$ref": "#/$defs/seconds"}}}`,
	Example: "{id: long-call, kind: duration, max: 1800, message: 通话过长}",
}

func (r *Duration) Uses() []Use { return nil }

func (r *Duration) Describe(add func(label, value string)) {
	if r.Min > 0 {
		add("至少 min", secondsWords(r.Min))
	}
	if r.Max > 0 {
		add("最多 max", secondsWords(r.Max))
	}
	if r.FirstAgentWithin > 0 {
		add("开口 first_agent_within", secondsWords(r.FirstAgentWithin))
	}
}
