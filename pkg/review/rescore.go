package review

import (
	"math"
	"sort"
	"strconv"
	"sync"

	"github.com/zhijian-qa/zhijian/pkg/calibrate"
	"github.com/zhijian-qa/zhijian/pkg/catalog"
	"github.com/zhijian-qa/zhijian/pkg/rule"
	"github.com/zhijian-qa/zhijian/pkg/rulebook"
	"github.com/zhijian-qa/zhijian/pkg/score"
	"github.com/zhijian-qa/zhijian/pkg/store"
)

// Verdict is a call's score after review: the machine's findings a reviewer did not
// reject, and the violations reviewers added, scored by the rulebook's deductions, caps
// and red lines.
type Verdict struct {
	Score  float64
	Passed bool
	Fatal  bool
}

// Rescore scores c after its reviews. A finding's latest decision counts (reviews come
// oldest first); an added violation costs what the first rule of its concept costs; the
// bonus items the call earned still count. The call is scored by the rulebook that
// judged it (a chat by the chat rulebook the default routes it to).
func Rescore(rb *rulebook.Rulebook, c store.Call, reviews []store.Review) Verdict {
	rb = rb.For(c.Metadata)
	rejected := map[string]bool{}
	for _, r := range reviews {
		switch r.Decision {
		case store.Reject:
			rejected[r.Finding] = true
		case store.Confirm:
			delete(rejected, r.Finding)
		}
	}
	metas, byConcept := rulesOf(rb)
	var kept []rule.Finding
	for _, f := range c.Findings {
		if rejected[f.ID] {
			continue
		}
		m := metas[f.Rule]
		if m == nil { // a rule the rulebook no longer has: what was recorded
			m = &rule.Meta{ID: f.Rule, Deduct: f.Deduct, Fatal: f.Fatal}
		}
		kept = append(kept, rule.Finding{Rule: m})
	}
	for _, b := range c.Bonuses {
		m := metas[b.Rule]
		if m == nil {
			m = &rule.Meta{ID: b.Rule, Bonus: b.Points}
		}
		kept = append(kept, rule.Finding{Rule: m})
	}
	seen := map[string]bool{}
	for _, r := range reviews {
		key := r.Concept + "\x00" + strconv.Itoa(r.Line)
		if r.Decision != store.Missed || seen[key] {
			continue
		}
		seen[key] = true
		if m := byConcept[r.Concept]; m != nil {
			kept = append(kept, rule.Finding{Rule: m})
		}
	}
	res := score.Score(kept, rb.PassScore, rb.Card)
	return Verdict{Score: math.Round(res.Score*100) / 100, Passed: res.Passed, Fatal: res.Fatal}
}

// ruleIndex is a rulebook's rules by id and, for each concept, the first rule checking
// it: worked out once per rulebook, not for every call rescored.
type ruleIndex struct {
	byID, byConcept map[string]*rule.Meta
}

var ruleIndexes sync.Map // *rulebook.Rulebook → ruleIndex

func rulesOf(rb *rulebook.Rulebook) (byID, byConcept map[string]*rule.Meta) {
	if ix, ok := ruleIndexes.Load(rb); ok {
		return ix.(ruleIndex).byID, ix.(ruleIndex).byConcept
	}
	ix := ruleIndex{byID: map[string]*rule.Meta{}, byConcept: map[string]*rule.Meta{}}
	for _, e := range catalog.Walk(rb.Rules) {
		m := e.Rule.Meta()
		ix.byID[m.ID] = m
		concept := m.Concept
		if concept == "" {
			concept = m.ID
		}
		if ix.byConcept[concept] == nil && m.Kind != "condition" {
			ix.byConcept[concept] = m
		}
	}
	ruleIndexes.Store(rb, ix)
	return ix.byID, ix.byConcept
}

// Agreement is the calibration report (zhijian calibrate's) from stored reviews: a
// confirmed finding is a true positive, a rejected one a false positive, a violation a
// reviewer added a miss; the verdicts compared are the reviewed score's and the
// machine's. This is how a QA department sees, rule by rule, how far its reviewers agree
// with the machine.
func Agreement(rb *rulebook.Rulebook, reviewed []store.Reviewed) *calibrate.Result {
	concepts := map[string]string{}
	for _, b := range rb.Books() {
		for id, c := range calibrate.Concepts(b.Rules) {
			concepts[id] = c
		}
	}
	conceptOf := func(ruleID string) string {
		if c, ok := concepts[ruleID]; ok {
			return c
		}
		return ruleID
	}
	res := &calibrate.Result{Calls: len(reviewed), Disagreements: []calibrate.Disagreement{}, Problems: []string{}}
	per := map[string]*calibrate.Figures{}
	fig := func(concept string) *calibrate.Figures {
		if per[concept] == nil {
			per[concept] = &calibrate.Figures{}
		}
		return per[concept]
	}
	for _, rc := range reviewed {
		latest := map[string]store.Review{}
		var missed []store.Review
		for _, r := range rc.Reviews {
			if r.Decision == store.Missed {
				missed = append(missed, r)
			} else {
				latest[r.Finding] = r
			}
		}
		for _, f := range rc.Findings {
			r, ok := latest[f.ID]
			if !ok {
				continue // not reviewed: no evidence either way
			}
			concept := conceptOf(f.Rule)
			if r.Decision == store.Confirm {
				fig(concept).TP++
				continue
			}
			fig(concept).FP++
			res.Disagreements = append(res.Disagreements, calibrate.Disagreement{File: rc.Path, Call: rc.ID, Line: f.Line,
				Type: calibrate.FalsePositive, Concept: concept, Role: f.Role, Text: f.Text, Match: f.Match,
				Missing: f.Match == "", Rule: f.Rule, Message: f.Message, Note: r.Comment, Label: r.Reviewer})
		}
		for _, r := range missed {
			fig(r.Concept).FN++
			d := calibrate.Disagreement{File: rc.Path, Call: rc.ID, Line: r.Line, Type: calibrate.Missed, Concept: r.Concept, Note: r.Comment, Label: r.Reviewer}
			for _, u := range rc.Transcript {
				if u.Line == r.Line {
					d.Role, d.Text = u.Role, u.Text
				}
			}
			res.Disagreements = append(res.Disagreements, d)
		}
		v := Rescore(rb, rc.Call, rc.Reviews)
		row := &res.Verdict.LabelledFail
		if v.Passed {
			row = &res.Verdict.LabelledPass
		}
		if rc.Passed {
			row.ToolPass++
		} else {
			row.ToolFail++
		}
		if v.Passed != rc.Passed {
			labelled, tool := "fail", "fail"
			if v.Passed {
				labelled = "pass"
			}
			if rc.Passed {
				tool = "pass"
			}
			res.Disagreements = append(res.Disagreements, calibrate.Disagreement{File: rc.Path, Call: rc.ID, Type: calibrate.VerdictDiffer,
				Labelled: labelled, Tool: tool, Score: rc.Score})
		}
	}
	if n := len(reviewed); n > 0 {
		res.Verdict.Agreement = float64(res.Verdict.LabelledPass.ToolPass+res.Verdict.LabelledFail.ToolFail) / float64(n)
	}
	names := make([]string, 0, len(per))
	for c := range per {
		names = append(names, c)
	}
	sort.Strings(names)
	for _, c := range names {
		f := per[c]
		f.Score()
		res.Overall.TP += f.TP
		res.Overall.FP += f.FP
		res.Overall.FN += f.FN
		res.PerConcept = append(res.PerConcept, calibrate.ConceptFigures{Concept: c, Figures: *f})
	}
	res.Overall.Score()
	return res
}
