package rulebook_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/meaning"
	"github.com/zhijian-qa/zhijian/pkg/normalize"
	"github.com/zhijian-qa/zhijian/pkg/rule"
	"github.com/zhijian-qa/zhijian/pkg/rulebook"
	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

// TestMeaningTwice: a meaning item with twice matches an utterance below its threshold
// only when another utterance of the same speaker also reaches twice; the item's
// exceptions cancel the second utterance too.
func TestMeaningTwice(t *testing.T) {
	m, err := meaning.Shipped("complaint")
	if err != nil {
		t.Fatal(err)
	}
	score := func(s string) float64 { return m.Score(normalize.String(s)) }
	// Two grumbles, each short of the model's threshold; a calm question far below both.
	a, b, calm := "这都三天了还没到。", "你们这效率也太低了吧。", "我就想问问我的快递到哪了。"
	twice := min(score(a), score(b)) - 0.01
	if max(score(a), score(b)) >= m.Threshold || score(calm) >= twice || twice <= 0 {
		t.Skipf("the retrained model scores the examples %.4f %.4f %.4f (threshold %.4f): pick others",
			score(a), score(b), score(calm), m.Threshold)
	}
	src := fmt.Sprintf(`name: t
rules:
  - id: grumble
    kind: forbidden
    role: customer
    phrases: [{meaning: complaint, twice: %.4f, unless: [哈哈]}]
    message: m
`, twice)
	rb, err := rulebook.Parse("t.yaml", []byte(src), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		call  string
		fires int
	}{
		{"客户：" + a + "\n坐席：我帮您查。\n客户：" + b, 2},
		{"客户：" + a + "\n坐席：我帮您查。\n客户：" + calm, 0},
		{"客户：" + a, 0},
		{"客户：" + a + "\n坐席：" + b, 0}, // the second is the agent's
		{"客户：" + a + "\n客户：" + strings.TrimSuffix(b, "。") + "，哈哈", 0}, // cancelled by its exception
	} {
		call, err := transcript.ParsePlain("c.txt", tt.call, rb.Roles)
		if err != nil {
			t.Fatal(err)
		}
		if fs := rb.Rules[0].Check(rule.PrepareFor(call, rb.Matcher)); len(fs) != tt.fires {
			t.Errorf("%q: %d findings, want %d", tt.call, len(fs), tt.fires)
		}
	}

	for _, bad := range []struct{ yaml, want string }{
		{"name: t\nrules:\n  - {id: a, kind: forbidden, phrases: [{pattern: 投诉, twice: 0.5}], message: m}\n", "twice"},
		{"name: t\nrules:\n  - {id: a, kind: forbidden, phrases: [{meaning: complaint, threshold: 0.9, twice: 0.95}], message: m}\n", "0.95"},
	} {
		if _, err := rulebook.Parse("t.yaml", []byte(bad.yaml), nil); err == nil || !strings.Contains(err.Error(), bad.want) || !strings.Contains(err.Error(), "t.yaml:3:") {
			t.Errorf("%s: error %v, want one at t.yaml:3 naming %s", bad.yaml, err, bad.want)
		}
	}
}
