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
