package match_test

import (
	"strings"
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/match"
)

// BenchmarkSetScan prepares an utterance and finds 300 phrases in it through a Set.
func BenchmarkSetScan(b *testing.B) {
	set := match.NewSet(seg)
	var ps []*match.Pattern
	words := []string{"你有完没完", "我也没办法", "不是我的事", "你听明白了吗", "再讲一遍", "您好{0,20}请问有什么可以帮[到]您", "谢谢您的电话{0,12}再见"}
	for i := 0; i < 300; i++ {
		p, err := match.Compile(words[i%len(words)]+strings.Repeat("啊", i/len(words)%3), match.Words)
		if err != nil {
			b.Fatal(err)
		}
		set.Add(p)
		ps = append(ps, p)
	}
	set.Build()
	text := "您好，快通客服，我是1024号，请问有什么可以帮到您？我也没办法，你有完没完。谢谢您的电话，再见！"
	b.SetBytes(int64(len(text)))
	for i := 0; i < b.N; i++ {
		t := set.NewText(text)
		for _, p := range ps {
			p.FindAll(t)
		}
	}
}

// BenchmarkRegexAbsentLiteral compares an expression with a literal phrase of the same
// required text on utterances where that text never occurs: the expression, anchored in
// the Set on its required literal, must cost what the phrase costs (issue 23).
func BenchmarkRegexAbsentLiteral(b *testing.B) {
	texts := []string{
		"您好，快通客服，我是1024号，请问有什么可以帮到您？",
		"我想查一下这个月的话费，怎么多扣了二十块钱。",
		"好的，请您稍等，我帮您查询一下本月的账单明细。",
		"谢谢您的耐心等待，您本月的话费是五十八元，其中流量费十元。",
	}
	for _, c := range []struct {
		name  string
		build func() (*match.Pattern, error)
	}{
		{"literal", func() (*match.Pattern, error) { return match.Compile("年化收益率", match.Chars) }},
		{"regex", func() (*match.Pattern, error) { return match.CompileRegex(`年化收益率\d+`, match.Chars) }},
	} {
		b.Run(c.name, func(b *testing.B) {
			p, err := c.build()
			if err != nil {
				b.Fatal(err)
			}
			set := match.NewSet(seg)
			set.Add(p)
			set.Build()
			for i := 0; i < b.N; i++ {
				t := set.NewText(texts[i%len(texts)])
				if p.MayOccur(t) {
					p.FindAll(t)
				}
			}
		})
	}
}
