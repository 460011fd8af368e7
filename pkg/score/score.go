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
	// Bonus lists the findings of bonus items that earned their points, one per rule.
	Bonus []int
}

// Score computes the score: Max minus the deductions, each rule's total capped at its
// MaxDeduct, each condition group's (the rules in it together) at the group's, and, with
// a scorecard, each section's at its points, floored at zero. The call
// passes when the score reaches passScore and no fatal rule fired. card may be nil.
func Score(findings []rule.Finding, passScore float64, card *Card) Result {
	res := Result{Score: Max, Deducts: make([]float64, len(findings))}
	lost := map[*rule.Meta]float64{}
	sectionLost := map[string]float64{}
	bonus := 0.0
	for i, f := range findings {
		m := f.Rule
		if m.Bonus > 0 { // a bonus item: once per call, nothing lost, never fatal
			if _, seen := lost[m]; !seen {
				lost[m] = 0
				bonus += m.Bonus
				res.Bonus = append(res.Bonus, i)
			}
			continue
		}
		d := m.Deduct
		if m.MaxDeduct > 0 && lost[m]+d > m.MaxDeduct {
			d = max(m.MaxDeduct-lost[m], 0)
		}
		for g := m.Group; g != nil; g = g.Group {
			if g.MaxDeduct > 0 && lost[g]+d > g.MaxDeduct {
				d = max(g.MaxDeduct-lost[g], 0)
			}
		}
		if pts := card.points(m.Section); pts > 0 && sectionLost[m.Section]+d > pts {
			d = max(pts-sectionLost[m.Section], 0)
		}
		lost[m] += d
		for g := m.Group; g != nil; g = g.Group {
			lost[g] += d
		}
		sectionLost[m.Section] += d
		res.Deducts[i] = d
		res.Score -= d
		if m.Fatal {
			res.Fatal = true
		}
	}
	// Bonus points make up for points lost, never past full marks (加分项可抵扣扣分).
	res.Score = min(max(res.Score+bonus, 0), Max)
	res.Passed = res.Score >= passScore && !res.Fatal
	if card != nil {
		for _, s := range card.Sections {
			res.Sections = append(res.Sections, SectionScore{Name: s.Name, Points: s.Points, Lost: sectionLost[s.Name], Score: s.Points - sectionLost[s.Name]})
		}
		res.Grade = card.Grade(res.Score)
		if res.Fatal && len(card.Grades) > 0 { // 红线 is 一票否决: the lowest grade
			res.Grade = card.Grades[len(card.Grades)-1].Name
		}
	}
	return res
}
