package lint

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/segment"
)

var seg = segment.New()

func TestSmells(t *testing.T) {
	l := &Linter{Seg: seg}
	ps := l.File("testdata/smells.yaml")
	got := map[string]Problem{}
	for _, p := range ps {
		if p.Level != Warning {
			t.Errorf("unexpected error: %s", p.Long())
		}
		got[p.Code+" "+p.Rule] = p
	}
	want := map[string]int{ // code and rule → line
		SameAfterNorm + " greeting":        9,
		RequiredInForbid + " greeting":     9,
		SamePhrases + " rude-again":        20,
		ForbidInRequired + " no-brush-off": 38,
		NeverMatches + " heaven-and-earth": 45,
		GroupOver100 + " complaint":        49,
		NeverMatches + " after-the-offer":  59,
	}
	for key, line := range want {
		p, ok := got[key]
		if !ok {
			t.Errorf("no %s warning", key)
			continue
		}
		if p.Path != "testdata/smells.yaml" || p.Line != line {
			t.Errorf("%s at %s:%d, want line %d", key, p.Path, p.Line, line)
		}
	}
	for _, p := range ps {
		if _, ok := want[p.Code+" "+p.Rule]; !ok {
			t.Errorf("unexpected warning: %s", p.Long())
		}
	}
}

func TestErrorsWithPositionsAndHints(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bad.yaml")
	if err := os.WriteFile(path, []byte("name: bad\nrules:\n  - id: a\n    kind: nope\n    message: x\n  - id: b\n    kind: forbidden\n    phrases: [\"(未闭合\"]\n    message: y\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ps := (&Linter{Seg: seg}).File(path)
	if len(ps) != 2 {
		t.Fatalf("%d problems, want 2: %v", len(ps), ps)
	}
	if ps[0].Line != 4 || ps[0].Col != 11 || ps[0].Hint == "" || ps[1].Line != 8 {
		t.Errorf("problems: %v", ps)
	}
	if !strings.Contains(ps[0].Long(), "bad.yaml:4:11: 错误 error:") {
		t.Errorf("format: %s", ps[0].Long())
	}
}

// TestExtendedRulebookSmellsAreNotTheChilds: a rulebook that extends the default is
// warned only about what it says itself.
func TestExtendedRulebookSmellsAreNotTheChilds(t *testing.T) {
	ps := (&Linter{Seg: seg}).File("../../docs/examples/kuaitong.yaml")
	for _, p := range ps {
		t.Errorf("kuaitong.yaml: %s", p.Long())
	}
}

func TestAsWritten(t *testing.T) {
	tests := map[string]string{
		"请(您|你)稍等[一下]": "请您稍等一下 请您稍等 请你稍等一下 请你稍等",
		"您好，请讲":        "您好，请讲",
		"您好…请讲":        "",
		"\\(注\\)":      "(注)",
	}
	for src, want := range tests {
		got, _ := asWritten(src)
		if strings.Join(got, " ") != want {
			t.Errorf("asWritten(%q) = %q, want %q", src, got, want)
		}
	}
}

// TestCompositePhrases: a phrase of several parts, or with exceptions, is compared whole.
// Its first part alone inside a required phrase is no smell, and an exception that rules
// out the required wording keeps that wording from satisfying it.
func TestCompositePhrases(t *testing.T) {
	book := `name: composite
rules:
  - id: records
    kind: required
    role: agent
    phrases: ["我{0,4}(记录|记下)"]
    message: 未告诉客户已记录
  - id: never-mind
    kind: required
    role: agent
    phrases: [{pattern: 没关系, unless: ["(跟|和)我们…没关系"]}]
    message: 未宽慰客户
  - id: blame
    kind: forbidden
    role: agent
    phrases:
      - {all: ["(系统|记录)", "不可能(出错|错)"]}
      - "(跟|和)我们{0,6}没[有]关系"
    message: 推诿
`
	for _, p := range lintBook(t, book) {
		t.Errorf("unexpected problem: %s", p.Long())
	}
}

// lintBook lints a rulebook written to a temporary file.
func lintBook(t *testing.T, book string) []Problem {
	t.Helper()
	path := filepath.Join(t.TempDir(), "book.yaml")
	if err := os.WriteFile(path, []byte(book), 0o644); err != nil {
		t.Fatal(err)
	}
	return (&Linter{Seg: seg}).File(path)
}

// TestRegexHabits: phrases written as regular expressions are named, each with the
// pattern language's spelling; a question mark that ends a question is no habit.
func TestRegexHabits(t *testing.T) {
	book := `name: regex
rules:
  - id: a
    kind: required
    role: agent
    phrases: ["(号码)?是多少", "[请问]?有什么", "您?好", "编号\\d", "请.*稍等", "(转接)+", "^您好$", "你听明白了吗?", "(去|找)**部",
      "好+的", "嗯*好的", "[0-9]号", "尾号**", {pattern: 投诉, not_regex: ["^(喂|你好)*我(想)?问一下"]}]
    message: x
`
	want := map[string]bool{"(号码)?是多少": true, "[请问]?有什么": true, "您?好": true, `编号\d`: true,
		"请.*稍等": true, "(转接)+": true, "^您好$": true, "好+的": true, "嗯*好的": true, "[0-9]号": true}
	got := map[string]bool{}
	for _, p := range lintBook(t, book) {
		if p.Code != RegexHabit {
			continue
		}
		for src := range want {
			if strings.Contains(p.Msg, fmt.Sprintf("%q", src)) {
				got[src] = true
			}
		}
		if strings.Contains(p.Msg, "你听明白了吗?") || strings.Contains(p.Msg, "**部") || strings.Contains(p.Msg, "尾号**") ||
			strings.Contains(p.Msg, "问一下") {
			t.Errorf("a closing question mark, a ** slot or a not_regex expression reported: %s", p.Long())
		}
	}
	for src := range want {
		if !got[src] {
			t.Errorf("%s: no regex-habit warning", src)
		}
	}
}

// TestRouteToMissingRulebook: lint loads a rulebook's routes, so a route to a file that
// is not there is an error at its line.
func TestRouteToMissingRulebook(t *testing.T) {
	path := filepath.Join(t.TempDir(), "routes.yaml")
	if err := os.WriteFile(path, []byte("name: r\nextends: default\nroutes:\n  - {metadata: {skill_group: vip}, rulebook: missing.yaml}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ps := (&Linter{Seg: seg}).File(path)
	if len(ps) != 1 || ps[0].Level != Error || ps[0].Line != 4 || !strings.Contains(ps[0].Msg, "missing.yaml") {
		t.Errorf("problems: %v, want one error at line 4 naming missing.yaml", ps)
	}
}
