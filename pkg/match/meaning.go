package match

import (
	"strings"

	"github.com/zhijian-qa/zhijian/pkg/meaning"
	"github.com/zhijian-qa/zhijian/pkg/msg"
)

// Meaning items ({meaning: complaint} in a phrase list): an utterance matches when a
// trained model (pkg/meaning) scores it at or above a threshold. A condition that is a
// state of the speaker — the customer is complaining — is said in more ways than a list
// can hold; a model trained on labelled utterances scores wordings nobody listed. The
// item stands beside the phrases of a list, so every rule that reads the list (a
// condition's trigger, a response's trigger) gains it, and its unless words still apply.
//
// The match is the whole utterance: a model judges an utterance, not a span of it. It
// has no literal to anchor on, so it is scored on every utterance its rule reads (about
// a microsecond each, no allocation).

// meaningPattern is what a Pattern compiled from a meaning item holds.
type meaningPattern struct {
	model     *meaning.Model
	threshold float64
}

// CompileMeaning compiles a meaning item: the shipped model name, scored against
// threshold, or against the model's own threshold when threshold is negative.
func CompileMeaning(name string, threshold float64) (*Pattern, error) {
	m, err := meaning.Shipped(name)
	if err != nil {
		return nil, msg.Errorf("match.unknown-model", name, strings.Join(meaning.Names(), "、"), strings.Join(meaning.Names(), ", "))
	}
	if threshold < 0 {
		threshold = m.Threshold
	}
	p := newPattern("meaning:"+name, Utterance, []part{{alts: []string{""}}})
	p.meaning = &meaningPattern{model: m, threshold: threshold}
	p.Fuzzy = Exact // the model reads the text as written; sounds are the phrase language's
	return p, nil
}

// Meaning reports whether p is a meaning item, not a phrase or an expression.
func (p *Pattern) Meaning() bool { return p.meaning != nil }

// MeaningModel is the model and threshold of a meaning item, for explain.
func (p *Pattern) MeaningModel() (*meaning.Model, float64) {
	if p.meaning == nil {
		return nil, 0
	}
	return p.meaning.model, p.meaning.threshold
}

// findMeaning matches the whole of t when the model scores it high enough: at the
// threshold, or at Twice, whose second utterance package rule looks for.
func (p *Pattern) findMeaning(t *Text, from int) (Span, bool) {
	threshold := p.meaning.threshold
	if p.Twice > 0 {
		threshold = min(threshold, p.Twice)
	}
	if from > 0 || t.Norm == "" || p.meaning.model.Score(t.Norm) < threshold {
		return Span{}, false
	}
	return Span{0, len(t.Norm)}, true
}

// Alone reports whether t reaches a meaning item's own threshold, needing no second
// utterance (always true for a phrase).
func (p *Pattern) Alone(t *Text) bool {
	return p.meaning == nil || p.Twice == 0 || t.Norm != "" && p.meaning.model.Score(t.Norm) >= p.meaning.threshold
}

// ReachesTwice reports whether t scores at least a meaning item's Twice.
func (p *Pattern) ReachesTwice(t *Text) bool {
	return p.meaning != nil && p.Twice > 0 && t.Norm != "" && p.meaning.model.Score(t.Norm) >= p.Twice
}
