package rulebook_test

import (
	"strings"
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/rule"
	"github.com/zhijian-qa/zhijian/pkg/rulebook"
	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

// TestUnlessAnswering: a phrase with unless_answering does not count in an utterance that
// answers one of the other side matching an item (words as written, or a meaning model),
// and counts everywhere else: before it, after its speaker has spoken again, or when the
// other side said something else.
func TestUnlessAnswering(t *testing.T) {
	const src = `name: t
rules:
  - id: grumble
    kind: forbidden
    role: customer
    phrases: [{pattern: 不跟你说了, unless_answering: [您自己的问题, {meaning: rude-attitude}]}]
    message: m
`
	rb, err := rulebook.Parse("t.yaml", []byte(src), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name, call string
		fires      int
	}{
		{"answers the listed words", "坐席：那是您自己的问题。\n客户：行了，不跟你说了。", 0},
		{"answers what the model calls rude", "坐席：现在查话费哪还用打电话，您也得学着用用，不能啥事都等着打客服电话问，我们这边线路也挺忙的。\n客户：行了，不跟你说了。", 0},
		{"answers a polite line", "坐席：请问还有什么可以帮您？\n客户：行了，不跟你说了。", 1},
		{"its speaker spoke between", "坐席：那是您自己的问题。\n客户：嗯。\n客户：行了，不跟你说了。", 1},
		{"answers nothing", "客户：行了，不跟你说了。", 1},
	} {
		call, err := transcript.ParsePlain("c.txt", tt.call, rb.Roles)
		if err != nil {
			t.Fatal(err)
		}
		if fs := rb.Rules[0].Check(rule.PrepareFor(call, rb.Matcher)); len(fs) != tt.fires {
			t.Errorf("%s: %d findings, want %d", tt.name, len(fs), tt.fires)
		}
	}

	for _, bad := range []struct{ yaml, want string }{
		{"name: t\nrules:\n  - {id: a, kind: forbidden, phrases: [{pattern: 投诉, unless_answering: []}], message: m}\n", "t.yaml:3:"},
		{"name: t\nrules:\n  - {id: a, kind: forbidden, phrases: [{pattern: 投诉, unless_answering: [{meaning: no-such-model}]}], message: m}\n", "no-such-model"},
		{"name: t\nrules:\n  - {id: a, kind: forbidden, phrases: [{pattern: 投诉, unless_answering: [{model: rude-attitude}]}], message: m}\n", "model"},
	} {
		if _, err := rulebook.Parse("t.yaml", []byte(bad.yaml), nil); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("%s: error %v, want one naming %s", bad.yaml, err, bad.want)
		}
	}
}
