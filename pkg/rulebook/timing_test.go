package rulebook_test

import (
	"testing"
	"time"

	"github.com/zhijian-qa/zhijian/pkg/rule"
	"github.com/zhijian-qa/zhijian/pkg/rulebook"
	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

const timingBook = `name: timing
sets:
  hold: [稍等, "(请|您)[再]等(一下|片刻)"]
  hold-thanks: ["(感谢|谢谢)[您]{0,4}(等待|等候)"]
  back-channel: [嗯, 对, 是的]
rules:
  - id: speech-rate
    kind: rate
    role: agent
    min: 90
    max: 150.5
    min_chars: 8
    per: call
    message: 语速
  - id: fast-utterance
    kind: rate
    role: agent
    window: {first: 3}
    max: 240
    message: 语速
  - id: hold-check-in
    kind: silence
    role: agent
    max_gap: 20
    hold: {phrases: [$hold], check_in: 15, max: 60.5, thanks: [$hold-thanks], match: chars}
    message: 等待
  - id: answer-promptly
    kind: latency
    role: agent
    max: 2.5
    hold: {phrases: [$hold]}
    message: 回应
  - id: no-interrupting
    kind: overlap
    role: agent
    min_overlap: 0.8
    ignore: [$back-channel]
    message: 插话
  - id: default-overlap
    kind: overlap
    message: 插话
  - id: call-length
    kind: duration
    min: 20
    max: 1800
    first_agent_within: 10
    when: {role: customer, phrases: [投诉]}
    message: 时长
`

// TestParseTimingRules checks that each timing key reaches its rule, in seconds to the
// millisecond and with the documented defaults.
func TestParseTimingRules(t *testing.T) {
	rb, err := rulebook.Parse("timing.yaml", []byte(timingBook), nil)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]rule.Rule{}
	for _, r := range rb.Rules {
		byID[r.Meta().ID] = r
	}
	if r := byID["speech-rate"].(*rule.Rate); r.Min != 90 || r.Max != 150.5 || r.MinChars != 8 || !r.PerCall || r.Scope.Role != transcript.Agent {
		t.Errorf("speech-rate = %+v", r)
	}
	if r := byID["fast-utterance"].(*rule.Rate); r.Min != 0 || r.Max != 240 || r.MinChars != 6 || r.PerCall || r.Scope.Window.First != 3 {
		t.Errorf("fast-utterance = %+v, want the default min_chars 6, per utterance, window first 3", r)
	}
	s := byID["hold-check-in"].(*rule.Silence)
	if s.Role != transcript.Agent || s.MaxGap != 20*time.Second || s.Hold == nil ||
		s.Hold.CheckIn != 15*time.Second || s.Hold.Max != 60500*time.Millisecond || len(s.Hold.Phrases) != 2 || len(s.Hold.Thanks) != 1 {
		t.Errorf("hold-check-in = %+v hold %+v", s, s.Hold)
	}
	if r := byID["answer-promptly"].(*rule.Latency); r.Max != 2500*time.Millisecond || len(r.Hold) != 2 {
		t.Errorf("answer-promptly = %+v", r)
	}
	if r := byID["no-interrupting"].(*rule.Overlap); r.MinOverlap != 800*time.Millisecond || len(r.Ignore) != 3 {
		t.Errorf("no-interrupting = %+v", r)
	}
	if r := byID["default-overlap"].(*rule.Overlap); r.MinOverlap != time.Second || r.Role != "" {
		t.Errorf("default-overlap = %+v, want min_overlap 1 s and any role", r)
	}
	// when: wraps any rule in a condition group of one.
	c := byID["call-length"].(*rule.Condition)
	if d := c.Rules[0].(*rule.Duration); d.Min != 20*time.Second || d.Max != 30*time.Minute || d.FirstAgentWithin != 10*time.Second {
		t.Errorf("call-length = %+v", d)
	}
}

// TestSchemaAgreesOnTimingRules checks rules/schema.json and the loader on the timing
// kinds: both accept the valid book and reject each broken rule.
func TestSchemaAgreesOnTimingRules(t *testing.T) {
	sch := compiledSchema(t)
	cases := []struct {
		name, yaml string
		valid      bool
	}{
		{"every timing kind", timingBook, true},
		{"rate without bounds", "name: x\nrules:\n  - {id: a, kind: rate, message: m}\n", false},
		{"rate of 0", "name: x\nrules:\n  - {id: a, kind: rate, max: 0, message: m}\n", false},
		{"rate above 1000", "name: x\nrules:\n  - {id: a, kind: rate, max: 1200, message: m}\n", false},
		{"rate per minute", "name: x\nrules:\n  - {id: a, kind: rate, max: 150, per: minute, message: m}\n", false},
		{"rate min_chars 0", "name: x\nrules:\n  - {id: a, kind: rate, max: 150, min_chars: 0, message: m}\n", false},
		{"rate with phrases", "name: x\nrules:\n  - {id: a, kind: rate, max: 150, phrases: [你], message: m}\n", false},
		{"silence with nothing to check", "name: x\nrules:\n  - {id: a, kind: silence, hold: {phrases: [稍等]}, message: m}\n", false},
		{"silence hold without phrases", "name: x\nrules:\n  - {id: a, kind: silence, hold: {check_in: 15}, message: m}\n", false},
		{"silence negative check-in", "name: x\nrules:\n  - {id: a, kind: silence, hold: {phrases: [稍等], check_in: -1}, message: m}\n", false},
		{"a phrase that needs a silence after it", "name: x\nrules:\n  - {id: a, kind: required, when: {phrases: [{pattern: 我查一下, silence_after: 15}]}, phrases: [好吗], message: m}\n", true},
		{"a phrase that needs no silence", "name: x\nrules:\n  - {id: a, kind: required, phrases: [{pattern: 我查一下, silence_after: 0}], message: m}\n", false},
		{"a phrase that needs a silence of a day", "name: x\nrules:\n  - {id: a, kind: required, phrases: [{pattern: 我查一下, silence_after: 86400}], message: m}\n", false},
		{"silence with a window", "name: x\nrules:\n  - {id: a, kind: silence, max_gap: 15, window: {first: 2}, message: m}\n", false},
		{"silence with max", "name: x\nrules:\n  - {id: a, kind: silence, max: 15, message: m}\n", false},
		{"latency without max", "name: x\nrules:\n  - {id: a, kind: latency, message: m}\n", false},
		{"latency with check-in", "name: x\nrules:\n  - {id: a, kind: latency, max: 5, hold: {phrases: [稍等], check_in: 15}, message: m}\n", false},
		{"overlap too long", "name: x\nrules:\n  - {id: a, kind: overlap, min_overlap: 61, message: m}\n", false},
		{"overlap with max", "name: x\nrules:\n  - {id: a, kind: overlap, max: 1, message: m}\n", false},
		{"duration without bounds", "name: x\nrules:\n  - {id: a, kind: duration, message: m}\n", false},
		{"duration with max_gap", "name: x\nrules:\n  - {id: a, kind: duration, max: 600, max_gap: 10, message: m}\n", false},
		{"count with a fraction", "name: x\nrules:\n  - {id: a, kind: count, phrases: [你], max: 2.5, message: m}\n", false},
		{"forbidden with hold", "name: x\nrules:\n  - {id: a, kind: forbidden, phrases: [你], hold: {phrases: [稍等]}, message: m}\n", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			inst, err := yamlInstance([]byte(c.yaml))
			if err != nil {
				t.Fatal(err)
			}
			switch err := sch.Validate(inst); {
			case c.valid && err != nil:
				t.Errorf("schema rejects a valid rulebook:\n%v", err)
			case !c.valid && err == nil:
				t.Errorf("schema accepts a broken rulebook:\n%s", c.yaml)
			}
			_, lerr := rulebook.Parse("case.yaml", []byte(c.yaml), nil)
			if c.valid && lerr != nil {
				t.Errorf("loader rejects a case the schema must accept: %v", lerr)
			}
			if !c.valid && lerr == nil {
				t.Errorf("loader accepts a case the schema must reject")
			}
		})
	}
}
