package rule

import (
	"strconv"
	"time"

	"github.com/zhijian-qa/zhijian/pkg/msg"
)

// Rate bounds the speech rate of its scope in characters per minute (000: 语速适中，每分钟
// 应保持在120个字左右): each utterance's characters over the time from its start to its
// end, or, PerCall, all of them over the time spent saying them (the pauses between
// utterances are not speech). Utterances of fewer than MinChars characters are left out:
// two characters (好的) say nothing about a rate, and a short utterance's ASR times are as
// long as its words.
//
// Per utterance: one finding for each utterance outside Min–Max. Per call: one finding,
// at the utterance furthest past the bound (the fastest for Max, the slowest for Min).
// Zero means no bound; a rate exactly at a bound is within it.
type Rate struct {
	M        Meta
	Scope    Scope
	Min, Max float64
	MinChars int
	PerCall  bool
}

func (r *Rate) Meta() *Meta { return &r.M }

// Skip: a rate needs to know when each utterance ended.
// With start times only a rate is bounded from below (bounded, timing.go): too fast can
// be told, too slow cannot.
func (r *Rate) Skip(c *Call) string { return missingTimes(c, false) }

func (r *Rate) Check(c *Call) []Finding {
	if r.Skip(c) != "" {
		return nil
	}
	c, est := bounded(c, false)
	lo := r.Min
	if est {
		lo = 0
	}
	type timed struct {
		i     int
		chars int
		d     time.Duration
		rate  float64
	}
	var buf [64]timed // on the stack: a call's utterances fit, growing it took six allocations
	us := buf[:0]
	for _, i := range r.Scope.indexes(c) {
		u := c.Utterances[i]
		n := c.spoken(i)
		if d := u.End - u.Start; n >= r.MinChars && d > 0 {
			us = append(us, timed{i, n, d, perMinute(n, d)})
		}
	}
	zh, en := roleName(r.Scope.Role)
	if !r.PerCall {
		var out []Finding
		for _, t := range us {
			if limit, over, ok := r.outside(t.rate, lo); ok {
				u := c.Utterances[t.i]
				out = append(out, c.timed(&r.M, t.i, u.Start, u.End, t.rate, limit, UnitCharsPerMinute, msg.Sprintf("rule.chars-min-chars",
					num(t.rate), t.chars, num(secs(t.d)), limitZh(over), num(limit),
					limitEn(over))))
			}
		}
		return noteBound(out, est, boundFaster)
	}
	if len(us) == 0 {
		return nil
	}
	chars, d := 0, time.Duration(0)
	for _, t := range us {
		chars += t.chars
		d += t.d
	}
	rate := perMinute(chars, d)
	limit, over, ok := r.outside(rate, lo)
	if !ok {
		return nil
	}
	worst := us[0]
	for _, t := range us[1:] {
		if (over && t.rate > worst.rate) || (!over && t.rate < worst.rate) {
			worst = t
		}
	}
	u := c.Utterances[worst.i]
	extreme, extremeEn := "最快", "fastest"
	if !over {
		extreme, extremeEn = "最慢", "slowest"
	}
	// Joined, not fmt.Sprintf: the finding is made in most calls, and boxing its
	// eighteen arguments was a fifth of the allocations of the timing rules.
	rateS, n, charsS, secsS, limitS, worstS := num(rate), strconv.Itoa(len(us)), strconv.Itoa(chars), num(secs(d)), num(limit), num(worst.rate)
	detail := zh + "全程语速 " + rateS + " 字/分钟（" + n + " 句 " + charsS + " 字，说话 " + secsS + " 秒），" +
		limitZh(over) + " " + limitS + "；" + extreme + "一句 " + worstS + " 字/分钟 / " +
		en + " rate over the call " + rateS + " chars/min (" + n + " utterances, " + charsS + " chars in " + secsS +
		" s of speech), " + limitEn(over) + " " + limitS + "; " + extremeEn + " utterance " + worstS
	return noteBound([]Finding{c.timed(&r.M, worst.i, u.Start, u.End, rate, limit, UnitCharsPerMinute, detail)}, est, boundFaster)
}

// outside returns the bound rate breaks, and whether it is the upper one; lo is the
// lower bound judged (none when the rate is itself only a lower bound).
func (r *Rate) outside(rate, lo float64) (limit float64, over, ok bool) {
	switch {
	case r.Max > 0 && rate > r.Max:
		return r.Max, true, true
	case lo > 0 && rate < lo:
		return lo, false, true
	}
	return 0, false, false
}

func perMinute(chars int, d time.Duration) float64 {
	return float64(chars) * float64(time.Minute) / float64(d)
}

func limitZh(over bool) string {
	if over {
		return "上限"
	}
	return "下限"
}

func limitEn(over bool) string {
	if over {
		return "limit"
	}
	return "minimum"
}

// RateKind is the record of rate rules.
var RateKind = &Kind{
	Name:     "rate",
	Doc:      msg.Sprintf("rule.speech-rate-characters-minute-within"),
	Keys:     []string{"min", "max", "min_chars", "per", "window"},
	Required: []string{"message"},
	Timing:   true,
	Build: func(d Decoder, m Meta, s Scope) Rule {
		r := &Rate{M: m, Scope: s, MinChars: defaultMinChars}
		if d.Has("min") {
			r.Min = d.Positive("min", maxCharsPerMinute)
		}
		if d.Has("max") {
			r.Max = d.Positive("max", maxCharsPerMinute)
		}
		switch {
		case !d.Has("min") && !d.Has("max"):
			d.Errorf("", "例如 min: 90, max: 150", "rule.rate-rules-need-min-max")
		case r.Min > 0 && r.Max > 0 && r.Min >= r.Max:
			d.Errorf("min", "", "rule.min-must-below-max")
		}
		if d.Has("min_chars") {
			r.MinChars = d.Int("min_chars", 1)
		}
		r.PerCall = d.Choice("per", "可用：utterance（每句，默认）、call（全程）", "utterance", "call") == "call"
		return r
	},
	Schema:  `{"anyOf": [{"required": ["min"]}, {"required": ["max"]}], "properties": {"min": {"maximum": 1000}, "max": {"maximum": 1000}}}`,
	Example: "{id: pace, kind: rate, role: agent, min: 90, max: 150, message: 语速不当}",
}

// The largest rate a rule takes, and the shortest utterance a rate counts by default
// (好的 or 嗯嗯 says nothing about a rate).
const (
	maxCharsPerMinute = 1000
	defaultMinChars   = 6
)

func (r *Rate) Uses() []Use { return r.Scope.uses() }

func (r *Rate) Describe(add func(label, value string)) {
	add("角色 role", RoleWords(r.Scope.Role))
	per := msg.Sprintf("rule.per-utterance")
	if r.PerCall {
		per = msg.Sprintf("rule.over-call")
	}
	add("语速 rate", msg.Sprintf("rule.shorter-utterances-left-out",
		boundWords(r.Min), boundWords(r.Max), per, r.MinChars))
}
