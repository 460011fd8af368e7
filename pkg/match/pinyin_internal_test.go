package match

import (
	"strings"
	"testing"
)

// pinyinString writes each character's key in line: it must spell what pinyinRune says
// of each character, a byte that is not UTF-8 as U+FFFD, as writing rune by rune does.
func TestPinyinStringRuneByRune(t *testing.T) {
	for _, s := range []string{"", "a", "稍等一下", "银行长时间", "ＶＩＰ客户123", "𠮷野家", "坏\xff字节\xe4\xbd", "\u3000〇零", "\ue000\uf8ff"} {
		var want strings.Builder
		for _, r := range s {
			want.WriteRune(pinyinRune(r))
		}
		if got := pinyinString(s); got != want.String() {
			t.Errorf("pinyinString(%q) = %q, want %q", s, got, want.String())
		}
	}
}
