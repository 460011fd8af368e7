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
	// Deducts[i] is the points findings[i] actually cost, after its rule's cap and its
	// section's.
	Deducts []float64
	// Sections are what the call kept of each scorecard section; Grade its band.
	Sections []SectionScore
	Grade    string
}

// Score computes the score: Max minus the deductions, each rule's total capped at its
// MaxDeduct and, with a scorecard, each section's at its points, floored at zero. The call
// passes when the score reaches passScore and no fatal rule fired. card may be nil.
func Score(findings []rule.Finding, passScore float64, card *Card) Result {
	res := Result{Score: Max, Deducts: make([]float64, len(findings))}
	lost := map[*rule.Meta]float64{}
	sectionLost := map[string]float64{}
	for i, f := range findings {
		m := f.Rule
		d := m.Deduct
		if m.MaxDeduct > 0 && lost[m]+d > m.MaxDeduct {
			d = max(m.MaxDeduct-lost[m], 0)
		}
		if pts := card.points(m.Section); pts > 0 && sectionLost[m.Section]+d > pts {
			d = max(pts-sectionLost[m.Section], 0)
		}
		lost[m] += d
		sectionLost[m.Section] += d
		res.Deducts[i] = d
		res.Score -= d
		if m.Fatal {
			res.Fatal = true
		}
	}
	res.Score = max(res.Score, 0)
	res.Passed = res.Score >= passScore && !res.Fatal
	if card != nil {
		for _, s := range card.Sections {
			res.Sections = append(res.Sections, SectionScore{Name: s.Name, Points: s.Points, Lost: sectionLost[s.Name], Score: s.Points - sectionLost[s.Name]})
		}
		res.Grade = card.Grade(res.Score)
	}
	return res
}
