package rule

import (
	"github.com/zhijian-qa/zhijian/pkg/match"
	"github.com/zhijian-qa/zhijian/pkg/msg"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Count bounds how often its phrases occur in its scope: at least Min, at most Max, and
// at most MaxRate per 100 characters of the scope's speech (fillers, 你 for 您, the
// caller's title used too often). Zero means no bound. One finding per call.
type Count struct {
	M        Meta
	Scope    Scope
	Phrases  Phrases
	Min, Max int
	MaxRate  float64
}

func (r *Count) Meta() *Meta { return &r.M }

func (r *Count) Check(c *Call) []Finding {
	if !r.Scope.applies(c) {
		return nil
	}
	idx := r.Scope.indexes(c)
	occ := r.Phrases.all(c, idx)
	chars := 0
	// A rate needs the length of what was said, and more than a couple of occurrences:
	// one title in a two-line call is 5 per 100 characters, which says nothing about
	// "never opening the mouth without it".
	if r.MaxRate > 0 && len(occ) >= minRateOccurrences {
		for _, i := range idx {
			chars += c.said(i)
		}
	}
	switch {
	case r.Max > 0 && len(occ) > r.Max:
		return []Finding{c.finding(&r.M, occ[r.Max])}
	case chars > 0 && float64(len(occ))*100/float64(chars) > r.MaxRate:
		// Point at the occurrence that took the rate over the limit.
		k := int(r.MaxRate * float64(chars) / 100)
		return []Finding{c.finding(&r.M, occ[min(k, len(occ)-1)])}
	case r.Min > 0 && len(occ) < r.Min:
		f := Finding{Rule: &r.M}
		if len(idx) > 0 {
			f.Utterance = &c.Utterances[idx[0]]
		}
		return []Finding{f}
	}
	return nil
}

// minRateOccurrences is the fewest occurrences a max_rate finding rests on.
const minRateOccurrences = 3

// countChars counts the letters and digits of normalised text: what was said, not
// punctuation or bytes.
func countChars(norm string) int {
	n := 0
	for i := 0; i < len(norm); {
		r, size := rune(norm[i]), 1
		if c := norm[i]; c >= utf8.RuneSelf { // normalize.DecodeRune, in line: the call cost more than the work
			if c-0xE1 < 0x0F && c != 0xED && i+2 < len(norm) && (norm[i+1]^0x80)|(norm[i+2]^0x80) < 0x40 {
				r, size = rune(c&0x0F)<<12|rune(norm[i+1]&0x3F)<<6|rune(norm[i+2]&0x3F), 3
			} else {
				r, size = utf8.DecodeRuneInString(norm[i:])
			}
		}
		i += size
		// The CJK Unified Ideographs, most of what is said, without a table search.
		if r >= 0x4E00 && r <= 0x9FFF || unicode.IsLetter(r) || unicode.IsDigit(r) {
			n++
		}
	}
	return n
}

// CountKind is the record of count rules.
var CountKind = &Kind{
	Name:     "count",
	Doc:      msg.Sprintf("rule.how-often-phrases-occur-must"),
	Keys:     []string{"phrases", "min", "max", "max_rate", "fuzzy"},
	Required: []string{"phrases", "message"},
	// Count rules count words, 你 or 那个, that fillers cannot hide.
	Fuzzy: match.Exact,
	Build: func(d Decoder, m Meta, s Scope) Rule {
		r := &Count{M: m, Scope: s, Phrases: d.Phrases("phrases")}
		if d.Has("min") {
			r.Min = d.Int("min", 1)
		}
		if d.Has("max") {
			r.Max = d.Int("max", 0)
			if d.Text("max") == "0" {
				d.Errorf("max", "要禁止出现请用 forbidden 规则", "rule.max-must-least")
			}
		}
		if d.Has("max_rate") {
			r.MaxRate = d.Number("max_rate", 0, 100)
		}
		if !d.Has("min") && !d.Has("max") && !d.Has("max_rate") {
			d.Errorf("", "例如 max: 2", "rule.count-rules-need-min-max")
		}
		if r.Min > 0 && r.Max > 0 && r.Min > r.Max {
			d.Errorf("min", "", "rule.min-above-max-rule-can")
		}
		return r
	},
	Schema: `{"anyOf": [{"required": ["min"]}, {"required": ["max"]}, {"required": ["max_rate"]}],
		"properties": {"min": {"type": "integer", "minimum": 1}, "max": {"type": "integer", "minimum": 1}}}`,
	Example: "{id: fillers, kind: count, role: agent, phrases: [那个], max: 5, message: 口头禅过多}",
}

func (r *Count) Uses() []Use {
	return r.Scope.uses(Use{"phrases", r.Scope.Role, WantOther, r.Phrases})
}

func (r *Count) Describe(add func(label, value string)) {
	describeScope(r.Scope, add)
	var lim []string
	if r.Min > 0 {
		lim = append(lim, msg.Sprintf("rule.least", r.Min))
	}
	if r.Max > 0 {
		lim = append(lim, msg.Sprintf("rule.most", r.Max))
	}
	if r.MaxRate > 0 {
		lim = append(lim, msg.Sprintf("rule.most-per-100-characters", r.MaxRate))
	}
	add("限度 limit", strings.Join(lim, "；"))
}
