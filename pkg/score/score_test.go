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
		{"floored at zero", []*rule.Meta{huge, huge}, 0, []float64{70, 70}, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var fs []rule.Finding
			for _, m := range tt.rules {
				fs = append(fs, rule.Finding{Rule: m})
			}
			got := score.Score(fs, 80)
			if got.Score != tt.want || got.Passed != tt.passed || got.Fatal != tt.fatal || !slices.Equal(got.Deducts, tt.wantDeducts) {
				t.Errorf("Score = %+v, want score %v passed %v fatal %v deducts %v", got, tt.want, tt.passed, tt.fatal, tt.wantDeducts)
			}
		})
	}
}
