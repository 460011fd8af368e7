package rule

import (
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
	var out []Finding
	for k, i := range idx {
		if !r.counts(c, i) {
			continue
		}
		for j := k - 1; j >= 0 && j >= k-r.Within; j-- {
			prev := idx[j]
			if r.counts(c, prev) && similarity(c.Texts[prev].Norm, c.Texts[i].Norm) >= r.Similar {
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

// similarity is Dice's coefficient over the character pairs of a and b: 1 for the same
// text, near 1 for a word changed in a long sentence, low for different sentences.
func similarity(a, b string) float64 {
	if a == b {
		return 1
	}
	pairs := func(s string) map[[2]rune]int {
		m := map[[2]rune]int{}
		var prev rune = -1
		for _, r := range s {
			if prev >= 0 {
				m[[2]rune{prev, r}]++
			}
			prev = r
		}
		return m
	}
	pa, pb := pairs(a), pairs(b)
	na, nb, common := 0, 0, 0
	for p, n := range pa {
		na += n
		common += min(n, pb[p])
	}
	for _, n := range pb {
		nb += n
	}
	if na+nb == 0 {
		return 0
	}
	return 2 * float64(common) / float64(na+nb)
}

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
			r.Within = d.Int("within", 1)
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
	Schema: `{"properties": {"within": {"type": "integer", "minimum": 1, "default": 3},
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
