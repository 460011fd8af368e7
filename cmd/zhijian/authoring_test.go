package main_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// trainingRepo is the worked example of a training-script repository (README).
const trainingRepo = "docs/examples/training-repo"

// zhijianIn runs the binary in dir (relative to the repository root) with extra
// environment variables, so a command finds that directory's .zhijian.yaml.
func zhijianIn(t *testing.T, dir string, env []string, args ...string) result {
	t.Helper()
	cmd := exec.Command(bin, args...)
	if filepath.IsAbs(dir) {
		cmd.Dir = dir
	} else {
		cmd.Dir = filepath.Join("../..", dir)
	}
	cmd.Env = append(os.Environ(), "NO_COLOR=1", "ZHIJIAN_LANG=", "ZHIJIAN_CONFIG=", "GITHUB_ACTIONS=")
	cmd.Env = append(cmd.Env, env...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	code := exitCode(t, err)
	return result{out.String(), errOut.String(), code}
}

func wantCode(t *testing.T, r result, code int) {
	t.Helper()
	if r.code != code {
		t.Errorf("exit code = %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, code, r.stdout, r.stderr)
	}
}

func TestConfigCommand(t *testing.T) {
	r := zhijianIn(t, trainingRepo+"/scripts/wealth", nil, "config")
	wantCode(t, r, 0)
	golden(t, "config.txt", r.stdout)

	// A flag overrides the file and says so; the environment overrides the file too.
	r = zhijianIn(t, trainingRepo, []string{"ZHIJIAN_LANG=en"}, "config", "--fail-under", "90", "--json")
	wantCode(t, r, 0)
	golden(t, "config.json", r.stdout)
	for _, want := range []string{`"source": "--fail-under"`, `"source": "$ZHIJIAN_LANG"`, `"source": ".zhijian.yaml:8:13"`} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("config --json does not say %s", want)
		}
	}

	bad := t.TempDir()
	writeTestFile(t, filepath.Join(bad, ".zhijian.yaml"), "rules: [a.yaml]\nfail_undr: 80\nfail_level: fatal\n")
	r = zhijianIn(t, bad, nil, "config")
	wantCode(t, r, 2)
	for _, want := range []string{`.zhijian.yaml:2:1: 未知字段 "fail_undr"`, "提示：可用字段", `.zhijian.yaml:3:13: 未知的值 "fatal"`} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr does not say %q:\n%s", want, r.stderr)
		}
	}
}

func writeTestFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestRulesLint(t *testing.T) {
	r := zhijian(t, "", "rules", "lint", "pkg/lint/testdata/smells.yaml")
	wantCode(t, r, 0)
	golden(t, "lint.smells.txt", r.stdout)
	if r := zhijian(t, "", "rules", "lint", "--strict", "pkg/lint/testdata/smells.yaml"); r.code != 1 {
		t.Errorf("--strict with warnings: exit %d, want 1", r.code)
	}
	r = zhijian(t, "", "rules", "lint", "--format", "json", "pkg/lint/testdata/smells.yaml")
	wantCode(t, r, 0)
	golden(t, "lint.smells.json", r.stdout)

	// Every error at once, each with file, line, column and a hint.
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	writeTestFile(t, bad, "name: bad\nrules:\n  - id: a\n    kind: nope\n    message: x\n  - id: b\n    kind: forbidden\n    phrases: [\"(未闭合\"]\n    message: y\n    deduct: 200\n")
	r = zhijian(t, "", "rules", "lint", bad)
	wantCode(t, r, 2)
	for _, want := range []string{bad + ":4:11: 错误 error: 未知规则类型", "提示 hint: 可用：", bad + ":8:15: 错误 error:", bad + ":10:13: 错误 error: 200 超出范围", "3 个错误"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("lint output does not say %q:\n%s", want, r.stdout)
		}
	}

	// The shipped rulebook, and the configured one of a project.
	r = zhijian(t, "", "rules", "lint")
	wantCode(t, r, 0)
	golden(t, "lint.shipped.txt", r.stdout)
	r = zhijianIn(t, trainingRepo, nil, "rules", "lint")
	wantCode(t, r, 0)
	if !strings.Contains(r.stdout, "0 个错误，0 个警告") {
		t.Errorf("the training repository's rulebook is not clean:\n%s", r.stdout)
	}
}

// TestRulesTestCountsBrokenFiles: a test file that cannot be parsed, and an expectation
// about a rule the rulebook lacks, are errors in the summary (exit 2), not left out of it
// or counted as failures.
func TestRulesTestCountsBrokenFiles(t *testing.T) {
	dir := t.TempDir()
	writeTestFile(t, filepath.Join(dir, "bad.txt"), "# expect-score: abc\n坐席：您好\n")
	writeTestFile(t, filepath.Join(dir, "good.txt"), "坐席：你有完没完 # expect: forbidden-phrases\n")
	writeTestFile(t, filepath.Join(dir, "typo.txt"), "坐席：您好 # expect: forbiden-phrases\n")
	r := zhijian(t, "", "rules", "test", dir)
	wantCode(t, r, 2)
	if !strings.Contains(r.stdout, "3 cases") || !strings.Contains(r.stdout, "1 passed, 0 failed, 2 errors") {
		t.Errorf("summary:\n%s\n%s", r.stdout, r.stderr)
	}
}

func TestRulesTest(t *testing.T) {
	// The shipped rulebooks' own examples, from the tree and from the binary.
	for _, args := range [][]string{{"rules", "test", "rules/tests"}, {"rules", "test", "--shipped"}} {
		r := zhijian(t, "", args...)
		wantCode(t, r, 0)
		if !strings.Contains(r.stdout, "0 失败，0 出错") || strings.Contains(r.stdout, "FAIL") {
			t.Errorf("%v:\n%s", args, r.stdout)
		}
	}
	golden(t, "rules-test.shipped.txt", zhijian(t, "", "rules", "test", "--shipped").stdout)

	// An example that breaks fails the run, and says where and why.
	dir := t.TempDir()
	data, err := os.ReadFile("../../rules/tests/call-center/forbidden-phrases.txt")
	if err != nil {
		t.Fatal(err)
	}
	broken := strings.Replace(string(data), "客户：讲话！  # ok: forbidden-phrases", "客户：讲话！  # expect: forbidden-phrases", 1)
	broken = strings.Replace(broken, "坐席：您请讲。  # ok: forbidden-phrases", "坐席：您请讲。  # ok: forbidden-phrases\n坐席：你有完没完", 1)
	writeTestFile(t, filepath.Join(dir, "forbidden-phrases.txt"), broken)
	writeTestFile(t, filepath.Join(dir, "score.txt"), "# rulebook: call-center\n# expect-score: 100\n坐席：你有完没完\n")
	r := zhijianIn(t, dir, nil, "rules", "test")
	wantCode(t, r, 1)
	golden(t, "rules-test.broken.txt", r.stdout)

	// The project's tests, with the project's rulebook and labels.
	r = zhijianIn(t, trainingRepo, nil, "rules", "test", "-v")
	wantCode(t, r, 0)
	golden(t, "rules-test.project.txt", r.stdout)

	if r := zhijianIn(t, t.TempDir(), nil, "rules", "test"); r.code != 2 {
		t.Errorf("no cases: exit %d, want 2", r.code)
	}
}

func TestExplain(t *testing.T) {
	r := zhijian(t, "", "explain", "forbidden-phrases")
	wantCode(t, r, 0)
	golden(t, "explain.forbidden-phrases.txt", r.stdout)
	r = zhijian(t, "", "explain", "--all", "greeting")
	wantCode(t, r, 0)
	golden(t, "explain.greeting.txt", r.stdout)
	// A rule without tests gets examples made from its phrases, checked by running it.
	r = zhijian(t, "", "explain", "--rules", "docs/examples/kuaitong.yaml", "no-return-promise")
	wantCode(t, r, 0)
	golden(t, "explain.no-return-promise.txt", r.stdout)
	r = zhijian(t, "", "explain", "greting")
	wantCode(t, r, 2)
	if !strings.Contains(r.stderr, "greeting") {
		t.Errorf("no suggestion for a misspelt id: %s", r.stderr)
	}
}

func TestSegment(t *testing.T) {
	r := zhijian(t, "", "segment", "您好，請問有什麼可以幫到您？")
	wantCode(t, r, 0)
	golden(t, "segment.text.txt", r.stdout)
	r = zhijian(t, "", "segment", "--phrase", "再见", "--phrase", "见面", "我们下次再见面吧")
	wantCode(t, r, 0)
	golden(t, "segment.phrase.txt", r.stdout)
	if !strings.Contains(r.stdout, "不在词边界上") {
		t.Error("segment does not say why 再见 does not match 再见面")
	}
	r = zhijian(t, "坐席：你有完没完\n客户：讲话！\n", "segment", "--rule", "forbidden-phrases", "-")
	wantCode(t, r, 0)
	golden(t, "segment.stdin.txt", r.stdout)
	// Regex and entity items of the rule language v2, tried before they go into a rulebook.
	r = zhijian(t, "", "segment", "--regex", `1[3-9]\d{9}`, "--entity", "bank-card", "我的号码是13812345678")
	wantCode(t, r, 0)
	golden(t, "segment.regex.txt", r.stdout)
	if !strings.Contains(r.stdout, "“13812345678”") || !strings.Contains(r.stdout, "没有匹配") {
		t.Error("segment --regex/--entity: the regex's match or the entity's miss not shown")
	}
	r = zhijian(t, "", "segment", "--entity", "nope", "x")
	wantCode(t, r, 2)
}

func TestInit(t *testing.T) {
	dir := t.TempDir()
	r := zhijianIn(t, dir, nil, "init")
	wantCode(t, r, 0)
	golden(t, "init.txt", r.stdout)
	// What init writes works as it is.
	for _, args := range [][]string{{"config"}, {"rules", "lint", "--strict"}, {"rules", "test"}} {
		if r := zhijianIn(t, dir, nil, args...); r.code != 0 {
			t.Errorf("%v after init: exit %d\n%s%s", args, r.code, r.stdout, r.stderr)
		}
	}
	writeTestFile(t, filepath.Join(dir, "scripts", "new-hire", "a.txt"), "坐席：您好，请问有什么可以帮到您？那个，您稍等。\n")
	if r := zhijianIn(t, dir, nil, "check", "scripts"); r.code != 1 && r.code != 0 {
		t.Errorf("check after init: exit %d\n%s", r.code, r.stderr)
	}
	// Nothing is overwritten without --force.
	r = zhijianIn(t, dir, nil, "init")
	wantCode(t, r, 2)
	if r := zhijianIn(t, dir, nil, "init", "--force"); r.code != 0 {
		t.Errorf("init --force: exit %d", r.code)
	}
}

// TestInitDoesNotFollowLinks: a link where a starter file goes, even one pointing
// nowhere, is a file that exists; with --force the link is replaced, not what it points
// at (the hostile-input audit: init created a file outside its directory).
func TestInitDoesNotFollowLinks(t *testing.T) {
	dir, elsewhere := t.TempDir(), t.TempDir()
	target := filepath.Join(elsewhere, "created-by-init.txt")
	if err := os.Symlink(target, filepath.Join(dir, ".zhijian.yaml")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	wantCode(t, zhijianIn(t, dir, nil, "init"), 2)
	if _, err := os.Lstat(target); err == nil {
		t.Fatal("init wrote through a dangling link, outside its directory")
	}
	keep := filepath.Join(elsewhere, "keep.txt")
	writeTestFile(t, keep, "mine\n")
	os.Remove(filepath.Join(dir, ".zhijian.yaml"))
	if err := os.Symlink(keep, filepath.Join(dir, ".zhijian.yaml")); err != nil {
		t.Fatal(err)
	}
	wantCode(t, zhijianIn(t, dir, nil, "init", "--force"), 0)
	if b, _ := os.ReadFile(keep); string(b) != "mine\n" {
		t.Errorf("init --force overwrote the link's target: %q", b)
	}
	if fi, err := os.Lstat(filepath.Join(dir, ".zhijian.yaml")); err != nil || fi.Mode()&os.ModeSymlink != 0 {
		t.Errorf("init --force left the link in place (%v)", err)
	}
}

func TestCompletion(t *testing.T) {
	for _, shell := range []string{"bash", "zsh", "fish", "powershell"} {
		r := zhijian(t, "", "completion", shell)
		if r.code != 0 || !strings.Contains(r.stdout, "zhijian") {
			t.Errorf("completion %s: exit %d, %d bytes", shell, r.code, len(r.stdout))
		}
	}
	if r := zhijian(t, "", "completion", "cmd.exe"); r.code != 2 {
		t.Errorf("completion of an unknown shell: exit %d, want 2", r.code)
	}
	// Rule ids complete for explain.
	r := zhijian(t, "", "__complete", "explain", "forbidden-")
	if !strings.Contains(r.stdout, "forbidden-phrases\t使用服务禁语") {
		t.Errorf("explain does not complete rule ids:\n%s", r.stdout)
	}
}

// TestEveryCommandHasExamples walks the command tree through the binary's own
// completion: every command's --help shows examples.
func TestEveryCommandHasExamples(t *testing.T) {
	var walk func(path []string)
	seen := 0
	walk = func(path []string) {
		r := zhijian(t, "", append(append([]string{"__complete"}, path...), "")...)
		for _, line := range strings.Split(r.stdout, "\n") {
			name, _, _ := strings.Cut(line, "\t")
			if name == "" || strings.HasPrefix(name, ":") || strings.HasPrefix(name, "-") || name == "help" || name == "__complete" {
				continue
			}
			sub := append(append([]string{}, path...), name)
			h := zhijian(t, "", append(sub, "--help")...)
			if h.code != 0 {
				continue // not a command (an argument value)
			}
			seen++
			if !strings.Contains(h.stdout, "Examples:") {
				t.Errorf("zhijian %s --help has no examples", strings.Join(sub, " "))
			}
			if len(path) == 0 && strings.Contains(h.stdout, "Available Commands:") {
				walk(sub)
			}
		}
	}
	walk(nil)
	if seen < 12 {
		t.Errorf("only %d commands found", seen)
	}
}
