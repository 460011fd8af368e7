package rule_test

import (
	"strings"
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/match"
	"github.com/zhijian-qa/zhijian/pkg/rule"
	"github.com/zhijian-qa/zhijian/pkg/segment"
	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

// One segmenter for the package: loading the dictionary takes a second or two.
var seg = segment.New()

// Phrase sets shared by the tests, written as a QA lead would write them.
var (
	greeting = []string{"您好[，]请问有什么可以帮[到]您", "您好请讲"}
	closing  = []string{"谢谢您的电话[，]再见", "谢谢[，]再见"}
)

// mustCall parses a plain-text transcript given one line per argument (so line numbers
// are easy to count: the first argument is line 1) and prepares it for matching.
func mustCall(t *testing.T, lines ...string) *rule.Call {
	t.Helper()
	c, err := transcript.ParsePlain("test.txt", strings.Join(lines, "\n"), nil)
	if err != nil {
		t.Fatalf("ParsePlain: %v", err)
	}
	return rule.Prepare(c, seg)
}

// mustPhrases compiles phrases in the default (words) mode.
func mustPhrases(t *testing.T, srcs ...string) rule.Phrases {
	t.Helper()
	return mustPhrasesMode(t, match.Words, srcs...)
}

// mustPhrasesMode compiles phrases in the given match mode.
func mustPhrasesMode(t *testing.T, mode match.Mode, srcs ...string) rule.Phrases {
	t.Helper()
	ps := make(rule.Phrases, 0, len(srcs))
	for _, s := range srcs {
		p, err := match.Compile(s, mode)
		if err != nil {
			t.Fatalf("Compile(%q): %v", s, err)
		}
		ps = append(ps, p)
	}
	return ps
}

// want is an expected finding. turn and line are 0 when the finding must not point at an
// utterance.
type want struct {
	turn, line int
	match      string
}

// check runs r over c and compares its findings with ws, in order.
func check(t *testing.T, r rule.Rule, c *rule.Call, ws ...want) {
	t.Helper()
	got := r.Check(c)
	if len(got) != len(ws) {
		t.Fatalf("%s: got %d findings, want %d:\n%s", r.Meta().ID, len(got), len(ws), describe(got))
	}
	for i, f := range got {
		w := ws[i]
		if f.Rule != r.Meta() {
			t.Errorf("finding %d: Rule = %p, want the rule's own Meta %p", i, f.Rule, r.Meta())
		}
		if f.Rule != nil && f.Rule.ID != r.Meta().ID {
			t.Errorf("finding %d: rule id = %q, want %q", i, f.Rule.ID, r.Meta().ID)
		}
		switch {
		case w.turn == 0 && f.Utterance != nil:
			t.Errorf("finding %d: Utterance = turn %d line %d, want nil", i, f.Utterance.Turn, f.Utterance.Line)
		case w.turn != 0 && f.Utterance == nil:
			t.Errorf("finding %d: Utterance = nil, want turn %d line %d", i, w.turn, w.line)
		case w.turn != 0 && (f.Utterance.Turn != w.turn || f.Utterance.Line != w.line):
			t.Errorf("finding %d: Utterance = turn %d line %d (%q), want turn %d line %d",
				i, f.Utterance.Turn, f.Utterance.Line, f.Utterance.Text, w.turn, w.line)
		}
		if f.Match != w.match {
			t.Errorf("finding %d: Match = %q, want %q", i, f.Match, w.match)
		}
	}
}

func describe(fs []rule.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString("  ")
		if f.Utterance != nil {
			b.WriteString(f.Utterance.Label + "：" + f.Utterance.Text)
		} else {
			b.WriteString("<no utterance>")
		}
		b.WriteString(" → " + `"` + f.Match + `"` + "\n")
	}
	return b.String()
}

func TestPrepare(t *testing.T) {
	c := mustCall(t,
		"# call_id: 20240501-0001",
		"坐席：您好，请问有什么可以帮到您？",
		"客户：我想查一下话费",
		"  上个月的。",
	)
	if len(c.Texts) != len(c.Utterances) || len(c.Texts) != 2 {
		t.Fatalf("Prepare: %d texts for %d utterances, want 2 and 2", len(c.Texts), len(c.Utterances))
	}
	for i, want := range []string{"您好请问有什么可以帮到您", "我想查一下话费上个月的"} {
		if got := c.Texts[i].Norm; got != want {
			t.Errorf("Texts[%d].Norm = %q, want %q", i, got, want)
		}
	}
	if c.Metadata["call_id"] != "20240501-0001" {
		t.Errorf("Prepare lost the call's metadata: %v", c.Metadata)
	}
}

// Every rule kind satisfies Rule and reports its own Meta.
func TestMeta(t *testing.T) {
	rules := []rule.Rule{
		&rule.Required{M: rule.Meta{ID: "r", Kind: "required"}},
		&rule.Forbidden{M: rule.Meta{ID: "f", Kind: "forbidden"}},
		&rule.Sequence{M: rule.Meta{ID: "s", Kind: "sequence"}},
	}
	for _, r := range rules {
		m := r.Meta()
		if m == nil || m.ID == "" || m != r.Meta() {
			t.Errorf("%T.Meta() = %v, want a stable pointer to the rule's Meta", r, m)
		}
	}
}
