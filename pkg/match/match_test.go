package match_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/match"
	"github.com/zhijian-qa/zhijian/pkg/segment"
)

var seg = segment.New()

func TestFind(t *testing.T) {
	tests := []struct {
		name    string
		pattern string
		mode    match.Mode
		text    string
		want    []string // original text of every match
	}{
		{"inside a longer token", "谢谢", match.Words, "谢谢您的电话，再见！", []string{"谢谢"}},
		{"punctuation is a boundary", "电话再见", match.Words, "谢谢您的电话，再见！", []string{"电话，再见"}},
		{"token prefix", "稍等", match.Words, "稍等一下", []string{"稍等"}},
		{"surname then title", "先生", match.Words, "王先生，您好", []string{"先生"}},
		{"not inside 再见面", "再见", match.Words, "我们下次再见面吧", nil},
		{"chars mode ignores words", "再见", match.Chars, "我们下次再见面吧", []string{"再见"}},
		{"spaced ASR text", "你有完没完", match.Words, "你 有 完 没 完", []string{"你 有 完 没 完"}},
		{"every occurrence", "我也没办法", match.Words, "我也没办法！真的，我也没办法。", []string{"我也没办法", "我也没办法"}},
		{"optional part present", "我们的电脑是[绝对]不会出错的", match.Words, "我们的电脑是绝对不会出错的！", []string{"我们的电脑是绝对不会出错的"}},
		{"optional part absent", "我们的电脑是[绝对]不会出错的", match.Words, "我们的电脑是不会出错的", []string{"我们的电脑是不会出错的"}},
		{"alternatives", "改天再(联系|通知)你", match.Words, "改天再通知你吧", []string{"改天再通知你"}},
		{"traditional text", "改天再(联系|通知)你", match.Words, "改天再聯系你", []string{"改天再聯系你"}},
		{"traditional phrase", "處理投訴", match.Words, "我来处理投诉", []string{"处理投诉"}},
		{"slot for a department", "你要去**部[，]这不是我们的事", match.Words, "你要去技术部，这不是我们的事。", []string{"你要去技术部，这不是我们的事"}},
		{"name slot", "对不起，X先生/小姐，让您久等了", match.Words, "对不起，李小姐，让您久等了！", []string{"对不起，李小姐，让您久等了"}},
		{"leading slot is shortest", "X先生/小姐", match.Words, "您好王先生", []string{"王先生"}},
		{"job number slot", "您好，××公司，我是××号，请问有什么可以帮您", match.Words, "您好，快通公司，我是1024号，请问有什么可以帮您？", []string{"您好，快通公司，我是1024号，请问有什么可以帮您"}},
		{"ellipsis gap", "您好…请问有什么可以帮(到)您", match.Words, "您好，快通客服，请问有什么可以帮到您？", []string{"您好，快通客服，请问有什么可以帮到您"}},
		{"ellipsis gap too wide", "您好…请问有什么可以帮(到)您", match.Words, "您好，这里是非常非常非常长的公司名字客服中心，请问有什么可以帮到您？", nil},
		{"counted gap", "您好{0,2}请讲", match.Words, "您好，李四请讲", []string{"您好，李四请讲"}},
		{"whole utterance", "讲话", match.Utterance, "讲话！", []string{"讲话"}},
		{"whole utterance only", "讲话", match.Utterance, "您讲话的时候对方听不到", nil},
		{"whole clause", "等一下", match.Clause, "好的，我查一下，等一下。", []string{"等一下"}},
		{"whole clause at the start", "等一下", match.Clause, "等一下，我看看", []string{"等一下"}},
		{"clause inside a longer clause", "等一下", match.Clause, "您等一下会收到短信", nil},
		{"clause, optional parts taken", "[您]等一下", match.Clause, "好，您等一下！", []string{"您等一下"}},
		{"full width latin", "vip", match.Words, "您是ＶＩＰ客户", []string{"ＶＩＰ"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := match.Compile(tt.pattern, tt.mode)
			if err != nil {
				t.Fatal(err)
			}
			txt := match.NewText(tt.text, seg)
			var got []string
			for _, sp := range p.FindAll(txt) {
				got = append(got, txt.Source(sp.Start, sp.End))
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("FindAll(%q in %q) = %q, want %q", tt.pattern, tt.text, got, tt.want)
			}
			// The same pattern in a Set, found through the one-pass prefilter, among
			// other patterns sharing its literals.
			set := match.NewSet(seg)
			for _, other := range []string{"再见", "您好", "谢谢您"} {
				o, _ := match.Compile(other, match.Words)
				set.Add(o)
			}
			ps, _ := match.Compile(tt.pattern, tt.mode)
			set.Add(ps)
			set.Build()
			st := set.NewText(tt.text)
			var viaSet []string
			for _, sp := range ps.FindAll(st) {
				viaSet = append(viaSet, st.Source(sp.Start, sp.End))
			}
			if strings.Join(viaSet, "|") != strings.Join(tt.want, "|") {
				t.Errorf("in a Set: FindAll(%q in %q) = %q, want %q", tt.pattern, tt.text, viaSet, tt.want)
			}
		})
	}
}

func TestCompileErrors(t *testing.T) {
	tests := []struct {
		pattern, wantErr string
	}{
		{"", "empty"},
		{"(请|麻烦", "unclosed"},
		{"请)", "unbalanced"},
		{"[绝对", "unclosed"},
		{"您好{3,1}", "invalid gap"},
		{"您好{a}", "gap must be"},
		{"XX", "no literal"},
		{"(您好…请讲)", "no gap or slot inside brackets"},
		{"/小姐", "'/' needs text"},
		{"((((((((((a|b)|c)|d)|e)|f)|g)|h)|i)|j)|k)", ""},
		{"(一|二|三|四|五|六)(一|二|三|四|五|六)(一|二|三|四|五|六)(一|二|三|四|五|六)(一|二|三|四|五|六)", "more than"},
		// Optional characters one after another collapse ("[好][好]" is three strings)
		// until past the limit, then fail at once (they kept growing longer: minutes).
		{strings.Repeat("[好]", 300) + "的", ""},
		{strings.Repeat("[好]", 40_000), "more than"},
		{"请[问]先生/小姐" + strings.Repeat("[好]", 40_000), "more than"},
		// 1,024 strings of a 300,000-character run: 900 MB.
		{strings.Repeat("(a|b)", 10) + strings.Repeat("好", 300_000), "more than"},
		{strings.Repeat("(a|b)", 10) + strings.Repeat("好", 300), ""},
		{strings.Repeat("好", 400_000), "more than"},
	}
	for _, tt := range tests {
		_, err := match.Compile(tt.pattern, match.Words)
		switch {
		case tt.wantErr == "" && err != nil:
			t.Errorf("Compile(%q): unexpected error %v", tt.pattern, err)
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("Compile(%q) error = %v, want it to contain %q", tt.pattern, err, tt.wantErr)
		}
	}
}

// TestSetFindsAsPlain checks the one-pass anchor search of a Set against searching each
// pattern alone, on overlapping literals, shared prefixes and suffixes.
func TestSetFindsAsPlain(t *testing.T) {
	lits := []string{"再见", "再见面", "见面", "谢谢", "谢谢您", "您", "a", "ab", "bab"}
	set := match.NewSet(nil)
	var ps []*match.Pattern
	for _, l := range lits {
		p, err := match.Compile(l, match.Chars)
		if err != nil {
			t.Fatal(err)
		}
		set.Add(p)
		ps = append(ps, p)
	}
	set.Build()
	for _, text := range []string{"我们下次再见面吧谢谢您再见", "abababab", "您您您", ""} {
		st, plain := set.NewText(text), match.NewText(text, nil)
		for i, p := range ps {
			a, b := p.FindAll(st), p.FindAll(plain)
			if fmt.Sprint(a) != fmt.Sprint(b) {
				t.Errorf("%q in %q: set %v, plain %v", lits[i], text, a, b)
			}
		}
	}
}

// TestSetFindsAsPlainManyCandidates: a text of many candidates keeps them sorted by
// literal, and a pattern's next anchor is looked for by its literals or by the text's,
// whichever are fewer: each finds what searching the pattern alone finds.
func TestSetFindsAsPlainManyCandidates(t *testing.T) {
	srcs := []string{"(一|二|三|四|五|六|七|八|九|十|零|百|千|万)号", "您好", "谢谢", "(再见|拜拜)", "号{0,3}谢谢",
		"(您好|你好|早上好|下午好|晚上好|喂)[请问]{0,2}(一|三|五|七|九)"}
	set := match.NewSet(nil)
	var ps []*match.Pattern
	for _, src := range srcs {
		p, err := match.Compile(src, match.Chars)
		if err != nil {
			t.Fatal(err)
		}
		set.Add(p)
		ps = append(ps, p)
	}
	set.Build()
	for _, n := range []int{1, 5, 12, 40} {
		text := strings.Repeat("您好一号谢谢您好二号再见，喂请问三号拜拜", n) + "晚上好九"
		st, plain := set.NewText(text), match.NewText(text, nil)
		for i, p := range ps {
			a, b := p.FindAll(st), p.FindAll(plain)
			if fmt.Sprint(a) != fmt.Sprint(b) {
				t.Errorf("%q in %d repeats: set %v, plain %v", srcs[i], n, a, b)
			}
		}
	}
}
