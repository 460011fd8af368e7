// Package score turns a call's findings into its score and verdict.
package score

import "github.com/zhijian-qa/zhijian/pkg/rule"

// Max is the score of a call with no finding.
const Max = 100

// Result is the verdict on one call.
type Result struct {
	Score  float64
	Passed bool
	// Fatal is true when a fatal (红线) rule fired.
	Fatal bool
	// Deducts[i] is the points findings[i] actually cost, after its rule's cap.
	Deducts []float64
}

// Score computes the score: Max minus the deductions, each rule's total capped at its
// MaxDeduct, floored at zero. The call passes when the score reaches passScore and no
// fatal rule fired.
func Score(findings []rule.Finding, passScore float64) Result {
	res := Result{Score: Max, Deducts: make([]float64, len(findings))}
	lost := map[*rule.Meta]float64{}
	for i, f := range findings {
		m := f.Rule
		d := m.Deduct
		if m.MaxDeduct > 0 && lost[m]+d > m.MaxDeduct {
			d = max(m.MaxDeduct-lost[m], 0)
		}
		lost[m] += d
		res.Deducts[i] = d
		res.Score -= d
		if m.Fatal {
			res.Fatal = true
		}
	}
	res.Score = max(res.Score, 0)
	res.Passed = res.Score >= passScore && !res.Fatal
	return res
}
