package rulebook_test

import (
	"strings"
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/match"
	"github.com/zhijian-qa/zhijian/pkg/rule"
	"github.com/zhijian-qa/zhijian/pkg/rulebook"
	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

const tolerant = `name: tolerant
fillers: [嗯, 这个]
rules:
  - id: greeting
    kind: required
    role: agent
    phrases: [您好请讲]
    message: m
  - id: rude
    kind: forbidden
    role: agent
    fuzzy: pinyin
    phrases: [你有完没完, {pattern: 我也没办法, fuzzy: none}]
    message: m
  - id: plain
    kind: forbidden
    guard: false
    split: false
    phrases: [不能办就是不能办]
    message: m
  - id: exact-required
    kind: required
    fuzzy: none
    split: false
    phrases: [谢谢再见]
    message: m
  - id: words
    kind: count
    phrases: [那个]
    max: 3
    message: m
`

func TestFuzzySettings(t *testing.T) {
	rb, err := rulebook.Parse("t.yaml", []byte(tolerant), nil)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]rule.Rule{}
	for _, r := range rb.Rules {
		byID[r.Meta().ID] = r
	}
	req := byID["greeting"].(*rule.Required)
	if req.Phrases[0].Fuzzy != match.Pinyin || !req.Split {
		t.Errorf("required defaults: fuzzy %q, split %v; want pinyin, true", req.Phrases[0].Fuzzy, req.Split)
	}
	rude := byID["rude"].(*rule.Forbidden)
	if rude.Phrases[0].Fuzzy != match.Pinyin || rude.Phrases[1].Fuzzy != match.Exact || !rude.Guard || !rude.Split {
		t.Errorf("rude: fuzzy %q %q, guard %v, split %v", rude.Phrases[0].Fuzzy, rude.Phrases[1].Fuzzy, rude.Guard, rude.Split)
	}
	plain := byID["plain"].(*rule.Forbidden)
	if plain.Phrases[0].Fuzzy != match.Fillers || plain.Guard || plain.Split {
		t.Errorf("plain: fuzzy %q, guard %v, split %v; want fillers, false, false", plain.Phrases[0].Fuzzy, plain.Guard, plain.Split)
	}
	ex := byID["exact-required"].(*rule.Required)
	if ex.Phrases[0].Fuzzy != match.Exact || ex.Split {
		t.Errorf("exact-required: fuzzy %q, split %v", ex.Phrases[0].Fuzzy, ex.Split)
	}
	if f := byID["words"].(*rule.Count).Phrases[0].Fuzzy; f != match.Exact {
		t.Errorf("count default fuzzy %q, want none", f)
	}
	if got := strings.Join(rb.Matcher.Fillers(), ","); got != "嗯,这个" {
		t.Errorf("fillers %q", got)
	}
	// The rulebook's own filler is skipped.
	call, err := transcript.ParsePlain("c.txt", "坐席：不能办，这个，就是不能办", rb.Roles)
	if err != nil {
		t.Fatal(err)
	}
	if fs := plain.Check(rule.PrepareFor(call, rb.Matcher)); len(fs) != 1 || fs[0].Fuzzy != "fillers" {
		t.Errorf("findings %+v, want one found with the filler skipped", fs)
	}
}

func TestFuzzyRulebookDefault(t *testing.T) {
	rb, err := rulebook.Parse("t.yaml", []byte("name: x\nfuzzy: none\nrules:\n  - {id: a, kind: required, phrases: [您好], message: m}\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if f := rb.Rules[0].(*rule.Required).Phrases[0].Fuzzy; f != match.Exact {
		t.Errorf("rulebook fuzzy none: required phrase fuzzy %q", f)
	}
}

func TestFuzzyErrors(t *testing.T) {
	for _, tt := range []struct{ yaml, want string }{
		{"name: x\nrules:\n  - {id: a, kind: forbidden, fuzzy: sound, phrases: [你], message: m}\n", "unknown fuzzy"},
		{"name: x\nfuzzy: [pinyin]\nrules:\n  - {id: a, kind: forbidden, phrases: [你], message: m}\n", "fuzzy"},
		{"name: x\nfillers: 嗯\nrules:\n  - {id: a, kind: forbidden, phrases: [你], message: m}\n", "fillers must be a list"},
		{"name: x\nrules:\n  - {id: a, kind: count, split: true, phrases: [你], max: 1, message: m}\n", "take no split"},
		{"name: x\nrules:\n  - {id: a, kind: required, guard: true, phrases: [你], message: m}\n", "take no guard"},
		{"name: x\nrules:\n  - {id: a, kind: rate, fuzzy: pinyin, max: 100, message: m}\n", "take no fuzzy"},
	} {
		_, err := rulebook.Parse("t.yaml", []byte(tt.yaml), nil)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: error %v, want %q", tt.yaml, err, tt.want)
		}
	}
}

// A logic rule's negated conditions are what it requires said: matched like a required
// rule's phrases (homophones count); the others like triggers (as written).
func TestLogicConditionsFuzzy(t *testing.T) {
	const src = `name: x
rules:
  - id: confirm
    kind: logic
    conditions:
      asked:     {role: customer, phrases: [为什么]}
      confirmed: {role: agent, phrases: [解释清楚了]}
    expr: asked && !confirmed
    message: m
`
	rb, err := rulebook.Parse("t.yaml", []byte(src), nil)
	if err != nil {
		t.Fatal(err)
	}
	l := rb.Rules[0].(*rule.Logic)
	if f := l.Conditions["confirmed"].Phrases[0].Fuzzy; f != match.Pinyin {
		t.Errorf("negated condition fuzzy %q, want pinyin", f)
	}
	if f := l.Conditions["asked"].Phrases[0].Fuzzy; f != match.Exact {
		t.Errorf("positive condition fuzzy %q, want none (a trigger)", f)
	}
	for _, tt := range []struct {
		call  string
		fires bool
	}{
		{"客户：为什么扣了我三十块？\n坐席：是流量包。不知道我解释青楚了吗？", false}, // 清 heard as 青
		{"客户：为什么扣了我三十块？\n坐席：是流量包。", true},
		{"客户：喂什么扣了我三十块？\n坐席：是流量包。", false}, // a trigger is not matched by sound
	} {
		call, err := transcript.ParsePlain("c.txt", tt.call, rb.Roles)
		if err != nil {
			t.Fatal(err)
		}
		fs := l.Check(rule.PrepareFor(call, rb.Matcher))
		if got := len(fs) > 0; got != tt.fires {
			t.Errorf("%q: fired %v, want %v", tt.call, got, tt.fires)
		}
		// Fired by what was not said: at the question, quoting nothing.
		if len(fs) > 0 && (fs[0].Match != "" || fs[0].Utterance == nil || fs[0].Utterance.Role != transcript.Customer) {
			t.Errorf("%q: finding %+v, want one at the question with no match", tt.call, fs[0])
		}
	}
}
