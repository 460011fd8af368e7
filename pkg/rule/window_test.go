package rule_test

import (
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/rule"
	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

// A window in seconds needs timestamps: without them the rule does not apply rather than
// report something missing.
func TestSecondsWindow(t *testing.T) {
	t.Parallel()
	greeting := mustPhrases(t, "您好")
	tests := []struct {
		name  string
		call  []string
		count int
	}{
		{"said in time", []string{"[00:00:03] 坐席：您好", "[00:00:12] 客户：喂"}, 0},
		{"said too late", []string{"[00:00:02] 坐席：喂？", "[00:00:12] 坐席：您好"}, 1},
		{"no timestamps", []string{"坐席：喂？", "坐席：您好"}, 0},
	}
	for _, tt := range tests {
		r := &rule.Required{
			M:       rule.Meta{ID: "greet-in-10s", Kind: "required", Role: transcript.Agent},
			Scope:   rule.Scope{Role: transcript.Agent, Window: rule.Window{FirstSeconds: 10}},
			Phrases: greeting,
		}
		if got := len(r.Check(mustCall(t, tt.call...))); got != tt.count {
			t.Errorf("%s: %d findings, want %d", tt.name, got, tt.count)
		}
	}
}
