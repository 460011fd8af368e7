package match

import (
	"math/rand"
	"strings"
	"testing"
)

// A search started at the first character a match may start with (regexPattern.starts)
// must find what the search from every position finds, from every offset, text that is
// not UTF-8 included; an expression with assertions or that may match empty text keeps
// no starts.
func TestRegexStartsFindWhatTheFullSearchFinds(t *testing.T) {
	exprs := []string{
		"[0-9a-z零〇一二三四五六七八九幺两]{1,6}号(客服|话务员|坐席|座席|专员|为您服务|很高兴)",
		"(热线|专线|服务|服务中心|客服中心|服务台)[0-9a-z零〇一二三四五六七八九幺两]{1,6}号",
		"(我是|是)(客服|话务员|坐席|座席|专员|客服专员)[0-9]{3,6}",
		"(客服|话务员|坐席|座席|专员)[0-9]{3,6}(为您服务|很高兴|竭诚)",
		"[0-9零〇一二三四五六七八九幺]{5,}",
		Entities["phone"], Entities["amount"], Entities["percent"],
		`[^号]{2}号`, `(?i)a+号`, `号*客服`, `\b客服`, `客服$`, `^一三`, `(客服)?号`, `.号`,
	}
	keepsNone := map[string]bool{`(?i)a+号`: true, `号*客服`: true, `\b客服`: true, `客服$`: true, `^一三`: true, `(客服)?号`: true, `.号`: true}
	pieces := []string{"客服", "号", "我是", "是", "1", "03", "7", "一", "三", "幺", "a", "A", "很高兴", "服务", "元",
		"百分之", "五", "，", "\uFFFD", "\xef", "\xe4\xb8"}
	rng := rand.New(rand.NewSource(3))
	for _, src := range exprs {
		p, err := CompileRegex(src, Chars)
		if err != nil {
			t.Fatal(err)
		}
		if got := p.regex.starts == nil; got != keepsNone[src] {
			t.Fatalf("%s: no starts %v, want %v", src, got, keepsNone[src])
		}
		q, _ := CompileRegex(src, Chars) // the same expression searched from every position
		q.regex.starts = nil
		for range 3000 {
			var b strings.Builder
			for range rng.Intn(12) {
				b.WriteString(pieces[rng.Intn(len(pieces))])
			}
			text := NewText(b.String(), nil)
			for from := 0; from <= len(text.Norm); from++ {
				got, ok := p.findRegex(text, from)
				want, wantOK := q.findRegex(text, from)
				if got != want || ok != wantOK {
					t.Fatalf("%s in %q from %d: %v %v, want %v %v", src, text.Norm, from, got, ok, want, wantOK)
				}
			}
		}
	}
}
