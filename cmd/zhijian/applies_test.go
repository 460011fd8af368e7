package main_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// applies: routes rules by call metadata and dates rule versions: a batch spanning a
// rule change is scored by the rules in force on each call's date.
func TestAppliesRoutesAndDates(t *testing.T) {
	dir := t.TempDir()
	book := filepath.Join(dir, "book.yaml")
	os.WriteFile(book, []byte(`name: versions
rules:
  - id: old-greeting
    kind: required
    role: agent
    window: {first: 1}
    phrases: [您好请讲]
    applies: {until: 2026-06-30}
    message: 旧版开场白
  - id: new-greeting
    kind: required
    role: agent
    window: {first: 1}
    phrases: [您好很高兴为您服务]
    applies: {from: 2026-07-01}
    message: 新版开场白
  - id: vip-title
    kind: required
    role: agent
    phrases: [尊敬的]
    applies: {metadata: {customer_level: [vip, 贵宾]}}
    message: 贵宾客户须称“尊敬的”
`), 0o644)
	call := func(name, header, greeting string) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(header+"坐席："+greeting+"\n客户：查话费。\n坐席：好的。\n"), 0o644)
		return p
	}
	paths := []string{
		call("march.txt", "# date: 2026-03-01\n", "您好，请讲。"),
		call("august.txt", "# date: 2026/08/01\n", "您好请讲"),
		call("vip.txt", "# date: 2026-08-02\n# customer_level: VIP\n", "您好，很高兴为您服务"),
	}
	r := zhijian(t, "", append([]string{"check", "-f", "json", "--rules", book}, paths...)...)
	var rep struct {
		Files []struct {
			Path     string
			Findings []struct{ Rule string }
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("%v\n%s%s", err, r.stdout, r.stderr)
	}
	want := map[string][]string{"march.txt": nil, "august.txt": {"new-greeting"}, "vip.txt": {"vip-title"}}
	for _, f := range rep.Files {
		var got []string
		for _, fd := range f.Findings {
			got = append(got, fd.Rule)
		}
		if w := want[filepath.Base(f.Path)]; len(got) != len(w) || len(w) > 0 && got[0] != w[0] {
			t.Errorf("%s: findings %v, want %v", filepath.Base(f.Path), got, w)
		}
	}
}
