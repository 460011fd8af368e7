package normalize_test

import (
	"strings"
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/normalize"
)

var sample = strings.Repeat("您好，快通客服，我是1024号，请问有什么可以帮到您？我想查一下这个月的话费，好像比平时多了二十块。", 4)

func BenchmarkNormalize(b *testing.B) {
	b.SetBytes(int64(len(sample)))
	for i := 0; i < b.N; i++ {
		normalize.New(sample)
	}
}

func BenchmarkNormalizeTraditional(b *testing.B) {
	trad := strings.Repeat("您好，請問有什麼可以幫到您？我想查詢這個月的話費。", 4)
	b.SetBytes(int64(len(trad)))
	for i := 0; i < b.N; i++ {
		normalize.New(trad)
	}
}
