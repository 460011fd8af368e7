package match_test

import (
	"strings"
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/match"
	"github.com/zhijian-qa/zhijian/pkg/segment"
)

// TestOptionalOnlyPatterns: a phrase whose every part may be left out matches the empty
// text at every position, so it is refused (FuzzCompileFindAll found "[0]" matching "1"
// at 0 and 1 alone, and twice at 1 in a set).
func TestOptionalOnlyPatterns(t *testing.T) {
	for _, src := range []string{"[0]", "[您好]", "[请问]{0,3}", "…[您好]", "[您好|你好][，]"} {
		if _, err := match.Compile(src, match.Words); err == nil || !strings.Contains(err.Error(), "empty text") {
			t.Errorf("Compile(%q) = %v, want an error about empty text", src, err)
		}
	}
	for _, src := range []string{"[请问]X先生", "X[先生]", "[请问]{1,2}您", "…您好[吗]"} {
		if _, err := match.Compile(src, match.Words); err != nil {
			t.Errorf("Compile(%q): %v", src, err)
		}
	}
}

// TestEmptyAnchor checks phrases that start with an optional part before a gap or slot
// ("[请问]X先生"): they may start anywhere, which the set's automaton cannot report (it
// reported the empty literal after every byte, inside characters too). Alone and in a
// set they find the same, on character boundaries.
func TestEmptyAnchor(t *testing.T) {
	tests := []struct {
		pattern, text string
		want          []string
	}{
		{"[请问]X先生", "请问王先生，您好", []string{"请问王先生"}},
		{"[请问]X先生", "您好王先生", []string{"您好王先生"}}, // leftmost: the slot takes 1–4 characters
		{"[您好]{0,2}请讲", "您好，李四请讲", []string{"您好，李四请讲"}},
		{"X[先生]", "您好", []string{"您", "好"}},
	}
	for _, tt := range tests {
		for _, mode := range []match.Mode{match.Words, match.Chars} {
			sg := segment.New()
			set := match.NewSet(sg)
			p, err := match.Compile(tt.pattern, mode)
			if err != nil {
				t.Fatal(err)
			}
			alone, err := match.Compile(tt.pattern, mode)
			if err != nil {
				t.Fatal(err)
			}
			set.Add(p)
			set.Build()
			quote := func(txt *match.Text, spans []match.Span) []string {
				var out []string
				for _, sp := range spans {
					out = append(out, txt.Source(sp.Start, sp.End))
				}
				return out
			}
			st := set.NewText(tt.text)
			inSet := quote(st, p.FindAll(st))
			at := match.NewText(tt.text, sg)
			byItself := quote(at, alone.FindAll(at))
			if strings.Join(inSet, "|") != strings.Join(byItself, "|") {
				t.Errorf("%q %s in %q: %q in a set, %q alone", tt.pattern, mode, tt.text, inSet, byItself)
			}
			if mode == match.Chars && strings.Join(inSet, "|") != strings.Join(tt.want, "|") {
				t.Errorf("%q in %q: %q, want %q", tt.pattern, tt.text, inSet, tt.want)
			}
		}
	}
}
