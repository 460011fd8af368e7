package match

import (
	"slices"
	"strings"
	"sync"

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

// meaningPattern is what a Pattern compiled from a meaning item holds. The model is read
// on first use: a rulebook names models (the complaint steps) that only complaint calls
// ask, and reading each costs a one-call check start-up time and megabytes.
type meaningPattern struct {
	name      string
	load      sync.Once
	model     *meaning.Model
	threshold float64 // negative: the model's own
}

// get is the item's model and threshold, the model read the first time.
func (mp *meaningPattern) get() (*meaning.Model, float64) {
	mp.load.Do(func() {
		// The name was checked when compiling, and shipped models are tested to parse.
		mp.model, _ = meaning.Shipped(mp.name)
		if mp.model == nil {
			mp.model = meaning.New(mp.name) // unreadable: scores nothing above the threshold
			mp.threshold = 2
		} else if mp.threshold < 0 {
			mp.threshold = mp.model.Threshold
		}
	})
	return mp.model, mp.threshold
}

// CompileMeaning compiles a meaning item: the shipped model name, scored against
// threshold, or against the model's own threshold when threshold is negative.
func CompileMeaning(name string, threshold float64) (*Pattern, error) {
	if !slices.Contains(meaning.Names(), name) {
		return nil, msg.Errorf("match.unknown-model", name, strings.Join(meaning.Names(), "、"), strings.Join(meaning.Names(), ", "))
	}
	p := newPattern("meaning:"+name, Utterance, []part{{alts: []string{""}}})
	p.meaning = &meaningPattern{name: name, threshold: threshold}
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
	return p.meaning.get()
}

// findMeaning matches the whole of t when the model scores it high enough: at the
// threshold, or at Twice, whose second utterance package rule looks for.
func (p *Pattern) findMeaning(t *Text, from int) (Span, bool) {
	if from > 0 || t.Norm == "" {
		return Span{}, false
	}
	m, threshold := p.meaning.get()
	if p.Twice > 0 {
		threshold = min(threshold, p.Twice)
	}
	if t.score(m) < threshold {
		return Span{}, false
	}
	return Span{0, len(t.Norm)}, true
}

// Alone reports whether t reaches a meaning item's own threshold, needing no second
// utterance (always true for a phrase).
func (p *Pattern) Alone(t *Text) bool {
	if p.meaning == nil || p.Twice == 0 {
		return true
	}
	m, threshold := p.meaning.get()
	return t.Norm != "" && t.score(m) >= threshold
}

// MeaningScore is a meaning item's model's score of t (0 for a phrase).
func (p *Pattern) MeaningScore(t *Text) float64 {
	if p.meaning == nil || t.Norm == "" {
		return 0
	}
	m, _ := p.meaning.get()
	return t.score(m)
}

// ReachesTwice reports whether t scores at least a meaning item's Twice.
func (p *Pattern) ReachesTwice(t *Text) bool {
	if p.meaning == nil || p.Twice == 0 || t.Norm == "" {
		return false
	}
	m, _ := p.meaning.get()
	return t.score(m) >= p.Twice
}

// score is m's score of t, remembered: a text is asked by the same model several times
// (a condition's trigger, its second utterance, two items of one list), and an agent's
// utterance in a complaint call by up to six (the complaint steps), whose grams are
// hashed once.
func (t *Text) score(m *meaning.Model) float64 {
	for i := range t.scores {
		if t.scores[i].model == m {
			return t.scores[i].score
		}
	}
	if !t.grams.Hashed() {
		t.grams = meaning.HashGrams(make([]uint32, 0, 2*len(t.Norm)), t.Norm)
	}
	s := m.ScoreBuckets(&t.grams, t.Norm)
	copy(t.scores[1:], t.scores[:len(t.scores)-1])
	t.scores[0] = modelScore{m, s}
	return s
}

// modelScore is a model's score of a text.
type modelScore struct {
	model *meaning.Model
	score float64
}
