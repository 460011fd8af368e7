package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/pflag"
)

func write(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestFindWalksUp(t *testing.T) {
	root := t.TempDir()
	write(t, filepath.Join(root, ".zhijian.yaml"), "fail_under: 90\n")
	deep := filepath.Join(root, "a", "b", "c")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	got, err := Find(deep)
	if err != nil || got != filepath.Join(root, ".zhijian.yaml") {
		t.Fatalf("Find = %q, %v", got, err)
	}
	// The nearest file wins.
	write(t, filepath.Join(root, "a", ".zhijian.yml"), "fail_under: 70\n")
	if got, _ := Find(deep); got != filepath.Join(root, "a", ".zhijian.yml") {
		t.Errorf("Find = %q, want the nearer a/.zhijian.yml", got)
	}
	cfg, err := Discover(Options{Dir: deep, Getenv: func(string) string { return "" }})
	if err != nil {
		t.Fatal(err)
	}
	shown := displayPath(filepath.Join(root, "a", ".zhijian.yml"))
	if cfg.FailUnder.V != 70 || cfg.FailUnder.From.String() != shown+":1:13" {
		t.Errorf("fail_under %v from %s", cfg.FailUnder.V, cfg.FailUnder.From)
	}
	none, err := Discover(Options{Dir: deep, None: true, Getenv: func(string) string { return "" }})
	if err != nil || none.Path != "" || none.FailUnder.Set() {
		t.Errorf("--no-config still read a file: %+v %v", none, err)
	}
}

func TestParseEveryKey(t *testing.T) {
	cfg, err := Parse("proj/.zhijian.yaml", []byte(`# 项目配置
rules: [rules/company.yaml, default]
include: ["*.txt"]
exclude: ["drafts/**", "*.bak.txt"]
roles:
  agent: [理财顾问]
  customer: [投资人]
format: sarif
output: [junit=out/junit.xml, report.json]
fail_under: 85
fail_level: warning
lang: en
baseline: .zhijian-baseline.json
tests: [rules-tests]
overrides:
  - files: ["scripts/new-hire/**"]
    disable: [filler-words, title-overuse]
`))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(cfg.RulePaths(), " "); got != "proj/rules/company.yaml default" {
		t.Errorf("rule paths %q", got)
	}
	if cfg.Format.V != "sarif" || cfg.FailUnder.V != 85 || cfg.FailLevel.V != "warning" || cfg.Lang.V != "en" {
		t.Errorf("scalars: %+v", cfg)
	}
	if cfg.Roles.V["agent"][0] != "理财顾问" || cfg.Roles.V["customer"][0] != "投资人" {
		t.Errorf("roles %v", cfg.Roles.V)
	}
	if got := strings.Join(cfg.Outputs(), " "); got != "junit=proj/out/junit.xml proj/report.json" {
		t.Errorf("outputs %q", got)
	}
	if got := cfg.Resolve(cfg.Baseline.V, cfg.Baseline.From); got != "proj/.zhijian-baseline.json" {
		t.Errorf("baseline %q", got)
	}
	if s := cfg.FailLevel.From.String(); s != "proj/.zhijian.yaml:11:13" {
		t.Errorf("fail_level from %s", s)
	}
	if !cfg.Excluded("proj/drafts/x/a.txt") || !cfg.Excluded("proj/scripts/a.bak.txt") || cfg.Excluded("proj/scripts/a.txt") {
		t.Error("exclude globs")
	}
	if d := cfg.Disabled("proj/scripts/new-hire/day1.txt"); !d["filler-words"] || !d["title-overuse"] {
		t.Errorf("disabled %v", d)
	}
	if d := cfg.Disabled("proj/scripts/senior/day1.txt"); d != nil {
		t.Errorf("disabled outside the override: %v", d)
	}
}

func TestParseErrorsAllAtOnce(t *testing.T) {
	_, err := Parse(".zhijian.yaml", []byte(`rules: [a.yaml]
fail_undr: 80
fail_under: 120
fail_level: fatal
roles:
  boss: [老板]
include: ["[a"]
overrides:
  - files: ["x/**"]
`))
	var es Errors
	if !errors.As(err, &es) {
		t.Fatalf("err = %v", err)
	}
	want := []string{
		`.zhijian.yaml:2:1: 未知字段 "fail_undr"`,
		`.zhijian.yaml:3:13: 120 超出范围`,
		`.zhijian.yaml:4:13: 未知的值 "fatal"`,
		`.zhijian.yaml:6:3: 未知字段 "boss"`,
		`.zhijian.yaml:7:11: 无效的文件名模式`,
		`.zhijian.yaml:9:5: overrides 的每项须有 files 和 disable`,
	}
	if len(es) != len(want) {
		t.Fatalf("%d errors, want %d:\n%v", len(es), len(want), err)
	}
	for i, w := range want {
		if !strings.HasPrefix(es[i].Error(), w) {
			t.Errorf("error %d = %s\nwant prefix %s", i, es[i], w)
		}
	}
	if !strings.Contains(es[0].Error(), "提示：可用字段：rules") {
		t.Errorf("no hint listing the keys: %s", es[0])
	}
	_, err = Parse("bad.yaml", []byte("rules: [a\n"))
	if err == nil || !strings.HasPrefix(err.Error(), "bad.yaml:") {
		t.Errorf("syntax error: %v", err)
	}
}

func TestPrecedence(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, ".zhijian.yaml"), "lang: zh\nfail_under: 85\nformat: json\n")
	env := map[string]string{"ZHIJIAN_LANG": "en"}
	cfg, err := Discover(Options{Dir: dir, Getenv: func(k string) string { return env[k] }})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Lang.V != "en" || cfg.Lang.From.String() != "$ZHIJIAN_LANG" {
		t.Errorf("the environment should override the file: %v from %s", cfg.Lang.V, cfg.Lang.From)
	}
	fs := pflag.NewFlagSet("check", pflag.ContinueOnError)
	fs.Float64("fail-under", 0, "")
	fs.String("format", "text", "")
	fs.String("fail-level", "", "")
	if err := fs.Parse([]string{"--fail-under", "95"}); err != nil {
		t.Fatal(err)
	}
	if err := cfg.ApplyFlags(fs); err != nil {
		t.Fatal(err)
	}
	if cfg.FailUnder.V != 95 || cfg.FailUnder.From.String() != "--fail-under" {
		t.Errorf("the flag should override the file: %v from %s", cfg.FailUnder.V, cfg.FailUnder.From)
	}
	if cfg.Format.V != "json" || cfg.Format.From.Kind != FromFile {
		t.Errorf("a flag left at its default must not override the file: %v from %s", cfg.Format.V, cfg.Format.From)
	}
	if err := fs.Parse([]string{"--fail-level", "fatal"}); err != nil {
		t.Fatal(err)
	}
	if err := cfg.ApplyFlags(fs); err == nil {
		t.Error("--fail-level fatal accepted")
	}
	// A file named with $ZHIJIAN_CONFIG is used instead of looking.
	other := filepath.Join(dir, "ci.yaml")
	write(t, other, "fail_under: 60\n")
	cfg, err = Discover(Options{Dir: dir, Getenv: func(k string) string {
		if k == EnvFile {
			return other
		}
		return ""
	}})
	if err != nil || cfg.FailUnder.V != 60 {
		t.Errorf("$ZHIJIAN_CONFIG: %v %v", cfg, err)
	}
	if _, err := Discover(Options{File: filepath.Join(dir, "missing.yaml")}); err == nil {
		t.Error("a missing --config file was accepted")
	}
}

func TestMatch(t *testing.T) {
	tests := []struct {
		glob, path string
		want       bool
	}{
		{"*.txt", "a.txt", true},
		{"*.txt", "x/y/a.txt", true},
		{"drafts/**", "drafts/a.txt", true},
		{"drafts/**", "drafts/x/a.txt", true},
		{"drafts/**", "scripts/drafts/a.txt", false},
		{"**/drafts/**", "scripts/drafts/a.txt", true},
		{"drafts", "scripts/drafts/a.txt", true},
		{"scripts/*.txt", "scripts/a.txt", true},
		{"scripts/*.txt", "scripts/x/a.txt", false},
		{"./scripts/new-hire/**", "scripts/new-hire/d1.txt", true},
		{"scripts/new-hire/**", "scripts/senior/d1.txt", false},
	}
	for _, tt := range tests {
		if got := Match(tt.glob, tt.path); got != tt.want {
			t.Errorf("Match(%q, %q) = %v, want %v", tt.glob, tt.path, got, tt.want)
		}
	}
}
