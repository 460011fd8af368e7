package segment_test

import "testing"

func BenchmarkTokens(b *testing.B) {
	clause := "我想查一下这个月的话费好像比平时多了二十块请问是什么原因"
	if _, err := seg.Tokens(nil, clause); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(clause)))
	var dst []int
	for i := 0; i < b.N; i++ {
		dst, _ = seg.Tokens(dst[:0], clause)
	}
}
