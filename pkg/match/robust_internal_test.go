package match

import (
	"fmt"
	"testing"
)

// skeletonOf, over a string, is skeleton over its runes.
func TestSkeletonOf(t *testing.T) {
	fillers := fillerRunes(DefaultFillers)
	for _, s := range []string{"", "嗯", "我我我也没没办法", "那那个个个是", "你问我就是那那个我问谁", "嗯嗯啊好的", "abc那个1", "谢谢谢谢您"} {
		a, af := skeleton([]rune(s), fillers)
		b, bf := skeletonOf(s, fillers)
		if string(a) != string(b) || fmt.Sprint(af) != fmt.Sprint(bf) {
			t.Errorf("%q: skeleton %q %v, skeletonOf %q %v", s, string(a), af, string(b), bf)
		}
	}
}
