package rule

import (
	"strings"
	"time"

	"github.com/zhijian-qa/zhijian/pkg/match"
	"github.com/zhijian-qa/zhijian/pkg/msg"

	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

// Condition applies its rules only to calls where its trigger occurred (complaint calls:
// apologise first, end by thanking the customer for the feedback), and not to calls its
// Unless describes (a wrong number needs no offer of more help).
type Condition struct {
	M    Meta
	Role transcript.Role // who must say the trigger; "" for any
	When Phrases         // nil: every call
	// AloneAt (when: {meaning_alone: P}): an utterance only a meaning item found, its
	// model's score below P, triggers when a second utterance of Role matched When too.
	// One sentence a model is not sure is a complaint is enough to owe an apology, not
	// the whole complaint procedure (the complaint steps' group). 0: off.
	AloneAt float64
	// Unless is said by UnlessRole, or the call's metadata has one of UnlessMeta's
	// key: value pairs (job_number: ivr): then the rules do not apply.
	UnlessRole transcript.Role
	Unless     Phrases
	UnlessMeta map[string][]string
	// Applies routes the rules by call metadata and date (applies:).
	Applies Applies
	Rules   []Rule
}

// Applies says which calls a rule, a group or a whole rulebook (a route) judges.
type Applies struct {
	// Metadata: only calls whose metadata has, for every key, one of its values
	// (skill_group: [vip]; direction: outbound), case aside.
	Metadata map[string][]string
	// From and Until (YYYY-MM-DD, inclusive, "" for open) are when the rules are in
	// force: a call is judged by the rules in force on its date (metadata date; a call
	// without one, on the day it is checked), so a batch spanning a rule change is
	// scored by the rules of each call's day.
	From, Until string
}

// Admits reports whether a call with this metadata is one a judges.
func (a *Applies) Admits(call *transcript.Call) bool {
	for k, vs := range a.Metadata {
		if !metaIs(call, k, vs) {
			return false
		}
	}
	if a.From != "" || a.Until != "" {
		day := CallDate(call)
		if a.From != "" && day < a.From || a.Until != "" && day > a.Until {
			return false
		}
	}
	return true
}

func (r *Condition) Meta() *Meta { return &r.M }

// applies reports whether the group's rules judge c, and where the trigger first
// occurred (found is false without a When).
func (r *Condition) applies(c *Call) (trigger occurrence, found, ok bool) {
	if r.When != nil {
		if trigger, found = r.When.first(c, Scope{Role: r.Role}.indexes(c)); !found {
			return trigger, false, false
		}
		if r.AloneAt > 0 && !r.corroborated(c) {
			return trigger, false, false
		}
	}
	return trigger, found, r.appliesBesides(c)
}

// corroborated reports whether the trigger is more than one utterance a model alone
// found below AloneAt: a phrase matched, a model was sure enough, or two utterances
// matched.
// (Utterance by utterance: first prefers a phrase's words to a meaning item's whole
// utterance, where all would keep the match that covers the other.)
func (r *Condition) corroborated(c *Call) bool {
	matched := 0
	for _, i := range (Scope{Role: r.Role}).indexes(c) {
		o, ok := r.When.first(c, []int{i})
		if !ok {
			continue
		}
		if matched++; o.phrase == nil || !o.phrase.Meaning() || matched == 2 || o.phrase.MeaningScore(c.Texts[i]) >= r.AloneAt {
			return true
		}
	}
	return false
}

// appliesBesides is applies after the trigger: the group's exceptions and routing.
func (r *Condition) appliesBesides(c *Call) bool {
	if r.Unless != nil {
		if _, ok := r.Unless.first(c, Scope{Role: r.UnlessRole}.indexes(c)); ok {
			return false
		}
	}
	for k, vs := range r.UnlessMeta {
		if metaIs(c.Call, k, vs) {
			return false
		}
	}
	return r.Applies.Admits(c.Call)
}

// metaIs says whether the call's metadata key has one of vs, case aside.
func metaIs(c *transcript.Call, key string, vs []string) bool {
	for _, v := range vs {
		if strings.EqualFold(strings.TrimSpace(c.Metadata[key]), v) {
			return true
		}
	}
	return false
}

// today is the date a call without one is judged on; a variable for tests.
var today = func() string { return time.Now().Format(time.DateOnly) }

// CallDate is the call's date as YYYY-MM-DD: its metadata date (2026-11-03, 2026/11/03,
// 2026/7/1, 2026.11.03, 20261103, 2026年11月3日, or a date and time), else today.
func CallDate(c *transcript.Call) string {
	if d, ok := ParseDate(c.Metadata["date"]); ok {
		return d
	}
	return today()
}

// dateLayouts are the ways a call's date is written, before any time of day.
var dateLayouts = []string{"2006-1-2", "2006/1/2", "2006.1.2", "20060102", "2006年1月2日"}

// ParseDate reads a call's date metadata as YYYY-MM-DD; ok is false when s is empty or
// no date of the calendar. The digits of "9999-99-99" or "2026-13-45" were compared as
// written, so such a call was judged by whichever rules the string sorted among, and
// "2026/7/1" (eight digits short) by today's.
func ParseDate(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", false
	}
	day := s
	if i := strings.IndexAny(day, " T"); i >= 0 {
		day = day[:i]
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, day); err == nil {
			return t.Format(time.DateOnly), true
		}
	}
	// A date run into its time (20261103101502, 2026/11/03-10:15): its first eight digits.
	var digits []byte
	for i := 0; i < len(s) && len(digits) < 8; i++ {
		switch ch := s[i]; {
		case ch >= '0' && ch <= '9':
			digits = append(digits, ch)
		case ch == '-' || ch == '/' || ch == '.':
		default:
			i = len(s) // the time after the date
		}
	}
	if len(digits) == 8 {
		if t, err := time.Parse("20060102", string(digits)); err == nil {
			return t.Format(time.DateOnly), true
		}
	}
	return "", false
}

func (r *Condition) Check(c *Call) []Finding {
	trigger, triggered, ok := r.applies(c)
	if !ok {
		return nil
	}
	var out []Finding
	for _, sub := range r.Rules {
		out = append(out, sub.Check(c)...)
	}
	// A step missing from the whole call is missing because of the trigger: point at it
	// (the customer's complaint for the complaint steps).
	if triggered {
		for i := range out {
			if out[i].Utterance == nil && out[i].Match == "" && out[i].Unit == "" {
				out[i].Utterance = &c.Utterances[trigger.index]
			}
		}
	}
	return out
}

// Skip passes a single wrapped rule's reason through (a timing rule with when:), so a
// call it cannot judge is reported as skipped rather than silently passing.
func (r *Condition) Skip(c *Call) string {
	if len(r.Rules) == 1 {
		if s, ok := r.Rules[0].(Skipper); ok {
			return s.Skip(c)
		}
	}
	return ""
}

// ConditionKind is the record of condition groups. A single rule with when: or unless:
// is a group of one that the loader makes itself.
var ConditionKind = &Kind{
	Name:     "condition",
	Doc:      msg.Sprintf("rule.group-its-rules-apply-only"),
	Keys:     []string{"rules", "fuzzy"},
	Required: []string{"when", "rules"},
	Fuzzy:    match.Fillers,
	Build: func(d Decoder, m Meta, _ Scope) Rule {
		w := d.When("when")
		g := &Condition{M: m, Role: w.Role, When: w.Phrases, AloneAt: w.AloneAt}
		g.Rules = d.Rules("rules")
		for _, sub := range g.Rules {
			sub.Meta().Group = &g.M
		}
		return g
	},
	Example: "{id: complaint, kind: condition, when: {role: customer, phrases: [投诉]}, rules: [{id: sorry, kind: required, role: agent, phrases: [抱歉], message: 未致歉}]}",
}

func (r *Condition) Uses() []Use {
	return []Use{{"when", r.Role, WantOther, r.When}}
}

func (r *Condition) Describe(add func(label, value string)) {
	add("条件 when", RoleWords(r.Role)+msg.Sprintf("rule.says-one-phrases"))
	if r.AloneAt > 0 {
		add("按意思 meaning_alone", msg.Sprintf("rule.meaning-needs-second", r.AloneAt))
	}
	var ids []string
	for _, sub := range r.Rules {
		ids = append(ids, sub.Meta().ID)
	}
	add("规则 rules", strings.Join(ids, ", "))
}

// Strict: the group's own unless phrases, and its rules.
func (r *Condition) Strict() {
	strictPhrases(r.Unless)
	Strict(r.Rules)
}
