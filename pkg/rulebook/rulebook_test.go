package rulebook_test

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/rule"
	"github.com/zhijian-qa/zhijian/pkg/rulebook"
	"github.com/zhijian-qa/zhijian/pkg/segment"
	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

var update = flag.Bool("update", false, "rewrite golden files")

const valid = `name: test
version: "1"
pass_score: 90
roles:
  agent: [值班员]
sets:
  greeting: [您好请讲]
rules:
  - id: greeting
    kind: required
    role: agent
    window: {first: 1}
    phrases: [$greeting, "您好…请问有什么可以帮(到)您"]
    message: 未问候
    deduct: 10
  - id: rude
    kind: forbidden
    role: agent
    phrases: [你有完没完, {pattern: 讲话, match: utterance}]
    message: 禁语
    deduct: 5
    max_deduct: 10
    fatal: true
    severity: error
  - id: order
    kind: sequence
    steps:
      - phrases: [$greeting]
      - phrases: [再见]
    message: 顺序
`

func TestParseValid(t *testing.T) {
	rb, err := rulebook.Parse("test.yaml", []byte(valid), nil)
	if err != nil {
		t.Fatal(err)
	}
	if rb.Name != "test" || rb.Version != "1" || rb.PassScore != 90 || len(rb.Rules) != 3 {
		t.Fatalf("got %+v", rb)
	}
	if role, ok := rb.Roles.Lookup("值班员"); !ok || role != "agent" {
		t.Errorf("custom role label not mapped: %v %v", role, ok)
	}
	m := rb.Rules[1].Meta()
	if m.ID != "rude" || m.Kind != "forbidden" || !m.Fatal || m.Deduct != 5 || m.MaxDeduct != 10 || m.Severity != "error" || m.Role != "agent" {
		t.Errorf("rule meta = %+v", m)
	}
	if rb.Rules[2].Meta().Severity != "warning" {
		t.Errorf("default severity = %q, want warning", rb.Rules[2].Meta().Severity)
	}
}

// TestParseErrors checks the errors reported for every broken rulebook in
// testdata/invalid against its golden file; run with -update to rewrite them.
func TestParseErrors(t *testing.T) {
	paths, err := filepath.Glob("testdata/invalid/*.yaml")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no test rulebooks: %v", err)
	}
	for _, path := range paths {
		t.Run(filepath.Base(path), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			_, err = rulebook.Parse(filepath.ToSlash(path), data, nil)
			var errs rulebook.Errors
			if !errors.As(err, &errs) {
				t.Fatalf("Parse error = %v, want rulebook.Errors", err)
			}
			got := err.Error() + "\n"
			golden := strings.TrimSuffix(path, ".yaml") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Errorf("errors differ from %s:\ngot:\n%s\nwant:\n%s", golden, got, want)
			}
		})
	}
}

func TestLoadDefault(t *testing.T) {
	rb, err := rulebook.Load(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rb.Name != "default" || len(rb.Rules) == 0 {
		t.Fatalf("default rulebook: %q with %d rules", rb.Name, len(rb.Rules))
	}
	for _, r := range rb.Rules {
		if r.Meta().Source == "" {
			t.Errorf("shipped rule %s has no source", r.Meta().ID)
		}
	}
}

func TestLoadMissingFile(t *testing.T) {
	_, err := rulebook.Load([]string{"does-not-exist.yaml"}, nil)
	if err == nil || !strings.Contains(err.Error(), "does-not-exist.yaml") {
		t.Fatalf("error = %v, want it to name the file", err)
	}
}

func TestExtends(t *testing.T) {
	rb, err := rulebook.Load([]string{"testdata/extends/child.yaml"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rb.Name != "child" || rb.Version != "2" || rb.PassScore != 90 {
		t.Errorf("child rulebook = %q %q pass %v; want child 2 with the parent's pass score 90", rb.Name, rb.Version, rb.PassScore)
	}
	var ids []string
	for _, r := range rb.Rules {
		ids = append(ids, r.Meta().ID)
	}
	if got := strings.Join(ids, ","); got != "greeting,closing,no-rude" {
		t.Errorf("rules = %s, want the parent's (less the disabled one) then the child's", got)
	}
	closing := rb.Rules[1].Meta()
	if closing.Deduct != 3 || closing.Severity != "info" || closing.Message != "未结束" {
		t.Errorf("override not applied: %+v", closing)
	}
	tests := []struct {
		call   string
		failed []string
	}{
		{"坐席：您好，快通金融，请问有什么可以帮助您？\n坐席：感谢您的来电，再见", nil},
		{"坐席：您好，请问有什么可以帮到您？\n坐席：感谢您的来电，再见", nil},
		{"坐席：喂\n坐席：谢谢您的电话，再见", []string{"greeting", "closing"}},
		{"坐席：您好请问有什么可以帮到您，你你你\n坐席：感谢您的来电，再见", nil},
	}
	for _, tt := range tests {
		call, err := transcript.ParsePlain("t.txt", tt.call, rb.Roles)
		if err != nil {
			t.Fatal(err)
		}
		pc := rule.Prepare(call, nil)
		var got []string
		for _, r := range rb.Rules {
			for _, f := range r.Check(pc) {
				got = append(got, f.Rule.ID)
			}
		}
		if strings.Join(got, ",") != strings.Join(tt.failed, ",") {
			t.Errorf("%q: findings %v, want %v", tt.call, got, tt.failed)
		}
	}
}

func TestShippedRulebooksLoad(t *testing.T) {
	for _, name := range rulebook.Names() {
		if _, err := rulebook.Shipped(name, nil); err != nil {
			t.Errorf("shipped rulebook %s: %v", name, err)
		}
	}
}

// TestRoutes: the shipped default hands an online chat to the chat rulebook (by any of
// the names exports give the channel); a rulebook's own routes pick a rulebook by
// metadata and by date, the first that admits a call; extends does not inherit them.
func TestRoutes(t *testing.T) {
	seg := segment.New()
	rb, err := rulebook.Load(nil, seg)
	if err != nil {
		t.Fatal(err)
	}
	for _, ch := range []string{"chat", " Chat ", "在线客服", "im"} {
		if got := rb.For(map[string]string{"channel": ch}); got.Name != "chat" {
			t.Errorf("channel %q: judged by %s, want chat", ch, got.Name)
		}
	}
	if got := rb.For(map[string]string{"channel": "phone"}); got != rb {
		t.Errorf("a phone call: judged by %s, want the default", got.Name)
	}
	if books := rb.Books(); len(books) != 2 || books[0] != rb || books[1].Name != "chat" {
		t.Errorf("Books: %d rulebooks, want the default and chat", len(books))
	}
	own, err := rulebook.Load([]string{"call-center"}, seg)
	if err != nil {
		t.Fatal(err)
	}
	if got := own.For(map[string]string{"channel": "chat"}); got != own || len(own.Books()) != 1 {
		t.Error("a rulebook without routes routes no call")
	}

	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write("card.yaml", "name: card\nextends: call-center\n")
	write("old.yaml", "name: old\nextends: call-center\n")
	ours := write("ours.yaml", `name: ours
extends: default
routes:
  - {metadata: {skill_group: [信用卡, credit-card], direction: inbound}, rulebook: card.yaml}
  - {until: 2026-06-30, rulebook: old.yaml}
  - {metadata: {skill_group: 信用卡}, rulebook: chat}
`)
	rb, err = rulebook.Load([]string{ours}, seg)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		meta map[string]string
		want string
	}{
		{map[string]string{"skill_group": "Credit-Card", "direction": "inbound", "date": "2026-03-01"}, "card"}, // the first route wins
		{map[string]string{"skill_group": "信用卡", "date": "2026-03-01"}, "old"},
		{map[string]string{"skill_group": "信用卡", "date": "2026-07-01"}, "chat"},
		{map[string]string{"date": "2026-06-30"}, "old"},                     // until is inclusive
		{map[string]string{"date": "2026-07-01", "channel": "chat"}, "ours"}, // not inherited from default
	} {
		if got := rb.For(tc.meta).Name; got != tc.want {
			t.Errorf("%v: judged by %s, want %s", tc.meta, got, tc.want)
		}
	}
	if n := len(rb.Books()); n != 4 {
		t.Errorf("Books: %d rulebooks, want 4", n)
	}

	bad := write("bad.yaml", "name: bad\nextends: default\nroutes:\n  - {metadata: {x: y}, rulebook: missing.yaml}\n")
	_, err = rulebook.Load([]string{bad}, seg)
	if err == nil || !strings.Contains(err.Error(), "bad.yaml:4:") || !strings.Contains(err.Error(), "missing.yaml") {
		t.Errorf("a route to a missing file: %v, want an error at bad.yaml:4 naming it", err)
	}
}

// TestOverrideThreshold: a QA lead changes the model rule's threshold in one line of
// their rulebook; the same key on a rule of another kind is an error at the override.
func TestOverrideThreshold(t *testing.T) {
	dir := t.TempDir()
	ours := filepath.Join(dir, "ours.yaml")
	if err := os.WriteFile(ours, []byte("name: ours\nextends: default\noverride:\n  forbidden-by-meaning: {threshold: 0.999}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	rb, err := rulebook.Load([]string{ours}, nil)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range rb.Rules {
		if m, ok := r.(*rule.Meaning); ok && m.M.ID == "forbidden-by-meaning" {
			found = true
			if m.Threshold != 0.999 {
				t.Errorf("threshold %v, want 0.999", m.Threshold)
			}
		}
	}
	if !found {
		t.Fatal("no forbidden-by-meaning rule")
	}
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("name: bad\nextends: default\noverride:\n  greeting: {threshold: 0.5}\n"), 0o644); err == nil {
		_, err = rulebook.Load([]string{bad}, nil)
		if err == nil || !strings.Contains(err.Error(), "bad.yaml:4:") {
			t.Errorf("threshold on a required rule: %v, want an error at bad.yaml:4", err)
		}
	}
}
