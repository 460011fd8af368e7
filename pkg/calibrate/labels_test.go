package calibrate

import (
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// summary writes labels compactly: file verdict [concept@line ...] per call.
func summary(l *Labels) []string {
	var out []string
	for _, c := range l.Calls {
		s := c.File + " " + c.Verdict
		for _, v := range c.Violations {
			s += " " + v.Concept
			if v.Line > 0 {
				s += "@" + strconv.Itoa(v.Line)
			}
		}
		out = append(out, s)
	}
	return out
}

func TestParseLabels(t *testing.T) {
	tests := []struct {
		name, file, data string
		want             []string
	}{
		{"csv", "labels.csv", "file,verdict,concept,line,note\n" +
			"open/telecom/t01.txt,pass,,,\n" +
			"open/telecom/t02.txt,fail,forbidden-phrase,9,你有完没完\n" +
			"open/telecom/t02.txt,fail,greeting,,没有问候语\n",
			[]string{"open/telecom/t01.txt pass", "open/telecom/t02.txt fail forbidden-phrase@9 greeting"}},
		{"csv: Chinese verdicts, BOM, CRLF, columns in any order, blank rows", "labels.csv",
			"\uFEFFverdict,file,line,concept\r\n合格,./a/t1.txt,,\r\n,,,\r\n 不合格 ,a\\t2.txt,3,answer-thanks\r\nFAIL,a/t2.txt,,closing\r\n",
			[]string{"a/t1.txt pass", "a/t2.txt fail answer-thanks@3 closing"}},
		{"csv: a passed call with a violation", "l.csv", "file,verdict,concept,line\nt.txt,pass,use-customer-title,\n",
			[]string{"t.txt pass use-customer-title"}},
		{"json", "labels.json", `{"calls": [
  {"file": "open/telecom/t02.txt", "verdict": "fail",
   "violations": [{"concept": "forbidden-phrase", "line": 9, "note": "你有完没完"},
                  {"concept": "greeting"}]},
  {"file": "open/telecom/t01.txt", "verdict": "合格", "violations": []},
  {"file": "open/telecom/t03.txt", "verdict": "pass", "violations": null}
]}`,
			[]string{"open/telecom/t02.txt fail forbidden-phrase@9 greeting", "open/telecom/t01.txt pass", "open/telecom/t03.txt pass"}},
		{"json: one call in two entries", "labels.json", `{"calls": [
  {"file": "t.txt", "verdict": "fail", "violations": [{"concept": "closing"}]},
  {"file": "t.txt", "verdict": "fail", "violations": [{"concept": "greeting", "line": null}]}]}`,
			[]string{"t.txt fail closing greeting"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := Parse(tt.file, []byte(tt.data))
			if err != nil {
				t.Fatal(err)
			}
			if got := summary(l); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestParseLabelsKeepsNotesAndPlaces(t *testing.T) {
	l, err := Parse("l.csv", []byte("file,verdict,concept,line,note\nt.txt,fail,forbidden-phrase,9, 你有完没完 \n"))
	if err != nil {
		t.Fatal(err)
	}
	want := Violation{Concept: "forbidden-phrase", Line: 9, Note: "你有完没完", At: "l.csv:2"}
	if got := l.Calls[0].Violations[0]; got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
	if got := l.Calls[0].At; got != "l.csv:2" {
		t.Errorf("call at %q, want l.csv:2", got)
	}
}

// Every problem is reported, each with the file and line, Chinese first.
func TestParseLabelsErrors(t *testing.T) {
	tests := []struct {
		name, file, data string
		want             []string // each an error line, in order
	}{
		{"bad verdict", "l.csv", "file,verdict,concept,line\nt1.txt,pass,,\nt2.txt,ok,,\n",
			[]string{`l.csv:3: 未知的 verdict "ok"（可用 pass、fail、合格、不合格）/ unknown verdict "ok"`}},
		{"no verdict", "l.csv", "file,verdict\nt1.txt,\n", []string{"l.csv:2: 缺少 verdict"}},
		{"bad lines", "l.csv", "file,verdict,concept,line\nt.txt,fail,closing,abc\nt.txt,fail,closing,0\nt.txt,fail,closing,-3\nt.txt,fail,closing,2.5\n",
			[]string{`l.csv:2: line 应为从 1 起的行号，而不是 "abc"`, `l.csv:3: line 应为从 1 起的行号，而不是 "0"`,
				`l.csv:4: line 应为从 1 起的行号，而不是 "-3"`, `l.csv:5: line 应为从 1 起的行号，而不是 "2.5"`}},
		{"a line but no concept", "l.csv", "file,verdict,concept,line\nt.txt,fail,,4\n", []string{"l.csv:2: 有 line 却没有 concept / a line but no concept"}},
		{"bad concept", "l.csv", "file,verdict,concept\nt.txt,fail,禁语\n", []string{`l.csv:2: 概念 "禁语" 不合法`}},
		{"no file", "l.csv", "file,verdict\n,pass\n", []string{"l.csv:2: 缺少 file"}},
		{"two verdicts for one call", "l.csv", "file,verdict,concept\nt.txt,fail,closing\nother.txt,pass,\n./t.txt,pass,\n",
			[]string{"l.csv:4: t.txt 的 verdict 是 pass，与 l.csv:2 的 fail 矛盾"}},
		{"header without verdict", "l.csv", "file,concept\nt.txt,closing\n", []string{"l.csv:1: 表头缺少 verdict 列"}},
		{"unknown column", "l.csv", "file,verdict,concpet\nt.txt,pass,\n", []string{`l.csv:1: 未知的列 "concpet"`}},
		{"too many fields", "l.csv", "file,verdict\nt.txt,pass,x\n", []string{"l.csv:2: 这一行有 3 列，表头只有 2 列"}},
		{"malformed csv", "l.csv", "file,verdict\n\"t.txt,pass\n", []string{"l.csv:2: CSV 格式有误 / malformed CSV"}},
		{"empty", "l.csv", "", []string{"l.csv: 空文件：须有表头"}},
		{"json: line not a number", "l.json", "{\"calls\": [\n  {\"file\": \"t.txt\", \"verdict\": \"fail\",\n   \"violations\": [\n     {\"concept\": \"closing\", \"line\": \"9\"}]}]}",
			[]string{"l.json:4: line 应为整数，而不是文字 / line must be a whole number, not a string"}},
		{"json: line 0", "l.json", "{\"calls\": [\n {\"file\": \"t.txt\", \"verdict\": \"fail\", \"violations\": [\n  {\"concept\": \"closing\", \"line\": 0}]}]}",
			[]string{"l.json:3: line 应为从 1 起的行号，而不是 0"}},
		{"json: bad verdict", "l.json", "{\"calls\": [\n {\"file\": \"a.txt\", \"verdict\": \"pass\"},\n {\"file\": \"t.txt\", \"verdict\": \"good\"}]}",
			[]string{`l.json:3: 未知的 verdict "good"`}},
		{"json: unknown key", "l.json", "{\"calls\": [\n {\"file\": \"t.txt\", \"verdict\": \"pass\", \"reviewer\": \"王\"}]}",
			[]string{`l.json:2: 未知字段 "reviewer"`}},
		{"json: violation without concept", "l.json", "{\"calls\": [{\"file\": \"t.txt\", \"verdict\": \"fail\",\n \"violations\": [{\"line\": 3}]}]}",
			[]string{"l.json:2: 违规缺少 concept"}},
		{"json: syntax", "l.json", "{\"calls\": [\n {\"file\": \"t.txt\" \"verdict\": \"pass\"}]}",
			[]string{"l.json:2: JSON 格式有误 / malformed JSON"}},
		{"json: no calls", "l.json", `{"call": []}`, []string{`l.json:1: 未知字段 "call"`}},
		{"json: not an object", "l.json", `[]`, []string{"l.json:1: 应为对象，而不是列表 / expected an object, not a list"}},
		{"json: calls not a list", "l.json", `{"calls": {}}`, []string{"l.json:1: calls 应为列表 / calls must be a list"}},
		{"json: a violation not an object", "l.json", "{\"calls\": [{\"file\": \"t.txt\", \"verdict\": \"fail\",\n \"violations\": [\"closing\"]}]}",
			[]string{"l.json:2: 应为对象，而不是文字 / expected an object, not a string"}},
		{"not a label file", "l.txt", "file,verdict\n", []string{"l.txt: 标注文件应为 *.csv 或 *.json"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.file, []byte(tt.data))
			if err == nil {
				t.Fatal("no error")
			}
			got := strings.Split(err.Error(), "\n")
			if len(got) != len(tt.want) {
				t.Fatalf("got %d errors, want %d:\n%v", len(got), len(tt.want), err)
			}
			for i, w := range tt.want {
				if !strings.HasPrefix(got[i], w) {
					t.Errorf("error %d:\n got %s\nwant %s…", i, got[i], w)
				}
			}
		})
	}
}

func TestLoadDirectory(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a.csv", "file,verdict,concept,line\nt1.txt,fail,closing,\n")
	write("sub/b.json", `{"calls": [{"file": "t1.txt", "verdict": "fail", "violations": [{"concept": "greeting", "line": 2}]}, {"file": "t2.txt", "verdict": "pass"}]}`)
	write("README.md", "not labels")
	write(".hidden/c.csv", "broken")
	l, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := summary(l), []string{"t1.txt fail closing greeting@2", "t2.txt pass"}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	if len(l.Files) != 2 {
		t.Errorf("files %v, want a.csv and sub/b.json", l.Files)
	}

	// A call labelled in two files must have one verdict (the files are read in name
	// order: c.csv before sub/b.json).
	write("c.csv", "file,verdict\nt2.txt,fail\n")
	_, err = Load(dir)
	want := filepath.Join(dir, "sub", "b.json") + ":1: t2.txt 的 verdict 是 pass，与 " + filepath.Join(dir, "c.csv") + ":2 的 fail 矛盾"
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error %v, want %s…", err, want)
	}

	if _, err := Load(t.TempDir()); err == nil || !strings.Contains(err.Error(), "no label files") {
		t.Errorf("empty directory: error %v", err)
	}
	if _, err := Load(filepath.Join(dir, "none.csv")); err == nil || !strings.Contains(err.Error(), "cannot read labels") {
		t.Errorf("missing file: error %v", err)
	}
}

func TestParseVerdict(t *testing.T) {
	for in, want := range map[string]string{"pass": Pass, "PASS": Pass, " 合格 ": Pass, "fail": Fail, "Fail": Fail, "不合格": Fail, "": "", "passed": "", "ok": ""} {
		got, ok := ParseVerdict(in)
		if got != want || ok != (want != "") {
			t.Errorf("ParseVerdict(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}

// A label's values are quoted as excerpts, and a concept or a file longer than any can
// be is refused: a concept of 500,000 characters was accepted and made every row of the
// per-concept table that wide; a verdict of 1 MB made a 2 MB error.
func TestLongLabelValues(t *testing.T) {
	dir := t.TempDir()
	long := strings.Repeat("x", 1<<20)
	for name, data := range map[string]string{
		"file.csv":     "file,verdict,concept,line,note\n" + long + ".txt,pass,,,\n",
		"concept.csv":  "file,verdict,concept,line,note\na.txt,fail," + long + ",3,\n",
		"line.csv":     "file,verdict,concept,line,note\na.txt,fail,closing," + long + ",\n",
		"column.csv":   "file,verdict," + long + "\na.txt,pass,\n",
		"verdict.json": `{"calls": [{"file": "a.txt", "verdict": "` + long + `"}]}`,
		"key.json":     `{"calls": [{"file": "a.txt", "verdict": "pass", "` + long + `": 1}]}`,
	} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := Load(p)
		if err == nil {
			t.Errorf("%s: loaded", name)
			continue
		}
		if n := len(err.Error()); n > 2048 {
			t.Errorf("%s: an error of %d bytes", name, n)
		}
	}
}

// TestLoadOnlyAHeader: a label file with a header and no row labels no call; figures of
// 1.000 over nothing would read as a perfect rulebook.
func TestLoadOnlyAHeader(t *testing.T) {
	p := filepath.Join(t.TempDir(), "l.csv")
	if err := os.WriteFile(p, []byte("file,verdict,concept,line,note\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Load(p)
	if err == nil || !strings.Contains(err.Error(), "l.csv") || !strings.Contains(err.Error(), "没有一通标注过的电话") {
		t.Errorf("Load of a header only: %v, want an error naming the file", err)
	}
}
