package score_test

import (
	"slices"
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/rule"
	"github.com/zhijian-qa/zhijian/pkg/score"
)

func TestScore(t *testing.T) {
	forbidden := &rule.Meta{ID: "forbidden", Deduct: 10}
	capped := &rule.Meta{ID: "capped", Deduct: 4, MaxDeduct: 10}
	fatal := &rule.Meta{ID: "fatal", Deduct: 1, Fatal: true}
	huge := &rule.Meta{ID: "huge", Deduct: 70}
	// A condition group capped at 18: its steps together never fail a call alone.
	group := &rule.Meta{ID: "complaint", Kind: "condition", MaxDeduct: 18}
	apology := &rule.Meta{ID: "apology", Deduct: 10, MaxDeduct: 20, Group: group}
	step := &rule.Meta{ID: "step", Deduct: 3, Group: group}
	// A group of one (a rule with when:) inside the capped group.
	inner := &rule.Meta{ID: "inner", Kind: "required", Deduct: 5, Group: group}
	nested := &rule.Meta{ID: "nested", Deduct: 5, Group: inner}
	tests := []struct {
		name        string
		rules       []*rule.Meta
		want        float64
		wantDeducts []float64
		passed      bool
		fatal       bool
	}{
		{"no findings", nil, 100, []float64{}, true, false},
		{"one deduction", []*rule.Meta{forbidden}, 90, []float64{10}, true, false},
		{"below pass score", []*rule.Meta{forbidden, forbidden, forbidden}, 70, []float64{10, 10, 10}, false, false},
		{"exactly the pass score passes", []*rule.Meta{forbidden, forbidden}, 80, []float64{10, 10}, true, false},
		{"cap", []*rule.Meta{capped, capped, capped, capped}, 90, []float64{4, 4, 2, 0}, true, false},
		{"fatal fails a high score", []*rule.Meta{fatal}, 99, []float64{1}, false, true},
		{"group cap", []*rule.Meta{apology, apology, step}, 82, []float64{10, 8, 0}, true, false},
		{"group cap beside other rules", []*rule.Meta{step, apology, forbidden, apology}, 72, []float64{3, 10, 10, 5}, false, false},
		{"group cap reaches nested groups", []*rule.Meta{apology, nested, nested}, 82, []float64{10, 5, 3}, true, false},
		{"floored at zero", []*rule.Meta{huge, huge}, 0, []float64{70, 70}, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var fs []rule.Finding
			for _, m := range tt.rules {
				fs = append(fs, rule.Finding{Rule: m})
			}
			got := score.Score(fs, 80, nil)
			if got.Score != tt.want || got.Passed != tt.passed || got.Fatal != tt.fatal || !slices.Equal(got.Deducts, tt.wantDeducts) {
				t.Errorf("Score = %+v, want score %v passed %v fatal %v deducts %v", got, tt.want, tt.passed, tt.fatal, tt.wantDeducts)
			}
		})
	}
}

// With a scorecard a section loses at most its points, and the score gets its grade.
func TestScorecard(t *testing.T) {
	card := &score.Card{
		Sections: []score.Section{{Name: "合规", Points: 60}, {Name: "服务", Points: 40}},
		Grades:   []score.Grade{{Name: "优", Min: 90}, {Name: "良", Min: 80}, {Name: "合格", Min: 60}, {Name: "不合格", Min: 0}},
	}
	promise := &rule.Meta{ID: "promise", Deduct: 40, Section: "合规"}
	card16 := &rule.Meta{ID: "card", Deduct: 30, Section: "合规"}
	greet := &rule.Meta{ID: "greet", Deduct: 5, Section: "服务"}
	loose := &rule.Meta{ID: "loose", Deduct: 5}
	tests := []struct {
		name     string
		rules    []*rule.Meta
		want     float64
		grade    string
		sections [2]float64 // kept of 合规, 服务
	}{
		{"none", nil, 100, "优", [2]float64{60, 40}},
		{"one in each", []*rule.Meta{promise, greet}, 55, "不合格", [2]float64{20, 35}},
		{"a section loses at most its points", []*rule.Meta{promise, card16}, 40, "不合格", [2]float64{0, 40}},
		{"a rule outside the sections", []*rule.Meta{greet, loose}, 90, "优", [2]float64{60, 35}},
		{"good", []*rule.Meta{greet, greet, greet}, 85, "良", [2]float64{60, 25}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var fs []rule.Finding
			for _, m := range tt.rules {
				fs = append(fs, rule.Finding{Rule: m})
			}
			got := score.Score(fs, 80, card)
			if got.Score != tt.want || got.Grade != tt.grade || len(got.Sections) != 2 ||
				got.Sections[0].Score != tt.sections[0] || got.Sections[1].Score != tt.sections[1] {
				t.Errorf("score %v grade %q sections %+v, want %v %q %v", got.Score, got.Grade, got.Sections, tt.want, tt.grade, tt.sections)
			}
		})
	}
	if g := score.Score([]rule.Finding{{Rule: &rule.Meta{ID: "red", Deduct: 1, Fatal: true}}}, 80, card); g.Grade != "不合格" {
		t.Errorf("a fatal call at %v graded %q, want the lowest grade", g.Score, g.Grade)
	}
	if g := score.Score(nil, 80, nil); g.Grade != "" || g.Sections != nil {
		t.Errorf("no card: %+v", g)
	}
}

// A bonus item gains its points once per call, making up for points lost, never past
// full marks, and is never fatal.
func TestBonus(t *testing.T) {
	offer := &rule.Meta{ID: "offer", Bonus: 5, Fatal: true}
	slip := &rule.Meta{ID: "slip", Deduct: 10}
	tests := []struct {
		name  string
		rules []*rule.Meta
		want  float64
		earn  int
	}{
		{"bonus alone: full marks at most", []*rule.Meta{offer}, 100, 1},
		{"makes up for a slip", []*rule.Meta{slip, offer}, 95, 1},
		{"once per call", []*rule.Meta{slip, offer, offer}, 95, 1},
		{"no bonus", []*rule.Meta{slip}, 90, 0},
	}
	for _, tt := range tests {
		var fs []rule.Finding
		for _, m := range tt.rules {
			fs = append(fs, rule.Finding{Rule: m})
		}
		got := score.Score(fs, 80, nil)
		if got.Score != tt.want || len(got.Bonus) != tt.earn || got.Fatal {
			t.Errorf("%s: score %v, bonuses %v, fatal %v; want %v, %d", tt.name, got.Score, got.Bonus, got.Fatal, tt.want, tt.earn)
		}
	}
}
