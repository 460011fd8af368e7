package msg_test

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/msg"
)

// keyTakers are the functions that take a catalogue key: msg's own and the packages'
// problem helpers built on it.
var keyTakers = map[string]bool{
	"Errorf": true, "Sprintf": true, "Append": true, "errorf": true, "fail": true, "bad": true,
	"FlagErrorf": true,
}

// TestCatalogueIsComplete proves every key the code names is catalogued and every
// catalogued message is named by some code, so neither side drifts.
func TestCatalogueIsComplete(t *testing.T) {
	used := map[string]bool{}
	err := filepath.WalkDir("../..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && path != "../.." {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") || strings.Contains(path, "pkg/msg/") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				// a key kept in a constant until it is rendered
				if s, _ := strconv.Unquote(lit.Value); msg.Has(s) {
					used[s] = true
				}
			}
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			name := ""
			switch fn := call.Fun.(type) {
			case *ast.SelectorExpr:
				name = fn.Sel.Name
				if x, ok := fn.X.(*ast.Ident); ok && x.Name == "fmt" {
					return true
				}
			case *ast.Ident:
				name = fn.Name
			}
			if !keyTakers[name] {
				return true
			}
			for _, a := range call.Args {
				lit, ok := a.(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					continue
				}
				s, _ := strconv.Unquote(lit.Value)
				if isKey(s) {
					used[s] = true
					if !msg.Has(s) {
						t.Errorf("%s: key %q is not in the catalogue", path, s)
					}
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range msg.Keys() {
		if !used[key] {
			t.Errorf("catalogued message %q is named by no code", key)
		}
	}
}

// isKey says whether s looks like a catalogue key: "package.words-joined".
func isKey(s string) bool {
	pkg, rest, ok := strings.Cut(s, ".")
	if !ok || pkg == "" || rest == "" {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '.') {
			return false
		}
	}
	return true
}

// TestMessagesAgree checks each message's two languages: both well formed, neither
// leaving out all the arguments the other shows (a language may take its own word for
// one, as 坐席 for agent), every argument used, compatible verbs where both use one.
func TestMessagesAgree(t *testing.T) {
	for _, key := range msg.Keys() {
		zh, en := msg.Formats(key)
		if zh == "" || en == "" {
			t.Errorf("%s: a language is empty", key)
			continue
		}
		zv, ev := msg.Verbs(zh), msg.Verbs(en)
		if (len(zv) == 0) != (len(ev) == 0) {
			t.Errorf("%s: one language takes arguments, the other none", key)
		}
		verbOf := map[int]byte{}
		top := -1
		for _, v := range append(zv, ev...) {
			top = max(top, v.Arg)
			if w, ok := verbOf[v.Arg]; ok && !compatible(w, v.Verb) {
				t.Errorf("%s: argument %d is %%%c in one language, %%%c in the other", key, v.Arg+1, w, v.Verb)
			}
			if verbOf[v.Arg] != 'c' {
				verbOf[v.Arg] = v.Verb
			}
		}
		args := make([]any, top+1)
		for i := range args {
			switch verbOf[i] {
			case 0:
				t.Errorf("%s: argument %d is used by neither language", key, i+1)
			case 'c':
				args[i] = 'x'
			case 'd':
				args[i] = 1
			default:
				args[i] = "x"
			}
		}
		for _, l := range []msg.Lang{msg.ZH, msg.EN} {
			if s := l.Sprintf(key, args...); strings.Contains(s, "%!") {
				t.Errorf("%s: %q", key, s)
			}
		}
	}
}

// compatible says whether one argument can be formatted by both verbs.
func compatible(a, b byte) bool {
	if a == b || a == 'v' || b == 'v' {
		return true
	}
	class := func(v byte) string {
		switch v {
		case 's', 'q', 'w':
			return "text"
		case 'c':
			return "rune"
		case 'd', 'x':
			return "int"
		case 'f', 'g':
			return "float"
		}
		return string(v)
	}
	return class(a) == class(b) || (a == 'q' && b == 'c') || (a == 'c' && b == 'q')
}

func TestErrorFollowsLanguageAndWraps(t *testing.T) {
	inner := fmt.Errorf("disk full")
	err := msg.Errorf("report.cannot-write-report-2", "a.json", inner)
	t.Cleanup(func() { msg.SetLang(msg.Both) })
	for _, tt := range []struct {
		lang msg.Lang
		want string
	}{
		{msg.Both, "无法写入报告 / cannot write report a.json: disk full"},
		{msg.ZH, "无法写入报告：a.json，disk full"},
		{msg.EN, "cannot write report a.json: disk full"},
	} {
		msg.SetLang(tt.lang)
		if got := err.Error(); got != tt.want {
			t.Errorf("lang %d: %q, want %q", tt.lang, got, tt.want)
		}
	}
	if !errors.Is(err, inner) {
		t.Error("the %w argument is not wrapped")
	}
}
