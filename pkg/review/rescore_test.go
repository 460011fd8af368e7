package review_test

import (
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/report"
	"github.com/zhijian-qa/zhijian/pkg/review"
	"github.com/zhijian-qa/zhijian/pkg/rulebook"
	"github.com/zhijian-qa/zhijian/pkg/store"
)

// TestRescore: after review a call keeps the findings nobody rejected, gains the
// violations reviewers added and keeps the bonus items it earned; a chat is rescored by
// the rulebook the default routes it to.
func TestRescore(t *testing.T) {
	rb, err := rulebook.Parse("qa.yaml", []byte(`name: qa
pass_score: 80
rules:
  - {id: rude, kind: forbidden, role: agent, phrases: [你烦不烦], deduct: 15, message: 禁语}
  - {id: late, kind: required, role: agent, phrases: [您好], deduct: 10, message: 未问候}
  - {id: praise, kind: forbidden, role: agent, phrases: [感谢您的耐心], bonus: 5, message: 加分}
`), nil)
	if err != nil {
		t.Fatal(err)
	}
	finding := func(id, rule string, deduct float64) store.Finding {
		return store.Finding{ID: id, Finding: report.Finding{Rule: rule, Deduct: deduct}}
	}
	call := store.Call{Call: report.Call{Bonuses: []report.Bonus{{Rule: "praise", Points: 5}}},
		Findings: []store.Finding{finding("f1", "rude", 15), finding("f2", "late", 10)}}
	for _, tc := range []struct {
		name    string
		reviews []store.Review
		want    float64
		passed  bool
	}{
		{"as checked", nil, 80, true},
		{"a finding rejected", []store.Review{{Finding: "f1", Decision: store.Reject}}, 95, true},
		{"rejected, then confirmed", []store.Review{{Finding: "f1", Decision: store.Reject}, {Finding: "f1", Decision: store.Confirm}}, 80, true},
		{"a violation added", []store.Review{{Decision: store.Missed, Concept: "late", Line: 4}}, 70, false},
	} {
		v := review.Rescore(rb, call, tc.reviews)
		if v.Score != tc.want || v.Passed != tc.passed {
			t.Errorf("%s: score %v passed %v, want %v %v", tc.name, v.Score, v.Passed, tc.want, tc.passed)
		}
	}

	def, err := rulebook.Load(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	chat := store.Call{Call: report.Call{Metadata: map[string]string{"channel": "chat"}},
		Findings: []store.Finding{finding("f1", "chat-response-time", 3)}}
	if v := review.Rescore(def, chat, nil); v.Score != 97 {
		t.Errorf("a chat rescored: %v, want 97 (chat-response-time costs 3)", v.Score)
	}
}
