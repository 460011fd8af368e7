package main_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// bin is the zhijian binary built once for the CLI tests, outside the source tree so a
// test also shows it runs without it.
var bin string

func TestMain(m *testing.M) {
	flag.Parse()
	dir, err := os.MkdirTemp("", "zhijian-cli")
	if err != nil {
		panic(err)
	}
	bin = filepath.Join(dir, "zhijian")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		panic("go build: " + err.Error() + "\n" + string(out))
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

type result struct {
	stdout, stderr string
	code           int
}

// zhijian runs the binary from the repository root, so paths in reports are the
// familiar testdata/... ones.
func zhijian(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir = "../.."
	cmd.Env = append(os.Environ(), "NO_COLOR=1", "ZHIJIAN_LANG=", "ZHIJIAN_CONFIG=", "GITHUB_ACTIONS=")
	cmd.Stdin = strings.NewReader(stdin)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	code := exitCode(t, err)
	return result{out.String(), errOut.String(), code}
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (go test -update rewrites it):\n%s", path, got)
	}
}

func TestCheckSampleCallsJSON(t *testing.T) {
	r := zhijian(t, "", "check", "--format", "json", "testdata/calls")
	if r.code != 1 {
		t.Errorf("exit code = %d, want 1 (some sample calls fail)\n%s", r.code, r.stderr)
	}
	golden(t, "calls.json", r.stdout)
	var rep struct {
		Files []struct {
			Path     string
			Score    *float64
			Passed   bool
			Findings []json.RawMessage
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatal(err)
	}
	for _, f := range rep.Files {
		compliant := strings.HasPrefix(filepath.Base(f.Path), "compliant")
		if compliant && (f.Score == nil || *f.Score != 100 || len(f.Findings) != 0 || !f.Passed) {
			t.Errorf("%s follows the service procedure but scored %v with %d findings", f.Path, f.Score, len(f.Findings))
		}
	}
}

func TestCheckSampleCallsText(t *testing.T) {
	r := zhijian(t, "", "check", "testdata/calls")
	golden(t, "calls.txt", r.stdout)
	if strings.Contains(r.stdout, "\x1b[") {
		t.Error("colour codes written to a pipe")
	}
	en := zhijian(t, "", "check", "--lang", "en", "testdata/calls")
	golden(t, "calls.en.txt", en.stdout)
}

func TestExitCodes(t *testing.T) {
	compliant, err := filepath.Glob("../../testdata/calls/compliant-*.txt")
	if err != nil || len(compliant) == 0 {
		t.Fatal("no compliant sample call")
	}
	good := strings.TrimPrefix(filepath.ToSlash(compliant[0]), "../../")
	bad := t.TempDir()
	if err := os.WriteFile(filepath.Join(bad, "binary.txt"), []byte("\x00\x01\x02"), 0o644); err != nil {
		t.Fatal(err)
	}
	badRules := filepath.Join(t.TempDir(), "rules.yaml")
	if err := os.WriteFile(badRules, []byte("name: x\nrules:\n  - id: a\n    kind: nope\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		stdin  string
		args   []string
		code   int
		stderr string
	}{
		{"all pass", "", []string{"check", good}, 0, ""},
		{"a call fails", "", []string{"check", "testdata/calls/forbidden-service.txt"}, 1, ""},
		{"fail-under raises the bar", "客服：您好，请讲\n客户：查话费\n坐席：谢谢您的电话，再见\n", []string{"check", "--fail-under", "100", "-"}, 1, ""},
		{"unreadable input still scores the rest", "", []string{"check", good, bad + "/binary.txt", "no/such/file.txt"}, 2, "no/such/file.txt"},
		{"invalid rulebook", "", []string{"check", "--rules", badRules, good}, 2, "rules.yaml:4:11"},
		{"unknown format", "", []string{"check", "--format", "pdf", good}, 2, "pdf"},
		{"no arguments", "", []string{"check"}, 2, ""},
		{"stdin", "坐席：您好，请问有什么可以帮到您？\n客户：没事了\n坐席：请问还有什么能帮到您？\n客户：没有了\n坐席：谢谢您的电话，再见！\n", []string{"check", "-"}, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := zhijian(t, tt.stdin, tt.args...)
			if r.code != tt.code {
				t.Errorf("exit code = %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, tt.code, r.stdout, r.stderr)
			}
			if !strings.Contains(r.stderr, tt.stderr) {
				t.Errorf("stderr does not mention %q:\n%s", tt.stderr, r.stderr)
			}
		})
	}
}

func TestErroredFileStillReported(t *testing.T) {
	r := zhijian(t, "", "check", "--format", "json", "testdata/calls/compliant-billing.txt", "missing.txt")
	var rep struct {
		Files []struct {
			Path  string
			Score *float64
			Error string
		}
		Summary struct{ Files, Passed, Errors int }
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	if rep.Summary.Files != 2 || rep.Summary.Passed != 1 || rep.Summary.Errors != 1 {
		t.Errorf("summary = %+v", rep.Summary)
	}
	if len(rep.Files) != 2 || rep.Files[1].Error == "" || rep.Files[1].Score != nil {
		t.Errorf("missing file not reported as an error without a score: %+v", rep.Files)
	}
}

func TestOutputFileIsWritten(t *testing.T) {
	out := filepath.Join(t.TempDir(), "report.json")
	r := zhijian(t, "", "check", "--format", "json", "--output", out, "testdata/calls/compliant-billing.txt")
	if r.code != 0 || r.stdout != "" {
		t.Fatalf("code %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil || !json.Valid(data) {
		t.Fatalf("report file: %v %q", err, data)
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	if len(entries) != 1 {
		t.Errorf("temporary files left next to the report: %v", entries)
	}
}

func TestVersion(t *testing.T) {
	r := zhijian(t, "", "version")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "zhijian ") {
		t.Errorf("version: code %d, %q", r.code, r.stdout)
	}
}

// TestRunsWithoutSourceTree runs the binary far from the repository with no Go module
// cache: the dictionary, the OpenCC tables and the default rulebook must be embedded.
func TestRunsWithoutSourceTree(t *testing.T) {
	dir := t.TempDir()
	data, err := os.ReadFile("../../testdata/calls/forbidden-service.txt")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "call.txt"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "check", "--format", "json", "call.txt")
	cmd.Dir = dir
	cmd.Env = []string{"HOME=" + dir, "GOPATH=" + filepath.Join(dir, "nogopath"), "GOMODCACHE=" + filepath.Join(dir, "nocache"), "NO_COLOR=1"}
	out, err := cmd.Output()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
		t.Fatalf("exit: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), `"rule": "forbidden-phrases"`) {
		t.Errorf("no forbidden-phrase finding from a copied binary:\n%s", out)
	}
}

// TestEveryFormatSameCall checks the same call written in every format and encoding, in
// one batch with broken files: each copy gets the findings and score of the plain-text
// original, and each broken file is named with its error while the rest is scored.
func TestEveryFormatSameCall(t *testing.T) {
	r := zhijian(t, "", "check", "--format", "json", "--rules", "testdata/formats/same-content.yaml", "testdata/calls/forbidden-service.txt", "testdata/formats")
	if r.code != 2 {
		t.Errorf("exit code = %d, want 2 (the batch has broken files)", r.code)
	}
	golden(t, "formats.json", r.stdout)
	var rep struct {
		Files []struct {
			Path     string
			Metadata map[string]string
			Score    *float64
			Error    string
			Findings []struct {
				Rule string
				Turn int
			}
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatal(err)
	}
	type verdict struct {
		score    float64
		findings string
	}
	summarize := func(i int) verdict {
		f := rep.Files[i]
		var parts []string
		for _, fd := range f.Findings {
			parts = append(parts, fd.Rule+"@"+strconv.Itoa(fd.Turn))
		}
		return verdict{*f.Score, strings.Join(parts, " ")}
	}
	want := summarize(0)
	seen := 0
	for i, f := range rep.Files[1:] {
		broken := strings.Contains(f.Path, "/broken/") || strings.HasSuffix(f.Path, "garbage.txt")
		switch {
		case broken && f.Error == "":
			t.Errorf("%s: broken file was not reported as an error", f.Path)
		case broken:
			if !strings.Contains(f.Error, f.Path) {
				t.Errorf("%s: error does not name the file: %s", f.Path, f.Error)
			}
		case f.Error != "":
			t.Errorf("%s: %s", f.Path, f.Error)
		case f.Metadata["call_id"] != "" && f.Metadata["call_id"] != "C20261103-0004":
			// the second call of calls-multi.csv
		default:
			seen++
			if got := summarize(i + 1); got != want {
				t.Errorf("%s: score %v findings %s\nwant score %v findings %s", f.Path, got.score, got.findings, want.score, want.findings)
			}
		}
	}
	if seen < 20 {
		t.Errorf("only %d copies of the call were compared", seen)
	}
}

// TestReadmeExample runs the worked example the README shows, so the README cannot go
// stale: its output must appear there verbatim.
func TestReadmeExample(t *testing.T) {
	r := zhijian(t, "", "check", "--rules", "docs/examples/kuaitong.yaml", "docs/examples/call.txt")
	if r.code != 1 {
		t.Errorf("exit code = %d, want 1 (the call crosses a red line)\n%s", r.code, r.stderr)
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), r.stdout) {
		t.Errorf("README.md does not show the example's output as it is now:\n%s", r.stdout)
	}
}

// TestNearMiss shows what ASR wrote where a required phrase almost matched, only when
// asked.
func TestNearMiss(t *testing.T) {
	call := "坐席：你好，快通客服，请问有什么可以帮到你？\n客户：查话费\n坐席：谢谢您的电话，再见\n"
	// A rulebook that asks for 您 (the shipped greeting accepts 你好, as ASR writes it).
	book := filepath.Join(t.TempDir(), "strict.yaml")
	if err := os.WriteFile(book, []byte("name: strict\nrules:\n  - id: greeting\n    kind: required\n    role: agent\n    window: {first: 1}\n    phrases: [\"您好{0,20}请问有什么可以帮到您\"]\n    message: 开场未使用标准问候语\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := zhijian(t, call, "check", "--rules", book, "--near-miss", "--format", "json", "-")
	var rep struct {
		Files []struct {
			NearMisses []struct {
				Rule, Heard string
				Line        int
			} `json:"near_misses"`
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, nm := range rep.Files[0].NearMisses {
		if nm.Rule == "greeting" && nm.Heard == "你好，快通客服，请问有什么可以帮到你" && nm.Line == 1 {
			found = true
		}
	}
	if !found {
		t.Errorf("no near miss for the greeting: %+v", rep.Files[0].NearMisses)
	}
	if plain := zhijian(t, call, "check", "--rules", book, "--format", "json", "-"); strings.Contains(plain.stdout, "near_misses") {
		t.Error("near misses reported without --near-miss")
	}
}

// TestStrict: --strict matches phrases only as written, so a 禁语 that speech recognition
// wrote with a homophone (没半法 for 没办法) is found by default and not with it, while one
// written as it is counts either way.
func TestStrict(t *testing.T) {
	findings := func(call string, args ...string) map[string]string {
		t.Helper()
		r := zhijian(t, call, append([]string{"check", "--format", "json", "-"}, args...)...)
		var rep struct {
			Files []struct {
				Findings []struct{ Rule, Match, Fuzzy string }
			}
		}
		if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
			t.Fatalf("%v\n%s", err, r.stderr)
		}
		got := map[string]string{}
		for _, f := range rep.Files[0].Findings {
			if f.Match != "" {
				got[f.Rule+":"+f.Match] = f.Fuzzy
			}
		}
		return got
	}
	const call = "坐席：您好，快通客服，请问有什么可以帮到您？\n客户：我的宽带断了。\n坐席：我也没半法。\n客户：什么？\n坐席：你有完没完？\n"
	tests := []struct {
		args []string
		want map[string]string
	}{
		{nil, map[string]string{"forbidden-phrases:我也没半法": "pinyin", "forbidden-phrases:你有完没完": ""}},
		{[]string{"--strict"}, map[string]string{"forbidden-phrases:你有完没完": ""}},
	}
	for _, tt := range tests {
		got := findings(call, tt.args...)
		for k := range got {
			if !strings.HasPrefix(k, "forbidden-phrases:") {
				delete(got, k)
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("%v: forbidden findings %v, want %v", tt.args, got, tt.want)
		}
	}
}

// exitCode is the exit code of a finished command: 0 without an error, the process's
// code for an exit error, and a test failure for an error that is neither (it never ran).
func exitCode(t *testing.T, err error) int {
	t.Helper()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return 0
}
