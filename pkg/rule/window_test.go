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

// Anchored windows: the role's a-th to b-th utterances (negative from the end), and the
// first or last percent of them.
func TestAnchoredWindows(t *testing.T) {
	t.Parallel()
	apology := mustPhrases(t, "抱歉")
	call := []string{"坐席：您好", "客户：话费不对", "坐席：我查一下", "坐席：抱歉", "客户：好", "坐席：还有别的吗", "坐席：再见"}
	tests := []struct {
		name   string
		window rule.Window
		fires  bool // a forbidden 抱歉 in the window
	}{
		{"from 2 to 3", rule.Window{From: 2, To: 3}, true},
		{"from 1 to 2", rule.Window{From: 1, To: 2}, false},
		{"the last three", rule.Window{From: -3, To: -1}, true},
		{"the last two", rule.Window{From: -2}, false},
		{"up to the second last", rule.Window{To: -2}, true},
		{"the first 40 percent", rule.Window{FirstPercent: 40}, false},
		{"the first 60 percent", rule.Window{FirstPercent: 60}, true},
		{"the last 50 percent", rule.Window{LastPercent: 50}, true},
		{"past the end", rule.Window{From: 9}, false},
	}
	for _, tt := range tests {
		r := &rule.Forbidden{M: rule.Meta{ID: "no-sorry", Kind: "forbidden"},
			Scope: rule.Scope{Role: transcript.Agent, Window: tt.window}, Phrases: apology}
		if got := len(r.Check(mustCall(t, call...))) > 0; got != tt.fires {
			t.Errorf("%s: fires %v, want %v", tt.name, got, tt.fires)
		}
	}
}

// A context window: the utterances around the Nth time another condition was said.
func TestAroundWindow(t *testing.T) {
	t.Parallel()
	sorry := mustPhrases(t, "(抱歉|对不起)")
	complaint := mustPhrases(t, "投诉")
	call := []string{"坐席：您好", "客户：我要投诉", "坐席：我查一下", "坐席：抱歉给您添麻烦了", "客户：还有一件事要投诉", "坐席：好的", "坐席：再见"}
	tests := []struct {
		name   string
		around rule.Around
		fires  bool // a required apology is missing from the window
	}{
		{"apology within 2 after the first complaint", rule.Around{Role: transcript.Customer, Phrases: complaint, Nth: 1, After: 2}, false},
		{"apology within 1 after the first complaint", rule.Around{Role: transcript.Customer, Phrases: complaint, Nth: 1, After: 1}, true},
		{"after the last complaint", rule.Around{Role: transcript.Customer, Phrases: complaint, Nth: -1, After: 2}, true},
		{"before the last complaint", rule.Around{Role: transcript.Customer, Phrases: complaint, Nth: -1, Before: 1}, false},
		{"no third complaint: nothing to judge", rule.Around{Role: transcript.Customer, Phrases: complaint, Nth: 3, After: 3}, false},
	}
	for _, tt := range tests {
		a := tt.around
		r := &rule.Required{M: rule.Meta{ID: "apologise", Kind: "required"},
			Scope: rule.Scope{Role: transcript.Agent, Window: rule.Window{Around: &a}}, Phrases: sorry}
		if got := len(r.Check(mustCall(t, call...))) > 0; got != tt.fires {
			t.Errorf("%s: fires %v, want %v", tt.name, got, tt.fires)
		}
	}
}
