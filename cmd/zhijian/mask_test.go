package main_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Reports show personal numbers masked in every format unless --no-mask or the
// rulebook's mask_pii: false asks for them whole; the rules still see them whole.
func TestReportsMaskPersonalNumbers(t *testing.T) {
	dir := t.TempDir()
	call := filepath.Join(dir, "call.txt")
	os.WriteFile(call, []byte("坐席：您好，请问有什么可以帮您？\n客户：我的手机号13812345678，卡号6222021234567890123\n坐席：我念一下，一三八一二三四五六七八，对吗？\n"), 0o644)
	book := func(extra string) string {
		p := filepath.Join(dir, "book"+extra+".yaml")
		os.WriteFile(p, []byte(`name: pii
`+extra+`
rules:
  - id: read-back-card
    kind: forbidden
    role: customer
    message: 客户报了卡号
    phrases: ["卡号"]
  - id: read-number
    kind: forbidden
    message: 坐席念了号码
    phrases: ["我念一下"]
`), 0o644)
		return p
	}
	masked, whole := book(""), book("mask_pii: false")
	secrets := []string{"13812345678", "6222021234567890123", "一三八一二三四五六七八"}
	for _, tt := range []struct {
		name string
		args []string
		keep bool
	}{
		{"default", []string{"--rules", masked}, false},
		{"--no-mask", []string{"--rules", masked, "--no-mask"}, true},
		{"mask_pii: false", []string{"--rules", whole}, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out := t.TempDir()
			args := append([]string{"check", "-q"}, tt.args...)
			for _, f := range []string{"json", "csv", "html", "txt", "xlsx"} {
				args = append(args, "-o", filepath.Join(out, "r."+f))
			}
			r := zhijian(t, "", append(args, call)...)
			if r.code > 1 {
				t.Fatalf("exit %d: %s", r.code, r.stderr)
			}
			for _, f := range []string{"json", "csv", "html", "txt"} {
				data, err := os.ReadFile(filepath.Join(out, "r."+f))
				if err != nil {
					t.Fatal(err)
				}
				for _, s := range secrets {
					if strings.Contains(string(data), s) != tt.keep {
						t.Errorf("%s report: %q shown whole: %v, want %v", f, s, !tt.keep, tt.keep)
					}
				}
				if !tt.keep && !strings.Contains(string(data), "138****5678") {
					t.Errorf("%s report lacks the masked number", f)
				}
			}
		})
	}
}
