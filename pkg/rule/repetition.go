package rule

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/zhijian-qa/zhijian/pkg/match"
	"github.com/zhijian-qa/zhijian/pkg/msg"
)

// Repetition finds an utterance its role says again, the same or nearly so, within a
// few of its own utterances: a script read at a customer instead of an answer, or the
// same question asked twice (questions: true). Short replies (好的, 嗯, 对) are left
// out by MinChars. One finding for each repeat, at the repeat.
type Repetition struct {
	M     Meta
	Scope Scope
	// Within is how many of the role's utterances back a repeat is looked for.
	Within int
	// MinChars is the fewest characters an utterance has to count.
	MinChars int
	// Similar is the least share of character pairs two utterances have in common
	// (Dice's coefficient) to be one said again; 1 is the same words after normalisation.
	Similar float64
	// Questions looks only at questions (？, 吗, 呢, 么 at the end).
	Questions bool
}

func (r *Repetition) Meta() *Meta { return &r.M }

func (r *Repetition) Check(c *Call) []Finding {
	if !r.Scope.applies(c) {
		return nil
	}
	idx := r.Scope.indexes(c)
	// Each utterance's character pairs are worked out once, not again for each of the
	// utterances it is compared with (maps for both of each pair: 86 s for a call of
	// 20,000 turns of 400 characters with within: 50).
	pairs := make([][]uint64, len(idx))
	for k, i := range idx {
		if r.counts(c, i) {
			pairs[k] = charPairs(c.Texts[i].Norm)
		}
	}
	var out []Finding
	for k, i := range idx {
		if pairs[k] == nil {
			continue
		}
		for j := k - 1; j >= 0 && j >= k-r.Within; j-- {
			prev := idx[j]
			if pairs[j] != nil && (c.Texts[prev].Norm == c.Texts[i].Norm || dice(pairs[j], pairs[k]) >= r.Similar) {
				t := c.Texts[i]
				out = append(out, Finding{Rule: &r.M, Utterance: &c.Utterances[i], Match: t.Source(0, len(t.Norm))})
				break
			}
		}
	}
	return out
}

// counts says whether utterance i is long enough, and a question when only questions
// count.
func (r *Repetition) counts(c *Call, i int) bool {
	norm := c.Texts[i].Norm
	if utf8.RuneCountInString(norm) < r.MinChars {
		return false
	}
	if !r.Questions {
		return true
	}
	text := strings.TrimSpace(c.Utterances[i].Text)
	return strings.HasSuffix(text, "？") || strings.HasSuffix(text, "?") ||
		strings.HasSuffix(norm, "吗") || strings.HasSuffix(norm, "呢") || strings.HasSuffix(norm, "么")
}

// charPairs is the character pairs of s, sorted, for dice; never nil.
func charPairs(s string) []uint64 {
	out := make([]uint64, 0, len(s)/3)
	var prev rune = -1
	for _, r := range s {
		if prev >= 0 {
			out = append(out, uint64(prev)<<32|uint64(r))
		}
		prev = r
	}
	slices.Sort(out)
	return out
}

// dice is Dice's coefficient of two sorted lists of character pairs (charPairs): 1 for
// the same text, near 1 for a word changed in a long sentence, low for different
// sentences.
func dice(a, b []uint64) float64 {
	if len(a)+len(b) == 0 {
		return 0
	}
	common := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			common++
			i++
			j++
		}
	}
	return 2 * float64(common) / float64(len(a)+len(b))
}

// MaxRepetitionWithin bounds a repetition rule's within: a few utterances back, not the
// whole call.
const MaxRepetitionWithin = 100

// RepetitionKind is the record of repetition rules.
var RepetitionKind = &Kind{
	Name:       "repetition",
	Doc:        msg.Sprintf("rule.repetition-doc"),
	Keys:       []string{"within", "min_chars", "similar", "questions", "window"},
	Required:   []string{"message"},
	Phraseless: true,
	Fuzzy:      match.Exact,
	Build: func(d Decoder, m Meta, s Scope) Rule {
		r := &Repetition{M: m, Scope: s, Within: 3, MinChars: 6, Similar: 0.9}
		if d.Has("within") {
			// Each utterance is compared with as many before it: within: 100000000
			// compared every two of a call's 10,000 agent utterances, and ran for more
			// than ten minutes.
			if r.Within = d.Int("within", 1); r.Within > MaxRepetitionWithin {
				d.Errorf("within", "", "rulebook.out-range", r.Within, 1, MaxRepetitionWithin)
				r.Within = MaxRepetitionWithin
			}
		}
		if d.Has("min_chars") {
			r.MinChars = d.Int("min_chars", 1)
		}
		if d.Has("similar") {
			r.Similar = d.Number("similar", 0.5, 1)
		}
		r.Questions = d.Flag("questions", false)
		return r
	},
	Schema: `{"properties": {"within": {"type": "integer", "minimum": 1, "maximum": 100, "default": 3},
		"min_chars": {"type": "integer", "minimum": 1, "default": 6},
		"similar": {"type": "number", "minimum": 0.5, "maximum": 1, "default": 0.9},
		"questions": {"type": "boolean", "default": false}}}`,
	Example: "{id: repeats-script, kind: repetition, role: agent, within: 3, message: 坐席重复念同一段话}",
}

func (r *Repetition) Uses() []Use { return r.Scope.uses() }

func (r *Repetition) Describe(add func(label, value string)) {
	describeScope(r.Scope, add)
	what := msg.Sprintf("rule.repetition-limit", r.Within, r.MinChars, strconv.FormatFloat(r.Similar, 'f', -1, 64))
	if r.Questions {
		what += msg.Sprintf("rule.repetition-questions-only")
	}
	add("限度 limit", what)
}
