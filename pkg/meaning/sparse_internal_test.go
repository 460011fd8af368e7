package meaning

import (
	"testing"
)

// The sparse table scores exactly as the dense one it was made from.
func TestSparseScoresAsDense(t *testing.T) {
	m, err := Shipped("forbidden-phrase")
	if err != nil {
		t.Fatal(err)
	}
	dense := *m
	dense.sparse = nil
	for _, s := range []string{"", "你急什么急", "您好请问有什么可以帮您", "你自己看去吧我也没办法", "请稍等我帮您查一下谢谢您的耐心等待"} {
		if a, b := m.Score(s), dense.Score(s); a != b {
			t.Errorf("%q: sparse %v, dense %v", s, a, b)
		}
	}
}
