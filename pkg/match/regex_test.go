package match_test

import (
	"strings"
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/match"
)

func TestRegexAndEntities(t *testing.T) {
	tests := []struct {
		name   string
		regex  string // "entity:NAME" for an entity
		mode   match.Mode
		text   string
		want   []string // original text of every match
		prefix string   // the literal it is anchored on
	}{
		{"digits after normalisation", `1[3-9]\d{9}`, match.Chars, "手机138-1234-5678，谢谢", []string{"138-1234-5678"}, "1"},
		{"required literal", `年化(收益)?\d+`, match.Chars, "这款产品年化5.5%，年化收益4", []string{"年化5.5", "年化收益4"}, "年化"},
		{"longest required literal", `(保证|承诺)[^，]{0,6}收益率`, match.Chars, "我们保证您的收益率", []string{"保证您的收益率"}, "收益率"},
		{"literal after an alternation", `(保证|承诺)收益`, match.Chars, "承诺收益", []string{"承诺收益"}, "收益"},
		{"no literal under alternation", `(保证|承诺)`, match.Chars, "承诺收益", []string{"承诺"}, ""},
		{"case folded is no prefilter", `(?i)vip\d`, match.Chars, "VIP3客户", []string{"VIP3"}, ""},
		{"utterance mode is the whole text", `(好的|嗯)`, match.Utterance, "好的。", []string{"好的"}, ""},
		{"utterance mode, more said", `(好的|嗯)`, match.Utterance, "好的，我查一下", nil, ""},
		{"words mode keeps to word edges", `再见`, match.Words, "我们下次再见面吧", nil, "再见"},
		{"empty matches never count", `\d*`, match.Chars, "没有数字", nil, ""},
		{"phone", "entity:phone", "", "我的手机号13812345678", []string{"13812345678"}, ""},
		{"phone in Chinese digits", "entity:phone", "", "电话是一三八一二三四五六七八", []string{"一三八一二三四五六七八"}, ""},
		{"phone read with 幺", "entity:phone", "", "幺三八一二三四五六七八", []string{"幺三八一二三四五六七八"}, ""},
		{"masked phone", "entity:phone", "", "打我手机137****8842", []string{"137****8842"}, ""},
		{"masked phone in Chinese digits", "entity:phone", "", "一三八****五五九零", []string{"一三八****五五九零"}, ""},
		{"a short number and a mask are no phone", "entity:phone", "", "尾号****8842", nil, ""},
		{"no phone inside a longer number", "entity:phone", "", "身份证110105194912310021", nil, ""},
		{"ten digits are no phone", "entity:phone", "", "1381234567", nil, ""},
		{"id card with X", "entity:id-card", "", "证件号11010519491231002X", []string{"11010519491231002X"}, ""},
		{"bank card", "entity:bank-card", "", "卡号 6222 0212 3456 7890 123", []string{"6222 0212 3456 7890 123"}, ""},
		{"amount", "entity:amount", "", "退您五十元，另外200块", []string{"五十元", "200块"}, ""},
		{"percent as said", "entity:percent", "", "收益率百分之五点五", []string{"百分之五点五"}, "百分之"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var p *match.Pattern
			var err error
			if name, ok := strings.CutPrefix(tt.regex, "entity:"); ok {
				p, err = match.CompileEntity(name)
			} else {
				p, err = match.CompileRegex(tt.regex, tt.mode)
			}
			if err != nil {
				t.Fatal(err)
			}
			if !p.Regex() || p.Fuzzy != match.Exact {
				t.Errorf("Regex %v, Fuzzy %v", p.Regex(), p.Fuzzy)
			}
			if got := p.RequiredLiteral(); got != tt.prefix {
				t.Errorf("required literal %q, want %q", got, tt.prefix)
			}
			// Alone and in a Set (where the required literal is its anchor) alike.
			set := match.NewSet(seg)
			set.Add(p)
			set.Build()
			for _, txt := range []*match.Text{match.NewText(tt.text, seg), set.NewText(tt.text)} {
				var got []string
				for _, sp := range p.FindAll(txt) {
					got = append(got, txt.Source(sp.Start, sp.End))
				}
				if strings.Join(got, "|") != strings.Join(tt.want, "|") {
					t.Errorf("matches %q, want %q", got, tt.want)
				}
			}
		})
	}
}

func TestRegexErrors(t *testing.T) {
	for _, src := range []string{`(oops`, `a{1001}`, `\8`} {
		if _, err := match.CompileRegex(src, match.Chars); err == nil || !strings.Contains(err.Error(), src) {
			t.Errorf("%q: %v", src, err)
		}
	}
	if _, err := match.CompileEntity("email"); err == nil || !strings.Contains(err.Error(), "phone") {
		t.Errorf("unknown entity: %v", err)
	}
}

// An expression's required literal is its anchor in the Set: on an utterance without it
// the expression is never run (MayOccur is a bit test after the Set's one pass).
func TestRegexPrefilter(t *testing.T) {
	p, _ := match.CompileRegex(`收益率\d+`, match.Chars)
	set := match.NewSet(seg)
	set.Add(p)
	set.Build()
	if p.MayOccur(set.NewText("您好，请问有什么可以帮您")) {
		t.Error("may occur without its literal")
	}
	if !p.MayOccur(set.NewText("年化收益率5")) {
		t.Error("may not occur with its literal")
	}
}
