package segment

import (
	"strconv"
	"testing"
	"unicode/utf8"

	"github.com/zhijian-qa/zhijian/pkg/match"
)

// runeSpan from the index says what counting the characters from the start said.
func TestRuneSpan(t *testing.T) {
	s := "您好ab我也没办法x"
	idx := runeIndex(s)
	for start := 0; start <= len(s); start++ {
		for end := start; end <= len(s); end++ {
			if !utf8.RuneStart(s[min(start, len(s)-1)]) && start < len(s) || end < len(s) && !utf8.RuneStart(s[end]) {
				continue
			}
			a := utf8.RuneCountInString(s[:start]) + 1
			b := a + utf8.RuneCountInString(s[start:end]) - 1
			want := ""
			if b <= a {
				want = strconv.Itoa(a)
			} else {
				want = strconv.Itoa(a) + "–" + strconv.Itoa(b)
			}
			if got := runeSpan(idx, match.Span{Start: start, End: end}); got != want {
				t.Errorf("[%d, %d): %s, want %s", start, end, got, want)
			}
		}
	}
}
