package match

import (
	"math/rand"
	"regexp"
	"regexp/syntax"
	"strings"
	"testing"
)

// The small matcher finds what regexp finds, match for match, on the expressions it
// takes: those of the shipped rulebooks and generated ones, over texts of their
// characters, others, and bytes that are not UTF-8.
func TestMiniREAgreesWithRegexp(t *testing.T) {
	exprs := []string{
		"[0-9a-z零〇一二三四五六七八九幺两]{1,6}号(客服|话务员|坐席|座席|专员|为您服务|很高兴)",
		"(客服|话务员|坐席|座席|专员)[0-9a-z零〇一二三四五六七八九幺两]{1,6}号",
		"(热线|专线|服务|服务中心|客服中心|服务台)[0-9a-z零〇一二三四五六七八九幺两]{1,6}号",
		"(我是|是)(客服|话务员|坐席|座席|专员|客服专员)[0-9]{3,6}",
		"(客服|话务员|坐席|座席|专员)[0-9]{3,6}(为您服务|很高兴|竭诚)",
		"[0-9零〇一二三四五六七八九幺]{5,}",
		Entities["phone"], Entities["id-card"], Entities["bank-card"],
		"a{2,4}?b", "(ab|a)(bc|c)?", "(?:a|ab)(?:c|bcd)", "x(ab){1,3}y?", "(a?){2}b", "(a|)+",
		"[^a]{0,3}b", "(?:ab)??c", ".{1,3}号", "(a|b|)c", "a(b(c)?)?", "(号|)[0-9]{0,2}",
		"(?:(a)|b){0,2}c", "[ab]{0,5}?a", "号", "",
	}
	alphabet := []string{"0", "1", "2", "9", "a", "b", "c", "x", "y", "d", "号", "客服", "话务员", "专员", "服务",
		"中心", "为您服务", "很高兴", "一", "幺", "是", "我是", "\xff", "\xe5\x8f", "\n", "z", "坐席"}
	rng := rand.New(rand.NewSource(1))
	took := 0
	for _, src := range exprs {
		tree, err := syntax.Parse(src, syntax.Perl)
		if err != nil {
			t.Fatal(err)
		}
		mini := compileMini(tree)
		if mini == nil {
			continue
		}
		took++
		re := regexp.MustCompile(src)
		var starts []rune
		if !hasAssertion(tree) {
			starts, _ = startRunes(tree.Simplify())
		}
		r := &regexPattern{re: re, starts: starts, mini: mini}
		plain := &regexPattern{re: re, starts: starts}
		for range 3000 {
			var b strings.Builder
			for n := rng.Intn(14); n > 0; n-- {
				b.WriteString(alphabet[rng.Intn(len(alphabet))])
			}
			text := b.String()
			for from := 0; from <= len(text); from++ {
				s1, e1, ok1 := r.find(text, from)
				s2, e2, ok2 := plain.find(text, from)
				if s1 != s2 || e1 != e2 || ok1 != ok2 {
					t.Fatalf("%q in %q from %d: mini %d,%d,%v; regexp %d,%d,%v", src, text, from, s1, e1, ok1, s2, e2, ok2)
				}
			}
		}
	}
	if took < 20 {
		t.Fatalf("the small matcher took %d of the expressions", took)
	}
}

// It leaves to regexp what it does not take.
func TestMiniRELeaves(t *testing.T) {
	for _, src := range []string{"^a", "a$", `\bab`, "a*", "a+b", "(?i)ab", "a{1,100}", "(a|b){1,12}(c|d){1,12}(e|f){1,12}(g|h){1,12}"} {
		tree, err := syntax.Parse(src, syntax.Perl)
		if err != nil {
			t.Fatal(err)
		}
		if compileMini(tree) != nil {
			t.Errorf("%q taken", src)
		}
	}
}
