package match_test

import (
	"strings"
	"sync"
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/match"
)

func TestFindRobust(t *testing.T) {
	tests := []struct {
		name    string
		pattern string
		mode    match.Mode
		fuzzy   match.Fuzzy
		text    string
		want    []string // original text of every match, each with how it was found
	}{
		{"exact stays exact", "稍等", match.Words, match.Pinyin, "请稍等一下", []string{"稍等="}},
		{"homophone", "稍等", match.Words, match.Pinyin, "请少等一下", []string{"少等~pinyin"}},
		{"homophone needs pinyin", "稍等", match.Words, match.Fillers, "请少等一下", nil},
		{"homophones in a longer phrase", "你有完没完", match.Words, match.Pinyin, "你有玩没玩啊", []string{"你有玩没玩~pinyin"}},
		{"zh folded with z", "投诉", match.Words, match.Pinyin, "我要头速", []string{"头速~pinyin"}},
		{"nin is not ni", "您好", match.Words, match.Pinyin, "你好", nil},
		{"a reading of a polyphone", "银行", match.Words, match.Pinyin, "去银航办理", []string{"银航~pinyin"}},
		{"filler inside", "请问有什么可以帮您", match.Words, match.Fillers, "请问，嗯，有什么可以帮您", []string{"请问，嗯，有什么可以帮您~fillers"}},
		{"filler inside, exact only", "请问有什么可以帮您", match.Words, match.Exact, "请问，嗯，有什么可以帮您", nil},
		{"two-character filler", "我也没办法", match.Words, match.Fillers, "我也没那个办法", []string{"我也没那个办法~fillers"}},
		{"stutter", "我也没办法", match.Words, match.Fillers, "我也没没没办法", []string{"我也没没没办法~fillers"}},
		{"stutter of a word", "我们的电脑是不会出错的", match.Words, match.Fillers, "我们我们的电脑是不会出错的", []string{"我们的电脑是不会出错的="}},
		{"stutter inside", "谢谢您的电话再见", match.Words, match.Fillers, "谢谢您的的电话，再见", []string{"谢谢您的的电话，再见~fillers"}},
		{"filler and homophone", "稍等片刻", match.Words, match.Pinyin, "少等，嗯，片刻", []string{"少等，嗯，片刻~pinyin"}},
		{"filler in the phrase", "不能办就是不能办", match.Words, match.Fillers, "不能办，嗯，就是不能办", []string{"不能办，嗯，就是不能办~fillers"}},
		{"word boundary kept", "再见", match.Words, match.Pinyin, "我们下次再见面吧", nil},
		{"whole utterance with fillers", "讲话", match.Utterance, match.Fillers, "嗯，讲话啊！", []string{"讲话~fillers"}},
		{"a single character is never fuzzy", "你", match.Chars, match.Pinyin, "拟好", nil},
		{"fillers alone are never fuzzy", "那个", match.Words, match.Pinyin, "拿个本子", nil},
		{"a filler closing the pattern is asked for", "不看合同(吗|啊)", match.Words, match.Fillers, "谁让你不看合同的", nil},
		{"its other readings still skip fillers", "不看合同(吗|啊)", match.Words, match.Fillers, "不看那个合同吗", []string{"不看那个合同吗~fillers"}},
		{"exact and fuzzy together", "我也没办法", match.Words, match.Pinyin, "我也没办法，真的，我也没半法", []string{"我也没办法=", "我也没半法~pinyin"}},
		{"traditional homophone", "稍等片刻", match.Words, match.Pinyin, "請少等片刻", []string{"少等片刻~pinyin"}},
		{"optional start, filler inside", "[请问]X先生", match.Words, match.Fillers, "请问王先嗯生", []string{"请问王先嗯生~fillers"}},
		{"a phrase's own reduplication is said in full", "磨磨唧唧", match.Words, match.Pinyin, "您莫急，我帮您查", nil},
		{"a stutter of a reduplicated phrase", "磨磨唧唧", match.Words, match.Fillers, "别磨磨磨唧唧的", []string{"磨磨唧唧="}},
		{"a filler of the phrase may be left out", "规定就是这样", match.Words, match.Pinyin, "规定这样，没办法", []string{"规定这样~pinyin"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := match.Compile(tt.pattern, tt.mode)
			if err != nil {
				t.Fatal(err)
			}
			p.Fuzzy = tt.fuzzy
			check := func(txt *match.Text, how string) {
				t.Helper()
				var got []string
				for _, h := range p.FindAllRobust(txt) {
					got = append(got, describeHit(txt, h))
				}
				if strings.Join(got, "|") != strings.Join(tt.want, "|") {
					t.Errorf("%s: FindAllRobust(%q in %q) = %q, want %q", how, tt.pattern, tt.text, got, tt.want)
				}
				if len(got) > 0 && !p.MayOccur(txt) && !p.MayOccurTolerant(txt) {
					t.Errorf("%s: %q matches in %q, but MayOccur and MayOccurTolerant say it cannot", how, tt.pattern, tt.text)
				}
				h, ok := p.FindRobust(txt)
				switch {
				case ok != (len(tt.want) > 0):
					t.Errorf("%s: FindRobust found %v, want %v", how, ok, len(tt.want) > 0)
				case ok && describeHit(txt, h) != tt.want[0] && !strings.HasSuffix(tt.want[0], "=") && len(tt.want) == 1:
					t.Errorf("%s: FindRobust = %q, want %q", how, describeHit(txt, h), tt.want[0])
				}
			}
			check(match.NewText(tt.text, seg), "alone")
			// The same pattern in a Set with others, through the prefilters.
			set := match.NewSet(seg)
			for _, other := range []string{"您好", "再见", "谢谢"} {
				q, _ := match.Compile(other, match.Words)
				q.Fuzzy = match.Pinyin
				set.Add(q)
			}
			q, _ := match.Compile(tt.pattern, tt.mode)
			q.Fuzzy = tt.fuzzy
			set.Add(q)
			set.Build()
			p = q
			check(set.NewText(tt.text), "in a set")
		})
	}
}

func describeHit(txt *match.Text, h match.Hit) string {
	s := txt.Source(h.Start, h.End)
	if h.Fuzzy == match.Exact {
		return s + "="
	}
	return s + "~" + string(h.Fuzzy)
}

func TestSetFillers(t *testing.T) {
	set := match.NewSet(seg)
	p, _ := match.Compile("我也没办法", match.Words)
	p.Fuzzy = match.Fillers
	set.Add(p)
	set.SetFillers([]string{"这个"})
	set.Build()
	if hs := p.FindAllRobust(set.NewText("我也没这个办法")); len(hs) != 1 {
		t.Errorf("own filler 这个: %v, want one match", hs)
	}
	if hs := p.FindAllRobust(set.NewText("我也没那个办法")); len(hs) != 0 {
		t.Errorf("那个 is no filler of this set: %v, want none", hs)
	}
}

func TestPinyinKey(t *testing.T) {
	for r, want := range map[rune]string{'稍': "sao", '少': "sao", '您': "nin", '你': "ni", '成': "cen", '绿': "lv", 'a': ""} {
		if got := match.PinyinKey(r); got != want {
			t.Errorf("PinyinKey(%q) = %q, want %q", r, got, want)
		}
	}
}

func TestJoin(t *testing.T) {
	set := match.NewSet(seg)
	p, _ := match.Compile("谢谢您的电话[，]再见", match.Words)
	set.Add(p)
	set.Build()
	a, b := set.NewText("好的，谢谢您的电话"), set.NewText("再见！")
	j := match.Join(a, b)
	sp, ok := p.Find(j)
	if !ok {
		t.Fatal("no match across the join")
	}
	if got := j.Source(sp.Start, sp.End); got != "谢谢您的电话"+match.JoinSeparator+"再见" {
		t.Errorf("quoted %q", got)
	}
	if sp.Start >= len(a.Norm) || sp.End <= len(a.Norm) {
		t.Errorf("span %v does not cross the join at %d", sp, len(a.Norm))
	}
}

func TestNearest(t *testing.T) {
	p, _ := match.Compile("您好{0,20}请问有什么(可以|能)(帮到|帮助|帮)您", match.Words)
	txt := match.NewText("你好，快通客服，请问有什么可以帮你", seg)
	n, ok := p.Nearest(txt)
	if !ok {
		t.Fatal("no near miss")
	}
	if n.Distance != 2 || txt.Source(n.Start, n.End) != "你好，快通客服，请问有什么可以帮你" {
		t.Errorf("Nearest = %+v %q", n, txt.Source(n.Start, n.End))
	}
	p2, _ := match.Compile("谢谢您的电话再见", match.Words)
	n, _ = p2.Nearest(match.NewText("谢谢你的电话在见", seg))
	if n.Distance != 1 || n.Chars != 2 || n.Length != 7 {
		t.Errorf("Nearest = %+v, want 1 syllable, 2 characters of 7 (谢谢 said once)", n)
	}
}

// The tolerant forms of a set are built once, whichever goroutine asks first.
func TestRobustConcurrent(t *testing.T) {
	set := match.NewSet(seg)
	p, _ := match.Compile("稍等", match.Words)
	p.Fuzzy = match.Pinyin
	set.Add(p)
	set.Build()
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, ok := p.FindRobust(set.NewText("请少等")); !ok {
				t.Error("not found")
			}
		}()
	}
	wg.Wait()
}

// A Compiler parses a text once and gives every caller a Pattern of its own: patterns of
// one text with different modes and fuzziness, in one set, find what each finds compiled
// alone in a set of its own (complaint.yaml aliases one list some sixty times).
func TestCompilerSharesParse(t *testing.T) {
	src := "(我也|我)没(办法|招)"
	texts := []string{"我也没办法", "我也没半法", "我也没那个办法", "我没招了", "办法我也没", "说我也没办法解决"}
	kinds := []struct {
		mode  match.Mode
		fuzzy match.Fuzzy
	}{{match.Words, match.Pinyin}, {match.Words, match.Exact}, {match.Chars, match.Fillers}, {match.Utterance, match.Pinyin}}
	var c match.Compiler
	shared := match.NewSet(seg)
	var sharedPatterns []*match.Pattern
	for _, k := range kinds {
		p, err := c.Compile(src, k.mode)
		if err != nil {
			t.Fatal(err)
		}
		p.Fuzzy = k.fuzzy
		shared.Add(p)
		sharedPatterns = append(sharedPatterns, p)
	}
	shared.Build()
	if sharedPatterns[0] == sharedPatterns[1] {
		t.Fatal("Compiler returned one Pattern twice")
	}
	for i, k := range kinds {
		alone, err := match.Compile(src, k.mode)
		if err != nil {
			t.Fatal(err)
		}
		alone.Fuzzy = k.fuzzy
		own := match.NewSet(seg)
		own.Add(alone)
		own.Build()
		for _, text := range texts {
			var got, want []string
			st := shared.NewText(text)
			for _, h := range sharedPatterns[i].FindAllRobust(st) {
				got = append(got, describeHit(st, h))
			}
			ot := own.NewText(text)
			for _, h := range alone.FindAllRobust(ot) {
				want = append(want, describeHit(ot, h))
			}
			if strings.Join(got, "|") != strings.Join(want, "|") {
				t.Errorf("%s/%v in %q: shared parse finds %q, alone %q", k.mode, k.fuzzy, text, got, want)
			}
		}
	}
	if _, err := c.Compile("(我也", match.Words); err == nil {
		t.Error("a Compiler accepted a pattern Compile rejects")
	}
	var none *match.Compiler
	if p, err := none.Compile(src, match.Words); err != nil || p == nil {
		t.Errorf("nil Compiler: %v", err)
	}
}
