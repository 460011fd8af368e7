package rule

import (
	"math"
	"strconv"

	"github.com/zhijian-qa/zhijian/pkg/meaning"
	"github.com/zhijian-qa/zhijian/pkg/msg"
)

// Meaning fires on an utterance of its role that a trained model (pkg/meaning) scores
// at or above Threshold: a 禁语 said in words no phrase list holds. It only adds what
// the phrase rules did not find: where another rule has a finding on the same
// utterance, its finding is dropped (Meta.Fallback), so one sentence is charged once and
// under the concept a phrase rule gave it.
type Meaning struct {
	M         Meta
	Scope     Scope
	Model     *meaning.Model
	Threshold float64
	// Except spares an utterance that says one of these: the agent who does not know
	// but offers to find out (这个我也不太清楚，我帮您问一下) is the 禁语's polite
	// counterpart, however close its words score to the 禁语 itself.
	Except Phrases
}

func (r *Meaning) Meta() *Meta { return &r.M }

func (r *Meaning) Check(c *Call) []Finding {
	if !r.Scope.applies(c) {
		return nil
	}
	var out []Finding
	for _, i := range r.Scope.indexes(c) {
		t := c.Texts[i]
		if t.Norm == "" {
			continue
		}
		score := r.Model.ScoreBuckets(c.gramsOf(i), c.Texts[i].Norm)
		if score < r.Threshold {
			continue
		}
		if r.Except != nil {
			if _, ok := r.Except.first(c, []int{i}); ok {
				continue
			}
		}
		f := Finding{Rule: &r.M, Utterance: &c.Utterances[i], Match: t.Source(0, len(t.Norm)), Margin: logit(score) - logit(r.Threshold)}
		// An agent naming a 禁语 to disown it (我们不会跟您说一句“规定就是这样”) leaves a
		// note, as the guard of phrases does. The model cannot say which part it judged,
		// and what is left scores high on the cue itself (不会跟您说), so the whole
		// utterance is let go. So is one that reports someone's words to condemn them
		// (那位同事说“我也没办法”，这样不对，我跟您道歉).
		_, _, negated := disowned(t)
		if _, _, reported := reportedDisowned(t); negated || reported {
			f.Fuzzy = Negated
			c.Notes = append(c.Notes, f)
			continue
		}
		out = append(out, f)
	}
	return out
}

// logit is the log-odds of p, kept finite at 0 and 1.
func logit(p float64) float64 {
	p = min(max(p, 1e-9), 1-1e-9)
	return math.Log(p / (1 - p))
}

var MeaningKind = &Kind{
	Name:       "meaning",
	Doc:        "模型按意思判断的话不能说（规则没列出的说法） / what a trained model judges an utterance to mean must not be said (wordings no phrase lists)",
	Keys:       []string{"model", "threshold", "except"},
	Required:   []string{"model", "message"},
	Phraseless: true,
	Build: func(d Decoder, m Meta, s Scope) Rule {
		m.Fallback = true
		model, err := meaning.Shipped(d.Text("model"))
		if err != nil {
			d.Errorf("model", "", "rule.meaning-no-model", d.Text("model"), meaning.Names())
			return nil
		}
		r := &Meaning{M: m, Scope: s, Model: model, Threshold: model.Threshold}
		if d.Has("threshold") {
			r.Threshold = d.Number("threshold", 0, 1)
		}
		if d.Has("except") {
			r.Except = d.Phrases("except")
		}
		return r
	},
	Schema:  `{"properties": {"model": {"enum": ["complaint", "forbidden-phrase", "rude-attitude"]}}}`,
	Example: "{id: rude-by-meaning, kind: meaning, role: agent, model: forbidden-phrase, message: 疑似禁语}",
}

func (r *Meaning) Uses() []Use {
	if r.Except == nil {
		return r.Scope.uses()
	}
	return r.Scope.uses(Use{"except", r.Scope.Role, WantOther, r.Except})
}

func (r *Meaning) Describe(add func(label, value string)) {
	describeScope(r.Scope, add)
	add("模型 model", r.Model.Name+"："+r.Model.About)
	add("阈值 threshold", msg.Sprintf("rule.meaning-threshold-words", strconv.FormatFloat(r.Threshold, 'f', 4, 64)))
}
